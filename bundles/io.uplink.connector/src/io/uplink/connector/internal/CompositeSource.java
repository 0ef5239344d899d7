package io.uplink.connector.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.SourceHealth;

/**
 * Several channel sources seen as one: channels source by source in the given order, writes routed to the source
 * that owns the address. The merged channel list is rebuilt only when a part's {@link #channelsVersion()}
 * changes (or a part's snapshot no longer matches its list); then an address offered by two sources is an
 * {@link IllegalArgumentException} naming it and both sources, and the old layout stays in force. Thread-safe.
 */
public final class CompositeSource implements ChannelSource {

    private final String id;
    private final List<ChannelSource> parts;
    private final Object rebuildLock = new Object();
    private volatile Layout layout;

    /** The merged state of one combination of the parts' channel lists. */
    private record Layout(long version, long[] partVersions, List<List<ChannelMetadata>> partChannels,
            List<ChannelMetadata> channels, Map<ChannelAddress, ChannelSource> owners) {
    }

    /** A composite with id {@code "allChannels"}. */
    public CompositeSource(List<? extends ChannelSource> parts) {
        this("allChannels", parts);
    }

    /** @throws IllegalArgumentException if two parts offer the same address */
    public CompositeSource(String id, List<? extends ChannelSource> parts) {
        this.id = Objects.requireNonNull(id, "id");
        this.parts = List.copyOf(parts);
        List<List<ChannelMetadata>> lists = new ArrayList<>(this.parts.size());
        long[] versions = new long[this.parts.size()];
        for (int p = 0; p < versions.length; p++) {
            versions[p] = this.parts.get(p).channelsVersion();
            lists.add(this.parts.get(p).channels());
        }
        this.layout = this.build(1, versions, lists);
    }

    @Override
    public String id() {
        return this.id;
    }

    /** The parts in merge order. */
    public List<ChannelSource> parts() {
        return this.parts;
    }

    @Override
    public List<ChannelMetadata> channels() {
        return this.refresh().channels;
    }

    @Override
    public long channelsVersion() {
        return this.refresh().version;
    }

    /**
     * Rebuilds the merged channel list if any part's channel set changed.
     *
     * @throws IllegalArgumentException if two parts now offer the same address
     */
    public void refreshChannels() {
        this.refresh();
    }

    private Layout refresh() {
        Layout current = this.layout;
        if (this.versionsMatch(current)) {
            return current;
        }
        synchronized (this.rebuildLock) {
            current = this.layout;
            if (this.versionsMatch(current)) {
                return current;
            }
            long[] versions = new long[this.parts.size()];
            List<List<ChannelMetadata>> lists = new ArrayList<>(versions.length);
            for (int p = 0; p < versions.length; p++) {
                versions[p] = this.parts.get(p).channelsVersion();
                lists.add(this.parts.get(p).channels());
            }
            this.layout = this.build(current.version + 1, versions, lists);
            return this.layout;
        }
    }

    private boolean versionsMatch(Layout current) {
        for (int p = 0; p < current.partVersions.length; p++) {
            if (this.parts.get(p).channelsVersion() != current.partVersions[p]) {
                return false;
            }
        }
        return true;
    }

    private Layout build(long version, long[] versions, List<List<ChannelMetadata>> lists) {
        int total = lists.stream().mapToInt(List::size).sum();
        List<ChannelMetadata> merged = new ArrayList<>(total);
        Map<ChannelAddress, ChannelSource> owners = new HashMap<>(total * 4 / 3 + 1);
        for (int p = 0; p < lists.size(); p++) {
            ChannelSource part = this.parts.get(p);
            for (ChannelMetadata channel : lists.get(p)) {
                ChannelSource previous = owners.putIfAbsent(channel.address(), part);
                if (previous != null) {
                    throw new IllegalArgumentException("Channel [" + channel.address() + "] is offered by both ["
                            + previous.id() + "] and [" + part.id() + "]; each address must have one source");
                }
                merged.add(channel);
            }
        }
        return new Layout(version, versions, List.copyOf(lists), List.copyOf(merged), Map.copyOf(owners));
    }

    /**
     * Reads every part for the same time and copies the values into one snapshot. If a part's snapshot does not
     * match the list this layout was built from (its channels changed between the version check and the read),
     * the layout is rebuilt from the snapshots' own lists.
     */
    @Override
    public ChannelSnapshot read(long timestampMillis) {
        Layout current = this.refresh();
        ChannelSnapshot[] snapshots = new ChannelSnapshot[this.parts.size()];
        boolean stale = false;
        for (int p = 0; p < snapshots.length; p++) {
            snapshots[p] = this.parts.get(p).read(timestampMillis);
            List<ChannelMetadata> expected = current.partChannels.get(p);
            List<ChannelMetadata> actual = snapshots[p].channels();
            stale |= actual != expected && !actual.equals(expected);
        }
        if (stale) {
            current = this.rebuildFrom(current, snapshots);
        }
        Object[] values = new Object[current.channels.size()];
        int offset = 0;
        for (ChannelSnapshot snapshot : snapshots) {
            int size = snapshot.size();
            for (int i = 0; i < size; i++) {
                values[offset + i] = snapshot.value(i);
            }
            offset += size;
        }
        return new ChannelSnapshot(timestampMillis, current.channels, values);
    }

    private Layout rebuildFrom(Layout stale, ChannelSnapshot[] snapshots) {
        synchronized (this.rebuildLock) {
            long[] versions = new long[snapshots.length];
            List<List<ChannelMetadata>> lists = new ArrayList<>(snapshots.length);
            for (int p = 0; p < snapshots.length; p++) {
                // the next version check rebuilds again if the version moved on after this read
                versions[p] = this.parts.get(p).channelsVersion();
                lists.add(snapshots[p].channels());
            }
            this.layout = this.build(Math.max(stale.version, this.layout.version) + 1, versions, lists);
            return this.layout;
        }
    }

    /** Routes the write to the source that owns the address. */
    @Override
    public void write(ChannelAddress address, Object value) throws ChannelWriteException {
        Objects.requireNonNull(address, "address");
        ChannelSource owner = this.refresh().owners.get(address);
        if (owner == null) {
            throw new ChannelWriteException(address, "no such channel in " + this.id);
        }
        owner.write(address, value);
    }

    /** The first part that is not OK, its id in front of the message; OK when all are. */
    @Override
    public SourceHealth health() {
        for (ChannelSource part : this.parts) {
            SourceHealth health = part.health();
            if (!health.isOk()) {
                return new SourceHealth(health.state(), part.id() + ": " + health.message(), health.sinceMillis());
            }
        }
        return SourceHealth.ALWAYS_OK;
    }

    @Override
    public String toString() {
        return "CompositeSource[" + this.id + ", " + this.parts.stream().map(ChannelSource::id).toList() + "]";
    }
}
