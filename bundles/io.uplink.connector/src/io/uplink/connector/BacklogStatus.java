package io.uplink.connector;

import java.util.Map;

import io.uplink.core.PersistencePriority;

/**
 * The on-disk backlog of data not yet confirmed delivered, and its replay.
 *
 * @param available false when the agent runs without a backlog (the views then say "not available")
 * @param mode the replay mode in use
 * @param rowsByPriority rows waiting, per priority
 * @param bytesByPriority their stored bytes, per priority
 * @param oldestRowAgeSeconds age of the oldest row on the agent's clock, or -1 when empty
 * @param evictedRows rows given up to the byte cap or the free-disk guard since start
 * @param evictedBytes their stored bytes
 * @param lostRows rows lost because neither the disk nor the memory reserve could take them
 * @param possibleDuplicates rows that went out once unconfirmed and are kept for replay: they may reach the Backend twice
 * @param liveConfirmed live rows confirmed by a barrier since start
 * @param awaitingConfirmation of the rows above, those that went out live and wait for the next barrier: not a
 *        problem, the Backend most likely has them
 * @param lastSuccessfulResend the {@code LastSuccessfulResend} channel: epoch seconds of the newest confirmed replayed
 *        data, or 0
 * @param replay the replay's progress
 * @param problem the backlog's current problem in plain words (disk full, a damaged store set aside), or null
 */
public record BacklogStatus(boolean available, ReplayMode mode, Map<PersistencePriority, Long> rowsByPriority,
        Map<PersistencePriority, Long> bytesByPriority, long oldestRowAgeSeconds, long evictedRows, long evictedBytes,
        long lostRows, long possibleDuplicates, long liveConfirmed, long awaitingConfirmation, long lastSuccessfulResend,
        ReplayProgress replay, String problem) {

    public static final BacklogStatus NOT_AVAILABLE = new BacklogStatus(false, ReplayMode.OFF, Map.of(), Map.of(), -1,
            0, 0, 0, 0, 0, 0, 0, ReplayProgress.NONE, null);

    public long rows() {
        return this.rowsByPriority.values().stream().mapToLong(Long::longValue).sum();
    }

    public long bytes() {
        return this.bytesByPriority.values().stream().mapToLong(Long::longValue).sum();
    }
}
