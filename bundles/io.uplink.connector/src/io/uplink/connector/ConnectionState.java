package io.uplink.connector;

/** Where the connector stands with the Backend, as a technician reads it. */
public enum ConnectionState {
    /** {@code enabled=false}: no connection, no sending. */
    DISABLED,
    /** A connection attempt is under way. */
    CONNECTING,
    /** The WebSocket is open (the Backend accepted the upgrade). */
    CONNECTED,
    /** The last attempt failed or the link dropped; the next attempt is scheduled. */
    WAITING,
    /** Stopped by the agent (shutdown). */
    STOPPED
}
