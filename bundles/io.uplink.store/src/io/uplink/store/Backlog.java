package io.uplink.store;

import java.util.List;
import java.util.Set;

import io.uplink.core.PersistencePriority;

/**
 * A durable, bounded, ordered backlog of data not yet confirmed delivered. Every method that returns normally has
 * committed its change (a crash right after loses nothing it reported done). Rows are ordered by their sequence,
 * never by timestamp, so a wall-clock jump can neither reorder nor hide rows.
 *
 * <p>Bounds: after every append, rows are evicted (lowest priority first, then oldest sequence) until the stored
 * bytes fit the byte cap and the free-disk guard is met; each evicted row is counted in {@link #stats()}.
 *
 * <p>Implementations are thread-safe. The contract test suite in {@code io.uplink.store.tests} is the
 * specification every implementation must pass.
 */
public interface Backlog extends AutoCloseable {

    /**
     * Appends the rows in one transaction, in list order; returns the sequences assigned, ascending.
     *
     * @throws BacklogFullException when there is no room even after eviction: nothing of this call was stored
     */
    long[] append(List<NewRow> rows) throws BacklogException;

    /**
     * Rows with a sequence greater than {@code afterSequence}, ascending, of the given kinds and at least the given
     * priority; stops after {@code maxRows} rows or before the payload characters would exceed
     * {@code maxPayloadChars} (always returns at least one row when one matches, however long its payload).
     */
    List<StoredRow> read(long afterSequence, Set<RowKind> kinds, PersistencePriority minPriority, int maxRows,
            long maxPayloadChars) throws BacklogException;

    /** Deletes these rows (unknown sequences are ignored) in one transaction; returns how many were deleted. */
    int delete(long[] sequences) throws BacklogException;

    /** Deletes every row with a timestamp before this time (older than the replay age); returns how many. */
    int deleteOlderThan(long timestampMillis) throws BacklogException;

    /** Cheap: kept up to date in memory. */
    BacklogStats stats();

    /** What happened when the store was opened: a damaged store found and set aside is reported here. */
    OpenReport openReport();

    /**
     * How many damaged store files were set aside since open: at open, and at run time (where the store continues
     * with a fresh file and sequences keep increasing). Each one lost the rows it held.
     */
    default long quarantines() {
        return openReport().quarantined() ? 1 : 0;
    }

    /** The latest damaged file set aside (at open or at run time), or {@link OpenReport#CLEAN}. */
    default OpenReport lastQuarantine() {
        return openReport();
    }

    @Override
    void close();

    /**
     * @param quarantinedFile where a damaged store was moved, or null if the store opened cleanly
     * @param reason why it was set aside (null if not)
     */
    record OpenReport(java.nio.file.Path quarantinedFile, String reason) {
        public static final OpenReport CLEAN = new OpenReport(null, null);

        public boolean quarantined() {
            return this.quarantinedFile != null;
        }
    }
}
