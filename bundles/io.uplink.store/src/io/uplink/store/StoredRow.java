package io.uplink.store;

import io.uplink.core.PersistencePriority;

/**
 * A row read back from the backlog.
 *
 * @param sequence assigned on append, strictly increasing and never reused, even across restarts and evictions
 * @param storedBytes what the row costs on disk (the byte cap counts these)
 */
public record StoredRow(long sequence, RowKind kind, PersistencePriority priority, long timestampMillis,
        String payload, int storedBytes) {
}
