package io.uplink.management.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.uplink.connector.ChannelRow;

/**
 * What one watcher still lacks of the channel table: the agent remembers, per connection, the row it last delivered
 * at each index and answers with the rows that differ since. A refresh of 10,000 channels then costs the rows that
 * changed in the last cycles instead of the whole table (about 65 kB instead of 893 kB at 10,080 simulated
 * channels). Indices stay valid until the channel list itself changes (another source, a channel more or less, a new
 * order); then the whole table is sent again and the answer says {@code reset}.
 * <p>
 * An answer holds at most {@code limit} rows; the next one goes on where it stopped, round the table, so rows that
 * change every cycle cannot starve the ones after them.
 * <p>
 * Every answer has a serial number, and the watcher says which answer it applied last ({@code after}). When that is
 * not the latest one (an answer lost to a timeout, or two requests that overlapped), what this side counts as
 * delivered is not what the watcher has, and the answer is a reset. Thread-safe.
 */
public final class ChannelTableChanges {

    /**
     * One answer: {@code rows.get(i)} belongs at {@code indices[i]} of a table of {@code total} rows. Rows whose
     * channel (metadata) the watcher already has are marked in {@code valueOnly}: only their value, last sent time
     * and kind need to travel.
     */
    public record Changes(long serial, int total, boolean reset, int[] indices, List<ChannelRow> rows, boolean[] valueOnly,
            boolean more) {
    }

    /** {@code after} of a watcher that does not say (a script): no check. */
    public static final long UNKNOWN = -1;

    private ChannelRow[] delivered = new ChannelRow[0];
    /** Where the previous limited answer stopped. */
    private int cursor;
    /** Rows of the current table not yet delivered since the last reset. */
    private int undelivered;
    /** The serial of the last answer. */
    private long serial;

    /**
     * The changes of {@code table} since the last answer.
     *
     * @param restart send everything again (the watcher lost its copy)
     * @param after the serial of the last answer the watcher applied, or {@link #UNKNOWN}
     */
    public synchronized Changes next(List<ChannelRow> table, int limit, boolean restart, long after) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        int total = table.size();
        boolean reset = restart || (after != UNKNOWN && after != serial) || !sameChannels(table);
        if (reset) {
            delivered = new ChannelRow[total];
            undelivered = total;
            cursor = 0;
        }
        int[] indices = new int[Math.min(limit, total)];
        boolean[] valueOnly = new boolean[indices.length];
        List<ChannelRow> rows = new ArrayList<>(indices.length);
        int scanned = 0;
        int index = cursor;
        while (scanned < total && rows.size() < limit) {
            ChannelRow row = table.get(index);
            ChannelRow before = delivered[index];
            if (!row.equals(before)) {
                if (before == null) {
                    undelivered--;
                } else {
                    valueOnly[rows.size()] = row.channel().equals(before.channel());
                }
                delivered[index] = row;
                indices[rows.size()] = index;
                rows.add(row);
            }
            scanned++;
            index = index + 1 == total ? 0 : index + 1;
        }
        boolean more = scanned < total && rows.size() == limit;
        cursor = more ? index : 0;
        // the last answer of a reset must complete the watcher's copy
        more |= undelivered > 0;
        int used = rows.size();
        serial++;
        return new Changes(serial, total, reset, Arrays.copyOf(indices, used), rows, Arrays.copyOf(valueOnly, used), more);
    }

    /** Same channels at the same indices as delivered (values and metadata aside). */
    private boolean sameChannels(List<ChannelRow> table) {
        if (table.size() != delivered.length) {
            return false;
        }
        for (int i = 0; i < delivered.length; i++) {
            ChannelRow before = delivered[i];
            if (before != null && !before.channel().address().equals(table.get(i).channel().address())) {
                return false;
            }
        }
        return true;
    }
}
