package io.uplink.connector.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.core.AccessMode;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.PersistencePriority;

/**
 * The channels of one channel list that qualify for a message (priority at least the threshold, not
 * WRITE_ONLY), with their snapshot positions and wire addresses, computed once per list. The senders keep
 * per-channel state in arrays in this order. Immutable.
 */
final class ChannelLayout {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelLayout.class);

    /** Marks "no value known" in remapped arrays; distinct from a known null value. */
    static final Object MISSING = new Object();

    private final List<ChannelMetadata> source;
    private final int[] positions;
    private final String[] addresses;
    private final ChannelMetadata[] channels;
    private final Map<String, Integer> index;
    private final int[] slots;

    private ChannelLayout(List<ChannelMetadata> source, int[] positions, String[] addresses,
            ChannelMetadata[] channels, Map<String, Integer> index, int[] slots) {
        this.source = source;
        this.positions = positions;
        this.addresses = addresses;
        this.channels = channels;
        this.index = index;
        this.slots = slots;
    }

    /** Selects the qualifying channels; of two channels with the same address the first wins, as in OpenEMS. */
    static ChannelLayout of(List<ChannelMetadata> channels, PersistencePriority threshold) {
        int n = channels.size();
        int[] positions = new int[n];
        String[] addresses = new String[n];
        ChannelMetadata[] metadata = new ChannelMetadata[n];
        Map<String, Integer> index = new HashMap<>(n * 4 / 3 + 1);
        int[] slots = new int[n];
        Arrays.fill(slots, -1);
        int size = 0;
        for (int i = 0; i < n; i++) {
            ChannelMetadata channel = channels.get(i);
            if (channel.accessMode() == AccessMode.WRITE_ONLY || !channel.priority().isAtLeast(threshold)) {
                continue;
            }
            String address = channel.address().toString();
            if (index.putIfAbsent(address, size) != null) {
                LOG.warn("Channel [{}] appears twice in the channel list; only the first is sent", address);
                continue;
            }
            positions[size] = i;
            slots[i] = size;
            addresses[size] = address;
            metadata[size] = channel;
            size++;
        }
        return new ChannelLayout(channels, Arrays.copyOf(positions, size), Arrays.copyOf(addresses, size),
                Arrays.copyOf(metadata, size), index, slots);
    }

    /** True if this layout was computed from exactly this list instance. */
    boolean isFor(List<ChannelMetadata> list) {
        return this.source == list;
    }

    int size() {
        return this.positions.length;
    }

    /** Snapshot index of each qualifying channel. Shared: do not modify. */
    int[] positions() {
        return this.positions;
    }

    /** Wire address of each qualifying channel. Shared: do not modify. */
    String[] addresses() {
        return this.addresses;
    }

    /** The layout position of the channel at this index of the source list, or -1 if it does not qualify. */
    int slotOf(int sourceIndex) {
        return this.slots[sourceIndex];
    }

    ChannelMetadata channel(int k) {
        return this.channels[k];
    }

    /** Position of the address in this layout, or -1. */
    int indexOf(String address) {
        Integer k = this.index.get(address);
        return k == null ? -1 : k;
    }

    /**
     * The values of {@code from}'s order rearranged into this layout's order by address; {@code fill} where
     * {@code from} lacks a channel (or is null).
     */
    Object[] remap(Object[] values, ChannelLayout from, Object fill) {
        Object[] result = new Object[this.size()];
        for (int k = 0; k < result.length; k++) {
            int j = from == null || values == null ? -1 : from.indexOf(this.addresses[k]);
            result[k] = j < 0 ? fill : values[j];
        }
        return result;
    }
}
