package io.uplink.edge.modbus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.SourceHealth;
import io.uplink.core.Unit;
import io.uplink.edge.modbus.internal.ModbusPoller;

/**
 * A Modbus/TCP device read through a register map. Its channels are the map's points plus
 * {@code <component>/ModbusCommunicationFailed} per component (true while the device refuses some of the component's
 * reads, as the OpenEMS Modbus bridge's channel of that name; while the device cannot be reached at all every value
 * is empty and {@link #health()} says why). {@link #read(long)} never touches the network: a
 * poller thread reads the device every {@code pollIntervalMs} and the cycle takes its latest completed values.
 * Read-only. {@link #close()} stops the poller.
 */
public final class ModbusSource implements ChannelSource, AutoCloseable {

    /** Reconnect backoff: the first wait is 0.5–1 s, doubling per failure up to 30 s. */
    public static final long BACKOFF_BASE_MILLIS = 1_000;
    public static final long BACKOFF_MAX_MILLIS = 30_000;

    private final String id;
    private final ModbusMap map;
    private final List<ChannelMetadata> channels;
    private final ModbusPoller poller;
    private final String endpoint;

    /** Loads the spec's map (with the site's unit id) and starts polling. */
    public static ModbusSource open(ModbusSourceSpec spec) throws IOException, ModbusMapException {
        ModbusMap map = ModbusMapFormat.load(spec.mapFile());
        if (spec.unitId().isPresent()) {
            map = map.withDefaultUnitId(spec.unitId().getAsInt());
        }
        ModbusSource source = new ModbusSource(spec.id(), spec.host(), spec.port(), map, BACKOFF_BASE_MILLIS,
                BACKOFF_MAX_MILLIS);
        source.start();
        return source;
    }

    /** A source that polls once {@link #start()} is called. */
    public ModbusSource(String id, String host, int port, ModbusMap map, long backoffBaseMillis,
            long backoffMaxMillis) {
        this.id = Objects.requireNonNull(id, "id");
        this.map = Objects.requireNonNull(map, "map");
        List<ChannelMetadata> all = new ArrayList<>();
        for (ModbusPoint point : map.points()) {
            all.add(point.metadata());
        }
        for (ModbusMap.Component component : map.components()) {
            all.add(ChannelMetadata.builder(new ChannelAddress(component.id(), ModbusMapFormat.COMMUNICATION_FAILED),
                    OpenemsType.BOOLEAN).unit(Unit.NONE).priority(PersistencePriority.HIGH)
                    .text("the device does not answer the reads of this component").build());
        }
        this.channels = List.copyOf(all);
        this.poller = new ModbusPoller(id, host, port, map, backoffBaseMillis, backoffMaxMillis);
        this.endpoint = host + ":" + port;
    }

    public void start() {
        this.poller.start();
    }

    @Override
    public String id() {
        return this.id;
    }

    public ModbusMap map() {
        return this.map;
    }

    @Override
    public List<ChannelMetadata> channels() {
        return this.channels;
    }

    /** The map is fixed while the source runs. */
    @Override
    public long channelsVersion() {
        return 1;
    }

    /** The latest completed poll's values, stamped with the cycle's time; all empty before the first poll. */
    @Override
    public ChannelSnapshot read(long timestampMillis) {
        return new ChannelSnapshot(timestampMillis, this.channels, this.poller.latest().clone());
    }

    @Override
    public void write(ChannelAddress address, Object value) throws ChannelWriteException {
        throw new ChannelWriteException(address, this.channels.stream().anyMatch(c -> c.address().equals(address))
                ? "Modbus channels are read-only" : "no such channel in " + this.id);
    }

    /** The link's details: state, last error, backoff, request counts. */
    public ModbusHealth deviceHealth() {
        return this.poller.health();
    }

    @Override
    public SourceHealth health() {
        ModbusHealth h = this.poller.health();
        return switch (h.state()) {
            case CONNECTING -> new SourceHealth(SourceHealth.State.CONNECTING, "connecting to " + this.endpoint,
                    h.sinceMillis());
            case CONNECTED -> h.refusedLastPoll() > 0
                    ? new SourceHealth(SourceHealth.State.DEGRADED, h.refusedLastPoll() + " request(s) refused, "
                            + "their channels are empty: " + h.lastError(), h.sinceMillis())
                    : new SourceHealth(SourceHealth.State.OK, "", h.sinceMillis());
            case DISCONNECTED -> new SourceHealth(SourceHealth.State.UNAVAILABLE, h.lastError() + "; next attempt in "
                    + Math.max(0, h.nextAttemptMillis() - System.currentTimeMillis()) / 1000 + " s", h.sinceMillis());
            case STOPPED -> new SourceHealth(SourceHealth.State.UNAVAILABLE, "stopped", h.sinceMillis());
        };
    }

    /** The requests one poll sends now (diagnostics, tests). */
    public List<String> plannedRequests() {
        return this.poller.plan().stream().map(Object::toString).toList();
    }

    @Override
    public void close() {
        this.poller.close();
    }

    @Override
    public String toString() {
        return "ModbusSource[" + this.id + ", " + this.map.file() + "]";
    }
}
