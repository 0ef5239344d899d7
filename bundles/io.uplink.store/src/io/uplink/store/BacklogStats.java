package io.uplink.store;

import java.util.Map;

/**
 * The backlog's content at one moment and what it had to give up since it was opened.
 *
 * @param rowsByPriority rows held, per priority (every priority present, zero where empty)
 * @param bytesByPriority stored bytes held, per priority
 * @param oldestTimestampMillis the smallest row timestamp held, or -1 when empty
 * @param lastSequence the highest sequence ever assigned (0 before the first append)
 * @param evictedRows rows evicted by the byte cap or the free-disk guard since open
 * @param evictedBytes their stored bytes
 * @param commits transactions committed since open (appends, deletes, evictions)
 */
public record BacklogStats(Map<io.uplink.core.PersistencePriority, Long> rowsByPriority,
        Map<io.uplink.core.PersistencePriority, Long> bytesByPriority, long oldestTimestampMillis, long lastSequence,
        long evictedRows, long evictedBytes, long commits) {

    public long rows() {
        return this.rowsByPriority.values().stream().mapToLong(Long::longValue).sum();
    }

    public long bytes() {
        return this.bytesByPriority.values().stream().mapToLong(Long::longValue).sum();
    }
}
