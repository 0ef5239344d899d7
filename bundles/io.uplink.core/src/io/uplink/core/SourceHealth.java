package io.uplink.core;

import java.util.Objects;

/**
 * How a channel source is doing right now, for the status line, the log and the workbench.
 *
 * @param state what the source can deliver
 * @param message one line for a technician: what happened and what to check; {@code ""} when all is well
 * @param sinceMillis when the source entered this state (epoch ms); 0 for a source that is always OK
 */
public record SourceHealth(State state, String message, long sinceMillis) {

    /** The state of a source; only {@link #OK} delivers current values. */
    public enum State {
        /** values arrive as expected */
        OK,
        /** not yet connected, or reconnecting after a loss; values are null */
        CONNECTING,
        /** connected, but part of the channels cannot be read (e.g. a component is missing); those are null */
        DEGRADED,
        /** connected, but no data for several cycles (the device's own cycle stalled); values are null */
        STALE,
        /** the device refused the credentials; retried slowly, values are null */
        AUTH_FAILED,
        /** the device cannot be reached or answers wrongly; retried with backoff, values are null */
        UNAVAILABLE
    }

    /** The health of a source that cannot fail, such as the simulated edge. */
    public static final SourceHealth ALWAYS_OK = new SourceHealth(State.OK, "", 0);

    public SourceHealth {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
    }

    public boolean isOk() {
        return this.state == State.OK;
    }

    @Override
    public String toString() {
        return this.message.isEmpty() ? this.state.name() : this.state + ": " + this.message;
    }
}
