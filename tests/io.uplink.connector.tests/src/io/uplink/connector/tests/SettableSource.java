package io.uplink.connector.tests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelWriteException;

/**
 * A channel source for unit tests: the test sets values, replaces the channel set (which bumps the version),
 * records writes and can make writes to one channel fail.
 */
class SettableSource implements ChannelSource {

    private final String id;
    private List<ChannelMetadata> channels;
    private long version = 1;
    private final Map<ChannelAddress, Object> values = new HashMap<>();
    private final List<String> writes = new ArrayList<>();
    private ChannelAddress failing;

    SettableSource(String id, List<ChannelMetadata> channels) {
        this.id = id;
        this.channels = List.copyOf(channels);
    }

    synchronized SettableSource set(String address, Object value) {
        this.values.put(ChannelAddress.parse(address), value);
        return this;
    }

    synchronized void replaceChannels(List<ChannelMetadata> newChannels) {
        this.channels = List.copyOf(newChannels);
        this.version++;
    }

    synchronized void failWritesTo(String address) {
        this.failing = address == null ? null : ChannelAddress.parse(address);
    }

    synchronized List<String> writes() {
        return List.copyOf(this.writes);
    }

    synchronized Object written(String address) {
        return this.values.get(ChannelAddress.parse(address));
    }

    @Override
    public String id() {
        return this.id;
    }

    @Override
    public synchronized List<ChannelMetadata> channels() {
        return this.channels;
    }

    @Override
    public synchronized long channelsVersion() {
        return this.version;
    }

    @Override
    public synchronized ChannelSnapshot read(long timestampMillis) {
        Object[] snapshot = new Object[this.channels.size()];
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = this.values.get(this.channels.get(i).address());
        }
        return new ChannelSnapshot(timestampMillis, this.channels, snapshot);
    }

    @Override
    public synchronized void write(ChannelAddress address, Object value) throws ChannelWriteException {
        if (address.equals(this.failing)) {
            throw new ChannelWriteException(address, "device refused the value");
        }
        if (this.channels.stream().noneMatch(c -> c.address().equals(address))) {
            throw new ChannelWriteException(address, "no such channel in " + this.id);
        }
        this.values.put(address, value);
        this.writes.add(address + ":" + value);
    }
}
