package io.uplink.management.internal;

import java.util.List;

import io.uplink.connector.ChannelRow;

/**
 * The workbench's copy of a device's channel table, kept up to date from the answers of
 * {@link ChannelTableChanges}. Not thread-safe: its owner serialises the refreshes.
 */
public final class ChannelTableMirror {
    private ChannelRow[] rows;
    private int missing;

    /**
     * Applies one answer.
     *
     * @throws IllegalStateException when the answer does not fit the copy (an answer without reset while this has
     *         no copy or one of another size, an index out of range); the copy is dropped and the caller must ask for
     *         everything again
     */
    public void apply(int total, boolean reset, int[] indices, List<ChannelRow> changed) {
        if (indices.length != changed.size()) {
            throw invalid("rows and indices differ in number: " + changed.size() + " rows, " + indices.length + " indices");
        }
        if (reset) {
            rows = new ChannelRow[total];
            missing = total;
        } else if (rows == null || rows.length != total) {
            throw invalid("changes for a table of " + total + " rows without the table");
        }
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            if (index < 0 || index >= total) {
                throw invalid("row index " + index + " outside a table of " + total + " rows");
            }
            if (rows[index] == null) {
                missing--;
            }
            rows[index] = changed.get(i);
        }
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
