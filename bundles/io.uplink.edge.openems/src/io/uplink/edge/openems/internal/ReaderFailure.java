package io.uplink.edge.openems.internal;

import io.uplink.core.SourceHealth;

/** Why a reader stopped: the health state to show and a message for a technician. */
public final class ReaderFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final SourceHealth.State state;

    public ReaderFailure(SourceHealth.State state, String message) {
        super(message);
        this.state = state;
    }

    public ReaderFailure(SourceHealth.State state, String message, Throwable cause) {
        super(message, cause);
        this.state = state;
    }

    public SourceHealth.State state() {
        return this.state;
    }

    public boolean isAuthentication() {
        return this.state == SourceHealth.State.AUTH_FAILED;
    }
}
