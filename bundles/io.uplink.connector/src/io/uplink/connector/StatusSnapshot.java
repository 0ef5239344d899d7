package io.uplink.connector;

import java.time.Instant;

/**
 * The agent's state at one moment.
 *
 * @param state the connection state
 * @param backendUri the Backend URI in use (never with credentials)
 * @param connectedSince when the current connection opened, or null
 * @param nextAttemptAt when the next connection attempt is due while {@link ConnectionState#WAITING}, or null
 * @param lastError the last connection or send problem in plain words, or null
 * @param unableToSend the {@code UnableToSend} state channel
 * @param counters totals since the agent started
 * @param channelCount channels read per cycle (all sources, including the controller's own)
 * @param lastCycleNanos CPU-side duration of the last cycle (sample, delta, encode)
 * @param lastDiagnosis the code of {@code lastError}; while connected {@link Diagnosis#TLS_CERT_EXPIRES_SOON} when
 *        the Backend's certificate expires within {@code tlsExpiryWarningDays}; otherwise null
 * @param failedAttempts consecutive failed connection attempts (a link that closed within a minute counts as one)
 *        since the last healthy connection: the backoff's count, so the attempt under way while
 *        {@link ConnectionState#CONNECTING} is number {@code failedAttempts + 1}
 */
public record StatusSnapshot(ConnectionState state, String backendUri, Instant connectedSince, Instant nextAttemptAt,
        String lastError, boolean unableToSend, Counters counters, int channelCount, long lastCycleNanos,
        Diagnosis lastDiagnosis, int failedAttempts) {

    /** Without the failure count. */
    public StatusSnapshot(ConnectionState state, String backendUri, Instant connectedSince, Instant nextAttemptAt,
            String lastError, boolean unableToSend, Counters counters, int channelCount, long lastCycleNanos,
            Diagnosis lastDiagnosis) {
        this(state, backendUri, connectedSince, nextAttemptAt, lastError, unableToSend, counters, channelCount,
                lastCycleNanos, lastDiagnosis, 0);
    }

    /** Without a diagnosis (for readers built before diagnosis codes). */
    public StatusSnapshot(ConnectionState state, String backendUri, Instant connectedSince, Instant nextAttemptAt,
            String lastError, boolean unableToSend, Counters counters, int channelCount, long lastCycleNanos) {
        this(state, backendUri, connectedSince, nextAttemptAt, lastError, unableToSend, counters, channelCount,
                lastCycleNanos, null, 0);
    }

    /**
     * Totals since start. {@code droppedCycles}: cycles not sent because there was no connection;
     * {@code droppedAggregates}: 5-minute aggregates not sent for the same reason.
     */
    public record Counters(long connects, long messagesSent, long bytesSent, long valuesSent, long fullSnapshots,
            long deltaMessages, long aggregatedMessages, long droppedCycles, long sendFailures, long requestsHandled,
            long requestsFailed, long messagesReceived, long droppedAggregates) {

        public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
