package io.uplink.edge.modbus;

/**
 * How a Modbus device is doing, for the status line and the workbench.
 *
 * @param state the link's state
 * @param sinceMillis when the link entered this state (epoch ms)
 * @param lastError the last failure (connect, timeout, device exception), {@code ""} if none yet
 * @param consecutiveFailures failed polls in a row; the reconnect backoff grows with it
 * @param nextAttemptMillis when the next connect is tried while DISCONNECTED (epoch ms), else 0
 * @param polls completed polls
 * @param requests requests sent
 * @param failedRequests requests answered with an exception, or not at all
 * @param lastPollMillis wall time of the last poll (all requests), ms
 * @param refusedLastPoll requests of the last completed poll that the device answered with an exception
 */
public record ModbusHealth(State state, long sinceMillis, String lastError, int consecutiveFailures,
        long nextAttemptMillis, long polls, long requests, long failedRequests, double lastPollMillis,
        int refusedLastPoll) {

    public enum State {
        /** Not connected yet. */
        CONNECTING,
        /** The last poll reached the device (it may still have refused some reads). */
        CONNECTED,
        /** The last connect or poll failed; waiting for the next attempt. */
        DISCONNECTED,
        /** Closed. */
        STOPPED
    }

    public boolean connected() {
        return this.state == State.CONNECTED;
    }
}
