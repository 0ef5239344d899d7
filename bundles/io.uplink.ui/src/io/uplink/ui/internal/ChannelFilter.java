package io.uplink.ui.internal;

import java.util.List;
import java.util.Locale;

import io.uplink.connector.ChannelRow;
import io.uplink.core.PersistencePriority;

/**
 * Which rows of the channel table are shown: the address contains the text (case-insensitive), and the
 * priority is the chosen one (null = any).
 */
public record ChannelFilter(String text, PersistencePriority priority) {
    public static final ChannelFilter NONE = new ChannelFilter("", null);

    public ChannelFilter {
        text = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }

    public boolean matches(ChannelRow row) {
        return (priority == null || row.channel().priority() == priority)
                && (text.isEmpty() || row.channel().address().toString().toLowerCase(Locale.ROOT).contains(text));
    }

    /** Indices of the matching rows, in table order (computed off the UI thread). */
    public int[] select(List<ChannelRow> rows) {
        if (text.isEmpty() && priority == null) {
            int[] all = new int[rows.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] matching = new int[rows.size()];
        int count = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (matches(rows.get(i))) {
                matching[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(matching, count);
    }
}
