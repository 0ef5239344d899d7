package io.uplink.connector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.uplink.core.ChannelSnapshot;
import io.uplink.core.PersistencePriority;
import io.uplink.protocol.DataMessageWriter;
import io.uplink.store.NewRow;
import io.uplink.store.RowKind;

/**
 * Turns cycles and windows into backlog rows, one row per priority, so that filtering by threshold and eviction by
 * priority are exact. Raw rows hold the channels of at least {@code resendPriority}: only the values that changed
 * since the previous stored row, and every value once per full interval, which is the live structure the replay
 * keeps (backlog-replay.md §6.2 step 5). {@code _sum/State} and {@code _meta/Version} are never stored: a replayed
 * row must not carry them (§6.2 step 6), and stored rows are only ever replayed. Used from one thread.
 */
final class BacklogRows {

    /** Channels with side effects in the Backend that ignore the row timestamp (§1a). */
    static final Set<String> NEVER_REPLAYED = Set.of("_sum/State", "_meta/Version");

    private static final int PRIORITIES = PersistencePriority.values().length;

    private PersistencePriority threshold;
    private long fullIntervalMillis;
    private ChannelLayout layout;
    private Object[] lastStored;
    private long lastFullMillis = Long.MIN_VALUE;
    private boolean fullRequested = true;

    BacklogRows(PersistencePriority resendPriority, long fullIntervalMillis) {
        this.configure(resendPriority, fullIntervalMillis);
    }

    void configure(PersistencePriority resendPriority, long fullIntervalMillis) {
        if (resendPriority != this.threshold) {
            this.layout = null;
            this.fullRequested = true;
        }
        this.threshold = resendPriority;
        this.fullIntervalMillis = fullIntervalMillis;
    }

    /** The next raw row holds every value (e.g. after rows were lost to a full disk). */
    void requestFull() {
        this.fullRequested = true;
    }

    /** The raw rows of one cycle (empty when nothing changed). */
    List<NewRow> raw(ChannelSnapshot snapshot, long timestampMillis) {
        if (this.layout == null || !this.layout.isFor(snapshot.channels())) {
            ChannelLayout next = ChannelLayout.of(snapshot.channels(), this.threshold);
            this.lastStored = next.remap(this.lastStored, this.layout, ChannelLayout.MISSING);
            this.layout = next;
        }
        int size = this.layout.size();
        boolean full = this.fullRequested || timestampMillis - this.lastFullMillis >= this.fullIntervalMillis
                || timestampMillis < this.lastFullMillis;
        Object[] values = new Object[size];
        int[] positions = this.layout.positions();
        int[][] byPriority = new int[PRIORITIES][size];
        int[] counts = new int[PRIORITIES];
        for (int k = 0; k < size; k++) {
            Object value = snapshot.value(positions[k]);
            values[k] = value;
            if (NEVER_REPLAYED.contains(this.layout.addresses()[k])) {
                continue;
            }
            Object previous = this.lastStored[k];
            if (full || previous == ChannelLayout.MISSING || !CycleSender.same(value, previous)) {
                int rank = this.layout.channel(k).priority().rank();
                byPriority[rank][counts[rank]++] = k;
            }
        }
        this.lastStored = values;
        if (full) {
            this.lastFullMillis = timestampMillis;
            this.fullRequested = false;
        }
        return rows(RowKind.RAW, timestampMillis, this.layout.addresses(), values, byPriority, counts);
    }

    /** The rows of a completed window: its channels (≥ aggregationPriority) split by priority. */
    static List<NewRow> window(Aggregator.Window window) {
        int n = window.valueCount();
        int[][] byPriority = new int[PRIORITIES][n];
        int[] counts = new int[PRIORITIES];
        for (int i = 0; i < n; i++) {
            if (NEVER_REPLAYED.contains(window.addresses()[i])) {
                continue;
            }
            int rank = window.priorities()[i].rank();
            byPriority[rank][counts[rank]++] = i;
        }
        return rows(RowKind.WINDOW, window.windowStartMillis(), window.addresses(), window.values(), byPriority,
                counts);
    }

    private static List<NewRow> rows(RowKind kind, long timestampMillis, String[] addresses, Object[] values,
            int[][] byPriority, int[] counts) {
        List<NewRow> rows = new ArrayList<>(2);
        PersistencePriority[] priorities = PersistencePriority.values();
        for (int rank = PRIORITIES - 1; rank >= 0; rank--) {
            if (counts[rank] > 0) {
                String payload = DataMessageWriter.valuesObject(addresses, values, byPriority[rank], counts[rank]);
                rows.add(new NewRow(kind, priorities[rank], timestampMillis, payload));
            }
        }
        return rows;
    }
}
