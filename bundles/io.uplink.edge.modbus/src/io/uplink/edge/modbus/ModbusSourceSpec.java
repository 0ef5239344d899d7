package io.uplink.edge.modbus;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Modbus source as the agent's {@code --source} gives it: {@code modbus://HOST[:PORT]?map=FILE[&unit=N]}.
 * Host, port and unit id are site settings; the map file describes the device model. The port defaults to 502,
 * the unit id to the map's.
 */
public record ModbusSourceSpec(String text, String host, int port, OptionalInt unitId, Path mapFile) {

    public static final String SCHEME = "modbus";
    public static final int DEFAULT_PORT = 502;

    /** @throws IllegalArgumentException saying what is wrong and what is expected */
    public static ModbusSourceSpec parse(String text) {
        String example = " (expected modbus://HOST:502?unit=1&map=FILE)";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URI: " + e.getReason() + example);
        }
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("'" + text + "' is not a modbus:// URI" + example);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("'" + text + "' names no host" + example);
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new IllegalArgumentException("'" + text + "': unexpected path '" + uri.getPath() + "'" + example);
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        if (port == 0) {
            throw new IllegalArgumentException("'" + text + "': port 0" + example);
        }
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (query.put(key, value) != null) {
                    throw new IllegalArgumentException("'" + text + "': '" + key + "' is given twice");
                }
            }
        }
        for (String key : query.keySet()) {
            if (!key.equals("map") && !key.equals("unit")) {
                throw new IllegalArgumentException("'" + text + "': unknown parameter '" + key + "' (accepted: map, unit)");
            }
        }
        String map = query.get("map");
        if (map == null || map.isBlank()) {
            throw new IllegalArgumentException("'" + text + "' names no register map" + example);
        }
        OptionalInt unit = OptionalInt.empty();
        if (query.containsKey("unit")) {
            try {
                int u = Integer.parseInt(query.get("unit").trim());
                if (u < 0 || u > 255) {
                    throw new NumberFormatException();
                }
                unit = OptionalInt.of(u);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': unit '" + query.get("unit")
                        + "' is not a whole number from 0 to 255");
            }
        }
        return new ModbusSourceSpec(text, host, port, unit, Path.of(map));
    }

    /** The source's id: the URI without the map, e.g. {@code modbus://10.0.0.5:502?unit=3}. */
    public String id() {
        String h = this.host.contains(":") ? "[" + this.host + "]" : this.host;
        return SCHEME + "://" + h + ":" + this.port + (this.unitId.isPresent() ? "?unit=" + this.unitId.getAsInt() : "");
    }
}
