package io.uplink.edge.modbus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed, validated register map ({@code uplink.modbus-map/1}): the points of one device model and how the
 * device wants to be read. Site settings (host, port, unit id) are not part of it; see {@link ModbusSourceSpec}.
 *
 * @param file the file it was read from, for messages
 * @param device free text describing the device (vendor, model)
 * @param components the OpenEMS-style components the points belong to
 * @param transport request limits and timing
 */
public record ModbusMap(String file, String device, List<Component> components, List<ModbusPoint> points,
        Transport transport) {

    /** A component the points belong to (its id is the first part of their channel addresses). */
    public record Component(String id, String alias, String factoryId, List<String> natureIds) {
        public Component {
            natureIds = List.copyOf(natureIds);
        }
    }

    /**
     * @param maxRegistersPerRead registers per FC3/FC4 request (≤ 125)
     * @param maxBitsPerRead bits per FC1/FC2 request (≤ 2000)
     * @param maxGap registers (or bits) of unrelated data one read may span to save a request; 0 for picky devices
     * @param timeoutMs how long one request (and the connect) may take
     * @param retries extra attempts of a failed request inside one poll (0: none, the next poll tries again)
     * @param pollIntervalMs time between the starts of two polls
     * @param interRequestDelayMs pause between two requests (some gateways need it)
     */
    public record Transport(int maxRegistersPerRead, int maxBitsPerRead, int maxGap, int timeoutMs, int retries,
            int pollIntervalMs, int interRequestDelayMs) {
        public static final Transport DEFAULTS = new Transport(125, 2000, 8, 500, 0, 1000, 0);
    }

    public ModbusMap {
        Objects.requireNonNull(file, "file");
        components = List.copyOf(components);
        points = List.copyOf(points);
        Objects.requireNonNull(transport, "transport");
    }

    /**
     * This map for a device at another unit id: points that took the map's default unit id get this one, points
     * with their own {@code unitId} (devices behind one gateway) keep it.
     *
     * @throws ModbusMapException if points then overlap
     */
    public ModbusMap withDefaultUnitId(int unitId) throws ModbusMapException {
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id " + unitId + " is not in 0..255");
        }
        List<ModbusPoint> moved = new ArrayList<>(this.points.size());
        for (ModbusPoint point : this.points) {
            moved.add(point.unitIdDefaulted() ? point.withUnitId(unitId) : point);
        }
        ModbusMapFormat.checkOverlaps(this.file, moved);
        return new ModbusMap(this.file, this.device, this.components, moved, this.transport);
    }
}
