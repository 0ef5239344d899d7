package io.uplink.connector.internal;

import java.io.IOException;

import io.uplink.connector.Diagnosis;

/** A failed connection attempt with its diagnosis; the message is the one line for the technician. */
public final class DiagnosedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Diagnosis diagnosis;

    public DiagnosedException(Diagnosis diagnosis, String message, Throwable cause) {
        super(message, cause);
        this.diagnosis = diagnosis;
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }
}
