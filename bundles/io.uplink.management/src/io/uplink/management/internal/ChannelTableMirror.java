package io.uplink.management.internal;

import java.util.List;

import io.uplink.connector.ChannelRow;
import io.uplink.core.ChannelMetadata;

/**
 * The workbench's copy of a device's channel table, kept up to date from the answers of
 * {@link ChannelTableChanges}. Not thread-safe: its owner serialises the refreshes.
 */
public final class ChannelTableMirror {
    /** More channels than any device has: a larger {@code total} is a broken answer, not a table to allocate. */
    public static final int MAX_ROWS = 1_000_000;

    private ChannelRow[] rows;
    private int missing;

    /**
     * Applies one answer's whole rows (new ones, and those whose channel changed).
     *
     * @throws IllegalStateException when the answer does not fit the copy (an answer without reset while this has
     *         no copy or one of another size, an index out of range); the copy is dropped and the caller must ask for
     *         everything again
     */
    public void apply(int total, boolean reset, int[] indices, List<ChannelRow> changed) {
        if (indices.length != changed.size()) {
            throw invalid("rows and indices differ in number: " + changed.size() + " rows, " + indices.length + " indices");
        }
        if (total < 0 || total > MAX_ROWS) {
            throw invalid("a table of " + total + " rows (at most " + MAX_ROWS + ")");
        }
        if (reset) {
            rows = new ChannelRow[total];
            missing = total;
        } else if (rows == null || rows.length != total) {
            throw invalid("changes for a table of " + total + " rows without the table");
        }
        for (int i = 0; i < indices.length; i++) {
            int index = checked(indices[i], total);
            if (rows[index] == null) {
                missing--;
            }
            rows[index] = changed.get(i);
        }
    }

    /** The channel of a row here, to read a new value of it. */
    public ChannelMetadata channel(int index) {
        return here(index).channel();
    }

    /** A new value, last sent time and kind for a row here; its channel stays. */
    public void update(int index, Object value, long lastSentMillis, ChannelRow.SentAs sentAs) {
        rows[index] = new ChannelRow(here(index).channel(), value, lastSentMillis, sentAs);
    }

    private ChannelRow here(int index) {
        ChannelRow row = rows == null ? null : rows[checked(index, rows.length)];
        if (row == null) {
            throw invalid("a new value for row " + index + ", which has not arrived");
        }
        return row;
    }

    private int checked(int index, int total) {
        if (index < 0 || index >= total) {
            throw invalid("row index " + index + " outside a table of " + total + " rows");
        }
        return index;
    }

    /** Whether there is a copy, complete or still arriving: else the next request must ask for everything. */
    public boolean hasTable() {
        return rows != null;
    }

    /** Whether every row arrived since the last reset. */
    public boolean complete() {
        return rows != null && missing == 0;
    }

    /** The table; only while {@link #complete()}. */
    public List<ChannelRow> table() {
        if (!complete()) {
            throw new IllegalStateException("the table is not complete yet");
        }
        return List.of(rows);
    }

    /** Forgets the copy: the next answer must be a reset. */
    public void clear() {
        rows = null;
        missing = 0;
    }

    private IllegalStateException invalid(String why) {
        clear();
        return new IllegalStateException(why);
    }

    @Override
    public String toString() {
        return rows == null ? "no table" : rows.length + " rows, " + missing + " missing";
    }
}
