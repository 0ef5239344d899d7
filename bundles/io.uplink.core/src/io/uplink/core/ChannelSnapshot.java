package io.uplink.core;

import java.util.List;
import java.util.Objects;

/**
 * The values of all channels of one source at one cycle, aligned by index with {@link #channels()}.
 * Built for 100,000 channels per cycle: the value array is taken over, not copied, so the creator must not
 * change it afterwards; readers get values only through {@link #value(int)}.
 */
public final class ChannelSnapshot {

    private final long timestampMillis;
    private final List<ChannelMetadata> channels;
    private final Object[] values;

    /**
     * @param channels the channel list (kept as given; pass an unmodifiable list)
     * @param values canonical values (see {@link ChannelValues}), one per channel; ownership passes to the
     *        snapshot
     */
    public ChannelSnapshot(long timestampMillis, List<ChannelMetadata> channels, Object[] values) {
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(values, "values");
        if (channels.size() != values.length) {
            throw new IllegalArgumentException(
                    "Snapshot has " + channels.size() + " channels but " + values.length + " values");
        }
        this.timestampMillis = timestampMillis;
        this.channels = channels;
        this.values = values;
    }

    public long timestampMillis() {
        return this.timestampMillis;
    }

    public List<ChannelMetadata> channels() {
        return this.channels;
    }

    public int size() {
        return this.values.length;
    }

    public ChannelMetadata channel(int index) {
        return this.channels.get(index);
    }

    public Object value(int index) {
        return this.values[index];
    }

    @Override
    public String toString() {
        return "ChannelSnapshot[timestampMillis=" + this.timestampMillis + ", size=" + this.values.length + "]";
    }
}
