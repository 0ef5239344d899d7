package io.uplink.connector;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the technician should be able to look back at: the connection opening or failing, UnableToSend
 * changing, a configuration change. Messages are plain words and never hold a secret.
 *
 * @param time when it happened (the agent's clock)
 * @param kind what happened
 * @param message details, e.g. the diagnosis of a failed connection attempt
 */
public record StatusEvent(Instant time, Kind kind, String message) {

    public StatusEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    public enum Kind {
        /** The WebSocket to the Backend opened. */
        CONNECTED,
        /** An open connection closed or died. */
        CONNECTION_LOST,
        /** A connection attempt failed; the message is its diagnosis. */
        CONNECT_FAILED,
        /** {@code UnableToSend} went from false to true. */
        UNABLE_TO_SEND_RAISED,
        /** {@code UnableToSend} went from true to false. */
        UNABLE_TO_SEND_CLEARED,
        /** A configuration change was validated and applied. */
        CONFIGURATION_APPLIED,
        /** Someone asked to connect now: the reconnect wait was cut short and the attempt made at once. */
        CONNECT_NOW
    }
}
