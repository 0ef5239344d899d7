package io.uplink.management;

import java.io.IOException;

/** Attaching to a device failed; {@link #reason()} says why in a way the dialog can act on. */
public final class ManagementException extends IOException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The device refused the token. */
        WRONG_TOKEN,
        /** Too many wrong tokens from this laptop: wait. */
        RATE_LIMITED,
        /** TLS: the device presented a certificate nobody has confirmed yet; {@link #fingerprint()} is it. */
        UNCONFIRMED_FINGERPRINT,
        /** TLS: the device presented another certificate than the one pinned. */
        FINGERPRINT_MISMATCH,
        /** Nothing listens on the port: the agent does not run, or runs without --management. */
        ENDPOINT_OFF,
        /** No answer: wrong address, cable, firewall. */
        UNREACHABLE,
        /** TLS was asked for, the device's endpoint speaks plain WebSocket, or the other way round. */
        TLS_MISMATCH,
        /** Anything else; the message says what. */
        PROTOCOL
    }

    private final Reason reason;
    private final String fingerprint;

    public ManagementException(Reason reason, String message, String fingerprint, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.fingerprint = fingerprint;
    }

    public ManagementException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The certificate fingerprint the device presented (TLS), or null. */
    public String fingerprint() {
        return fingerprint;
    }
}
