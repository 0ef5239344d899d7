package io.uplink.core;

import java.util.List;

/** Something that provides channels: a simulation, a Modbus device, … Implementations are thread-safe. */
public interface ChannelSource {

    /** A stable identifier for logs and the UI. */
    String id();

    /** All channels in a stable order; the list is unmodifiable and changes only with {@link #channelsVersion()}. */
    List<ChannelMetadata> channels();

    /** Increases whenever the channel set changes, so callers can rebuild their per-channel state. */
    long channelsVersion();

    /** One consistent snapshot of all channels, aligned with {@link #channels()}, taken for the given time. */
    ChannelSnapshot read(long timestampMillis);

    /**
     * Writes a value (see {@link ChannelValues}; {@code null} clears a previously written value).
     *
     * @throws ChannelWriteException if the channel is unknown, not writable, or the value does not fit its type
     */
    void write(ChannelAddress address, Object value) throws ChannelWriteException;

    /**
     * Whether the device behind this source delivers values. A source whose device is down still answers
     * {@link #read(long)} (with {@code null} values) and says why here; it never throws for that.
     */
    default SourceHealth health() {
        return SourceHealth.ALWAYS_OK;
    }
}
