package io.uplink.agent.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.connector.ConfigException;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.SourceHealth;

/**
 * The agent's channel sources seen as one. A collision (an address offered by two sources, or a channel of the
 * connector's own component) is refused at start when the sources already show it; a source whose channels appear
 * later (an OpenEMS Edge enumerates after connecting) cannot stop the agent with one: the later source's channel
 * is left out and the health names both, every cycle, until the collision is gone. The merged list is rebuilt only
 * when a part's channel set changes, so it stays one instance in between. Thread-safe; closes its parts.
 */
public final class SourceSet implements ChannelSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSet.class);

    private final List<ChannelSource> parts;
    private final String reservedComponent;
    private final Object lock = new Object();
    private volatile Layout layout;

    /** @param indexes per part: each of its channels' index in the merged list, or -1 when left out */
    private record Layout(long version, long[] partVersions, List<List<ChannelMetadata>> partChannels,
            List<ChannelMetadata> channels, int[][] indexes, Map<ChannelAddress, ChannelSource> owners,
            List<String> collisions) {
    }

    /**
     * @param reservedComponent the connector's component id ({@code ctrlBackend0}); a source's channels of that
     *        component would collide with the connector's own
     * @throws ConfigException naming both owners if the sources already collide
     */
    public SourceSet(List<? extends ChannelSource> parts, String reservedComponent) throws ConfigException {
        this.parts = List.copyOf(parts);
        this.reservedComponent = Objects.requireNonNull(reservedComponent, "reservedComponent");
        Layout first = this.build(1);
        if (!first.collisions.isEmpty()) {
            throw new ConfigException("source", first.collisions.get(0));
        }
        this.layout = first;
    }

    public List<ChannelSource> parts() {
        return this.parts;
    }

    @Override
    public String id() {
        return this.parts.size() == 1 ? this.parts.get(0).id() : "sources";
    }

    @Override
    public List<ChannelMetadata> channels() {
        return this.refresh().channels;
    }

    @Override
    public long channelsVersion() {
        return this.refresh().version;
    }

    @Override
    public ChannelSnapshot read(long timestampMillis) {
        Layout current = this.refresh();
        ChannelSnapshot[] snapshots = new ChannelSnapshot[this.parts.size()];
        boolean stale = false;
        for (int p = 0; p < snapshots.length; p++) {
            snapshots[p] = this.parts.get(p).read(timestampMillis);
            stale |= snapshots[p].channels() != current.partChannels.get(p);
        }
        if (stale) {
            // a part's channels changed between the version check and its read: lay out what was read
            current = this.rebuild(snapshots);
        }
        Object[] values = new Object[current.channels.size()];
        for (int p = 0; p < snapshots.length; p++) {
            int[] indexes = current.indexes[p];
            for (int i = 0; i < indexes.length; i++) {
                if (indexes[i] >= 0) {
                    values[indexes[i]] = snapshots[p].value(i);
                }
            }
        }
        return new ChannelSnapshot(timestampMillis, current.channels, values);
    }

    @Override
    public void write(ChannelAddress address, Object value) throws ChannelWriteException {
        ChannelSource owner = this.refresh().owners.get(Objects.requireNonNull(address, "address"));
        if (owner == null) {
            throw new ChannelWriteException(address, "no such channel in " + this.id());
        }
        owner.write(address, value);
    }

    /** A collision first (it loses data), then the first part that is not OK, its id in front of the message. */
    @Override
    public SourceHealth health() {
        Layout current = this.refresh();
        if (!current.collisions.isEmpty()) {
            return new SourceHealth(SourceHealth.State.DEGRADED, String.join("; ", current.collisions), 1);
        }
        for (ChannelSource part : this.parts) {
            SourceHealth health = part.health();
            if (!health.isOk()) {
                return this.parts.size() == 1 ? health
                        : new SourceHealth(health.state(), part.id() + ": " + health.message(), health.sinceMillis());
            }
        }
        return SourceHealth.ALWAYS_OK;
    }

    private Layout refresh() {
        Layout current = this.layout;
        for (int p = 0; p < current.partVersions.length; p++) {
            if (this.parts.get(p).channelsVersion() != current.partVersions[p]) {
                synchronized (this.lock) {
                    this.layout = this.build(this.layout.version + 1);
                    return this.layout;
                }
            }
        }
        return current;
    }

    private Layout rebuild(ChannelSnapshot[] snapshots) {
        synchronized (this.lock) {
            List<List<ChannelMetadata>> lists = new ArrayList<>();
            long[] versions = new long[snapshots.length];
            for (int p = 0; p < snapshots.length; p++) {
                versions[p] = this.parts.get(p).channelsVersion();
                lists.add(snapshots[p].channels());
            }
            this.layout = this.merge(this.layout.version + 1, versions, lists);
            return this.layout;
        }
    }

    private Layout build(long version) {
        long[] versions = new long[this.parts.size()];
        List<List<ChannelMetadata>> lists = new ArrayList<>();
        for (int p = 0; p < versions.length; p++) {
            versions[p] = this.parts.get(p).channelsVersion();
            lists.add(this.parts.get(p).channels());
        }
        return this.merge(version, versions, lists);
    }

    private Layout merge(long version, long[] versions, List<List<ChannelMetadata>> lists) {
        List<ChannelMetadata> merged = new ArrayList<>();
        Map<ChannelAddress, ChannelSource> owners = new HashMap<>();
        List<String> collisions = new ArrayList<>();
        int[][] indexes = new int[lists.size()][];
        for (int p = 0; p < lists.size(); p++) {
            ChannelSource part = this.parts.get(p);
            List<ChannelMetadata> list = lists.get(p);
            indexes[p] = new int[list.size()];
            Arrays.fill(indexes[p], -1);
            for (int i = 0; i < list.size(); i++) {
                ChannelAddress address = list.get(i).address();
                if (address.componentId().equals(this.reservedComponent)) {
                    collisions.add("Channel [" + address + "] of [" + part.id() + "] collides with the connector's own"
                            + " component [" + this.reservedComponent + "]; it is left out (give the connector another id)");
                    continue;
                }
                ChannelSource previous = owners.putIfAbsent(address, part);
                if (previous != null) {
                    collisions.add("Channel [" + address + "] is offered by both [" + previous.id() + "] and ["
                            + part.id() + "]; [" + part.id() + "]'s is left out: each address must have one source");
                    continue;
                }
                indexes[p][i] = merged.size();
                merged.add(list.get(i));
            }
        }
        if (!collisions.isEmpty() && this.layout != null) {
            LOG.error("Channel address collision: {}", collisions.size() == 1 ? collisions.get(0)
                    : collisions.get(0) + " (and " + (collisions.size() - 1) + " more)");
        }
        return new Layout(version, versions, List.copyOf(lists), List.copyOf(merged), indexes, Map.copyOf(owners),
                List.copyOf(collisions.size() > 20 ? collisions.subList(0, 20) : collisions));
    }

    @Override
    public void close() {
        for (ChannelSource part : this.parts) {
            if (part instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("Closing source {} failed: {}", part.id(), e.toString());
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SourceSet" + this.parts.stream().map(ChannelSource::id).toList();
    }
}
