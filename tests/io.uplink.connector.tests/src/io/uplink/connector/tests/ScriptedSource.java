package io.uplink.connector.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelValues;
import io.uplink.core.ChannelWriteException;

/**
 * A channel source whose values the test sets: a real {@link ChannelSource} with known values, so that what
 * arrives at the Backend can be compared with hand-computed expectations.
 */
final class ScriptedSource implements ChannelSource {
    private final List<ChannelMetadata> channels;
    private final Map<ChannelAddress, Object> values = new LinkedHashMap<>();
    private final List<String> writes = new ArrayList<>();
    private volatile boolean failWrites;

    ScriptedSource(List<ChannelMetadata> channels) {
        this.channels = List.copyOf(channels);
        channels.forEach(c -> values.put(c.address(), null));
    }

    synchronized void set(String address, Object value) {
        ChannelAddress key = ChannelAddress.parse(address);
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("no channel " + address);
        }
        values.put(key, value);
    }

    /** Makes every write fail, as a device that refuses a set point does. */
    void failWrites(boolean fail) {
        failWrites = fail;
    }

    synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public String id() {
        return "scripted";
    }

    @Override
    public List<ChannelMetadata> channels() {
        return channels;
    }

    @Override
    public long channelsVersion() {
        return 1;
    }

    @Override
    public synchronized ChannelSnapshot read(long timestampMillis) {
        Object[] snapshot = new Object[channels.size()];
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = values.get(channels.get(i).address());
        }
        return new ChannelSnapshot(timestampMillis, channels, snapshot);
    }

    @Override
    public synchronized void write(ChannelAddress address, Object value) throws ChannelWriteException {
        ChannelMetadata channel = channels.stream().filter(c -> c.address().equals(address)).findFirst()
                .orElseThrow(() -> new ChannelWriteException(address, "unknown channel"));
        if (!channel.isWritable()) {
            throw new ChannelWriteException(address, "not writable");
        }
        if (failWrites) {
            throw new ChannelWriteException(address, "the device refused the write");
        }
        Object normalized = ChannelValues.normalize(channel.type(), value);
        values.put(address, normalized);
        writes.add(address + ":" + normalized);
    }
}
