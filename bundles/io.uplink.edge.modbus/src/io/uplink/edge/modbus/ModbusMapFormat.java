package io.uplink.edge.modbus;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;

import io.uplink.core.ChannelAddress;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

/**
 * Reads register maps ({@code uplink.modbus-map/1}, docs/modbus-maps.md): JSON is canonical, CSV (one point per
 * row) is imported with the same rules. Every problem names the file and a JSON pointer or a CSV line and column.
 */
public final class ModbusMapFormat {

    public static final String FORMAT = "uplink.modbus-map/1";
    /** Added per component by the source; a map must not define it. */
    public static final String COMMUNICATION_FAILED = "ModbusCommunicationFailed";

    private static final Set<String> POINT_FIELDS = Set.of("channel", "unitId", "table", "address", "type",
            "wordOrder", "byteOrder", "length", "bit", "scale", "sf", "offset", "unit", "openemsType", "invalid",
            "options", "priority", "access", "text");
    private static final Set<String> TRANSPORT_FIELDS = Set.of("maxRegistersPerRead", "maxBitsPerRead", "maxGap",
            "timeoutMs", "retries", "pollIntervalMs", "interRequestDelayMs");
    private static final Set<String> FILE_FIELDS = Set.of("format", "device", "defaults", "components", "points");
    private static final Map<String, String> CSV_COLUMNS = csvColumns();

    private ModbusMapFormat() {
    }

    private static Map<String, String> csvColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("channel", "channel");
        columns.put("unit_id", "unitId");
        columns.put("table", "table");
        columns.put("address", "address");
        columns.put("type", "type");
        columns.put("word_order", "wordOrder");
        columns.put("byte_order", "byteOrder");
        columns.put("length", "length");
        columns.put("bit", "bit");
        columns.put("scale", "scale");
        columns.put("sf_address", "sf");
        columns.put("sf_channel", "sf");
        columns.put("offset", "offset");
        columns.put("unit", "unit");
        columns.put("openems_type", "openemsType");
        columns.put("priority", "priority");
        columns.put("invalid", "invalid");
        columns.put("options", "options");
        columns.put("text", "text");
        return Map.copyOf(columns);
    }

    /** Reads a {@code .csv} file as CSV and anything else as JSON. */
    public static ModbusMap load(Path file) throws IOException, ModbusMapException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".csv") ? parseCsv(name, text) : parseJson(name, text);
    }

    // ---------------------------------------------------------------------------------------------- JSON

    public static ModbusMap parseJson(String file, String text) throws ModbusMapException {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
        } catch (JsonParseException e) {
            throw new ModbusMapException(file, "JSON syntax", e.getMessage());
        }
        if (!root.isJsonObject()) {
            throw new ModbusMapException(file, "/", "expected a JSON object");
        }
        JsonObject object = root.getAsJsonObject();
        for (String key : object.keySet()) {
            if (!FILE_FIELDS.contains(key) && !key.equals("sunspec")) {
                throw new ModbusMapException(file, "/" + key, "unknown field (accepted: " + sorted(FILE_FIELDS) + ")");
            }
        }
        if (object.has("sunspec")) {
            throw new ModbusMapException(file, "/sunspec", "SunSpec discovery is not supported yet; list the points");
        }
        JsonElement format = object.get("format");
        if (format == null || !format.isJsonPrimitive() || !FORMAT.equals(format.getAsString())) {
            throw new ModbusMapException(file, "/format", "required: \"" + FORMAT + "\"");
        }
        String device = "";
        if (object.has("device")) {
            JsonElement d = object.get("device");
            if (!d.isJsonObject()) {
                throw new ModbusMapException(file, "/device", "expected an object");
            }
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : d.getAsJsonObject().entrySet()) {
                if (e.getValue().isJsonPrimitive()) {
                    parts.add(e.getValue().getAsString());
                }
            }
            device = String.join(" ", parts);
        }
        JsonObject defaults = new JsonObject();
        if (object.has("defaults")) {
            if (!object.get("defaults").isJsonObject()) {
                throw new ModbusMapException(file, "/defaults", "expected an object");
            }
            defaults = object.getAsJsonObject("defaults");
            for (String key : defaults.keySet()) {
                if (key.equals("channel") || key.equals("address")
                        || !POINT_FIELDS.contains(key) && !TRANSPORT_FIELDS.contains(key)) {
                    throw new ModbusMapException(file, "/defaults/" + key, "not a default (accepted: point fields "
                            + "except channel and address, and " + sorted(TRANSPORT_FIELDS) + ")");
                }
            }
        }
        Fields defaultFields = new Fields(file, defaults, "/defaults/", null);
        ModbusMap.Transport transport = transport(defaultFields);

        List<ModbusMap.Component> components = new ArrayList<>();
        if (!object.has("components") || !object.get("components").isJsonArray()) {
            throw new ModbusMapException(file, "/components", "required: an array of {\"id\": …} (the components"
                    + " the channels belong to)");
        }
        JsonArray componentArray = object.getAsJsonArray("components");
        Map<String, String> componentLocations = new HashMap<>();
        for (int i = 0; i < componentArray.size(); i++) {
            String at = "/components/" + i;
            if (!componentArray.get(i).isJsonObject()) {
                throw new ModbusMapException(file, at, "expected an object");
            }
            Fields c = new Fields(file, componentArray.get(i).getAsJsonObject(), at + "/", null);
            c.only(Set.of("id", "alias", "factoryId", "natureIds"));
            String id = c.requiredString("id");
            try {
                new ChannelAddress(id, "x");
            } catch (IllegalArgumentException e) {
                throw c.error("id", e.getMessage());
            }
            String previous = componentLocations.putIfAbsent(id, at);
            if (previous != null) {
                throw c.error("id", "component '" + id + "' is also defined at " + previous);
            }
            List<String> natures = new ArrayList<>();
            JsonElement n = componentArray.get(i).getAsJsonObject().get("natureIds");
            if (n != null) {
                if (!n.isJsonArray()) {
                    throw c.error("natureIds", "expected an array of strings");
                }
                n.getAsJsonArray().forEach(e -> natures.add(e.getAsString()));
            }
            components.add(new ModbusMap.Component(id, c.optionalString("alias", id), c.optionalString("factoryId", ""),
                    natures));
        }

        if (!object.has("points") || !object.get("points").isJsonArray()) {
            throw new ModbusMapException(file, "/points", "required: an array of points");
        }
        JsonArray pointArray = object.getAsJsonArray("points");
        List<Fields> rows = new ArrayList<>();
        for (int i = 0; i < pointArray.size(); i++) {
            String at = "/points/" + i;
            if (!pointArray.get(i).isJsonObject()) {
                throw new ModbusMapException(file, at, "expected an object");
            }
            Fields point = new Fields(file, pointArray.get(i).getAsJsonObject(), at + "/", defaultFields);
            point.only(POINT_FIELDS);
            rows.add(point);
        }
        List<ModbusPoint> points = points(file, rows, transport);
        for (int i = 0; i < points.size(); i++) {
            String component = points.get(i).channel().componentId();
            if (!componentLocations.containsKey(component)) {
                throw rows.get(i).error("channel", "component '" + component + "' is not listed in /components");
            }
        }
        return new ModbusMap(file, device, components, points, transport);
    }

    // ----------------------------------------------------------------------------------------------- CSV

    /**
     * CSV: a header row naming the columns (see {@link #csvColumnNames()}), {@code #} starts a comment line, empty
     * cells take the built-in defaults; components are the channels' component ids.
     */
    public static ModbusMap parseCsv(String file, String text) throws ModbusMapException {
        String[] lines = text.split("\r?\n", -1);
        List<String> header = null;
        List<Fields> rows = new ArrayList<>();
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (n == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String where = "line " + (n + 1);
            List<String> cells = splitCsv(file, where, line);
            if (header == null) {
                header = new ArrayList<>();
                Set<String> seen = new LinkedHashSet<>();
                for (String cell : cells) {
                    String column = cell.trim().toLowerCase(Locale.ROOT);
                    if (!CSV_COLUMNS.containsKey(column)) {
                        throw new ModbusMapException(file, where, "unknown column '" + cell.trim() + "' (accepted: "
                                + String.join(", ", csvColumnNames()) + ")");
                    }
                    if (!seen.add(column)) {
                        throw new ModbusMapException(file, where, "column '" + column + "' appears twice");
                    }
                    header.add(column);
                }
                for (String required : List.of("channel", "address", "type")) {
                    if (!seen.contains(required)) {
                        throw new ModbusMapException(file, where, "the header has no column '" + required + "'");
                    }
                }
                continue;
            }
            if (cells.size() != header.size()) {
                throw new ModbusMapException(file, where,
                        cells.size() + " cells, but the header has " + header.size() + " columns");
            }
            JsonObject point = new JsonObject();
            Map<String, String> columnOf = new HashMap<>();
            for (int c = 0; c < cells.size(); c++) {
                String cell = cells.get(c).trim();
                if (cell.isEmpty()) {
                    continue;
                }
                String column = header.get(c);
                String field = CSV_COLUMNS.get(column);
                columnOf.put(field, column);
                switch (column) {
                    case "sf_address", "sf_channel" -> {
                        if (point.has("sf")) {
                            throw new ModbusMapException(file, where + ", column " + column,
                                    "fill sf_address or sf_channel, not both");
                        }
                        JsonObject sf = new JsonObject();
                        sf.addProperty(column.equals("sf_address") ? "address" : "channel", cell);
                        point.add("sf", sf);
                    }
                    case "invalid" -> {
                        JsonArray values = new JsonArray();
                        for (String part : cell.split("[;\\s]+")) {
                            values.add(part);
                        }
                        point.add("invalid", values);
                    }
                    case "options" -> {
                        JsonObject options = new JsonObject();
                        for (String part : cell.split(";")) {
                            int eq = part.indexOf('=');
                            if (eq <= 0) {
                                throw new ModbusMapException(file, where + ", column options",
                                        "expected VALUE=NAME;VALUE=NAME, got '" + cell + "'");
                            }
                            options.addProperty(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                        }
                        point.add("options", options);
                    }
                    default -> point.addProperty(field, cell);
                }
            }
            rows.add(new Fields(file, point, where + ", column ", null, columnOf));
        }
        if (header == null) {
            throw new ModbusMapException(file, "line 1", "no header row (e.g. " + String.join(",", csvColumnNames()) + ")");
        }
        ModbusMap.Transport transport = ModbusMap.Transport.DEFAULTS;
        List<ModbusPoint> points = points(file, rows, transport);
        Map<String, ModbusMap.Component> components = new LinkedHashMap<>();
        for (ModbusPoint p : points) {
            String id = p.channel().componentId();
            components.putIfAbsent(id, new ModbusMap.Component(id, id, "", List.of()));
        }
        return new ModbusMap(file, "", List.copyOf(components.values()), points, transport);
    }

    /** The CSV columns in their usual order. */
    public static List<String> csvColumnNames() {
        return List.of("channel", "unit_id", "table", "address", "type", "word_order", "byte_order", "length", "bit",
                "scale", "sf_address", "sf_channel", "offset", "unit", "openems_type", "priority", "invalid", "options",
                "text");
    }

    private static List<String> splitCsv(String file, String where, String line) throws ModbusMapException {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new ModbusMapException(file, where, "a quoted cell is not closed");
        }
        cells.add(cell.toString());
        return cells;
    }

    // -------------------------------------------------------------------------------------------- points

    private static ModbusMap.Transport transport(Fields d) throws ModbusMapException {
        ModbusMap.Transport t = ModbusMap.Transport.DEFAULTS;
        return new ModbusMap.Transport(
                (int) d.integer("maxRegistersPerRead", t.maxRegistersPerRead(), 1, 125),
                (int) d.integer("maxBitsPerRead", t.maxBitsPerRead(), 1, 2000),
                (int) d.integer("maxGap", t.maxGap(), 0, 125),
                (int) d.integer("timeoutMs", t.timeoutMs(), 50, 60_000),
                (int) d.integer("retries", t.retries(), 0, 3),
                (int) d.integer("pollIntervalMs", t.pollIntervalMs(), 100, 3_600_000),
                (int) d.integer("interRequestDelayMs", t.interRequestDelayMs(), 0, 10_000));
    }

    private static List<ModbusPoint> points(String file, List<Fields> rows, ModbusMap.Transport transport)
            throws ModbusMapException {
        List<ModbusPoint> points = new ArrayList<>(rows.size());
        Map<ChannelAddress, Integer> byChannel = new HashMap<>();
        for (Fields row : rows) {
            ModbusPoint point = point(row, transport);
            Integer previous = byChannel.putIfAbsent(point.channel(), points.size());
            if (previous != null) {
                throw row.error("channel", "channel '" + point.channel() + "' is also defined at "
                        + points.get(previous).location());
            }
            points.add(point);
        }
        // scale factors named by channel become addresses; targets must be int16 registers
        for (int i = 0; i < points.size(); i++) {
            Fields row = rows.get(i);
            ModbusPoint p = points.get(i);
            String sfChannel = row.sfChannel;
            if (sfChannel != null) {
                ChannelAddress target;
                try {
                    target = ChannelAddress.parse(sfChannel);
                } catch (IllegalArgumentException e) {
                    throw row.error("sf", e.getMessage());
                }
                Integer index = byChannel.get(target);
                if (index == null) {
                    throw row.error("sf", "no point has channel '" + sfChannel + "'");
                }
                ModbusPoint t = points.get(index);
                if (t.unitId() != p.unitId() || t.table() != p.table()) {
                    throw row.error("sf", "'" + sfChannel + "' is on unit " + t.unitId() + ", table " + t.table().key()
                            + "; a scale factor must be on the point's own unit and table");
                }
                p = withSf(p, t.address());
                points.set(i, p);
            }
            if (p.hasScaleFactorRegister()) {
                for (ModbusPoint t : points) {
                    if (t.unitId() == p.unitId() && t.table() == p.table() && t.address() == p.sfAddress()
                            && t.bit() < 0 && !(t.type() == ModbusDataType.INT16 || t.type() == ModbusDataType.SUNSSF)) {
                        throw row.error("sf", "the scale-factor register " + p.sfAddress() + " is '" + t.channel()
                                + "' of type " + t.type().key() + "; it must be int16 or sunssf");
                    }
                }
            }
        }
        checkOverlaps(file, points);
        return points;
    }

    private static ModbusPoint withSf(ModbusPoint p, int sfAddress) {
        return new ModbusPoint(p.channel(), p.unitId(), p.unitIdDefaulted(), p.table(), p.address(), p.type(),
                p.wordSwap(), p.byteSwap(), p.registers(), p.bit(), p.scale(), sfAddress, p.offset(), p.unit(),
                p.openemsType(), p.priority(), p.priorityDeclared(), p.invalid(), p.invalidNaN(), p.options(), p.text(),
                p.location());
    }

    /** Points of one unit and table must not share registers, except bit points of the same register(s). */
    static void checkOverlaps(String file, List<ModbusPoint> points) throws ModbusMapException {
        List<ModbusPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingInt(ModbusPoint::unitId).thenComparing(ModbusPoint::table)
                .thenComparingInt(ModbusPoint::address).thenComparingInt(ModbusPoint::endAddress));
        ModbusPoint widest = null;
        for (ModbusPoint p : sorted) {
            if (widest != null && widest.unitId() == p.unitId() && widest.table() == p.table()
                    && p.address() <= widest.endAddress()) {
                boolean sameBitRegister = widest.bit() >= 0 && p.bit() >= 0 && widest.address() == p.address()
                        && widest.registers() == p.registers();
                if (!sameBitRegister) {
                    throw new ModbusMapException(file, p.location(), p.table().key() + " " + p.address() + ".."
                            + p.endAddress() + " of '" + p.channel() + "' overlaps " + widest.address() + ".."
                            + widest.endAddress() + " of '" + widest.channel() + "' (" + widest.location()
                            + ") on unit " + p.unitId());
                }
            }
            if (widest == null || widest.unitId() != p.unitId() || widest.table() != p.table()
                    || p.endAddress() > widest.endAddress()) {
                widest = p;
            }
        }
    }

    private static ModbusPoint point(Fields f, ModbusMap.Transport transport) throws ModbusMapException {
        ChannelAddress channel;
        try {
            channel = ChannelAddress.parse(f.requiredString("channel"));
        } catch (IllegalArgumentException e) {
            throw f.error("channel", e.getMessage());
        }
        if (channel.channelId().equals(COMMUNICATION_FAILED)) {
            throw f.error("channel", COMMUNICATION_FAILED + " is reserved: the source adds it to every component");
        }
        boolean unitDefaulted = !f.hasOwn("unitId");
        int unitId = (int) f.integer("unitId", 1, 0, 255);
        ModbusTable table = f.parse("table", ModbusTable.HOLDING, ModbusTable::parse);
        ModbusDataType type = f.parse("type", null, ModbusDataType::parse);
        int address = (int) f.integer("address", -1, 0, 65_535);
        if (address < 0) {
            throw f.error("address", "required");
        }
        if (table.isBits() != (type == ModbusDataType.BOOL)) {
            throw f.error("type", table.isBits() ? "the " + table.key() + " table holds bits: use type bool"
                    : "type bool is for the coil and discrete tables; a register bit needs \"bit\"");
        }
        String wordOrder = f.optionalString("wordOrder", "msw").toLowerCase(Locale.ROOT);
        if (!wordOrder.equals("msw") && !wordOrder.equals("lsw")) {
            throw f.error("wordOrder", "'" + wordOrder + "' is not msw or lsw");
        }
        String byteOrder = f.optionalString("byteOrder", "big").toLowerCase(Locale.ROOT);
        if (!byteOrder.equals("big") && !byteOrder.equals("little")) {
            throw f.error("byteOrder", "'" + byteOrder + "' is not big or little");
        }
        int registers;
        if (type == ModbusDataType.STRING) {
            if (!f.has("length")) {
                throw f.error("length", "required for type string (registers, 2 characters each)");
            }
            registers = (int) f.integer("length", 0, 1, 125);
        } else {
            if (f.hasOwn("length")) {
                throw f.error("length", "only for type string");
            }
            registers = type == ModbusDataType.BOOL ? 1 : type.words();
        }
        int limit = table.isBits() ? transport.maxBitsPerRead() : transport.maxRegistersPerRead();
        if (registers > limit) {
            throw f.error(type == ModbusDataType.STRING ? "length" : "type",
                    registers + " registers do not fit into one read of at most " + limit);
        }
        if (address + registers - 1 > 65_535) {
            throw f.error("address", "the point ends at " + (address + registers - 1) + ", past 65535");
        }
        int bit = -1;
        if (f.has("bit")) {
            if (!type.isInteger()) {
                throw f.error("bit", "only for integer types, not " + type.key());
            }
            bit = (int) f.integer("bit", -1, 0, type.bits() - 1);
        }
        BigDecimal scale = BigDecimal.ONE;
        int sfAddress = -1;
        String sfChannel = null;
        if (f.hasOwn("sf")) {
            if (!type.isInteger() || bit >= 0) {
                throw f.error("sf", "a scale factor applies to integer values only");
            }
            if (f.hasOwn("scale")) {
                throw f.error("sf", "give scale or sf, not both");
            }
            JsonElement sf = f.get("sf");
            if (!sf.isJsonObject() || sf.getAsJsonObject().size() != 1
                    || !(sf.getAsJsonObject().has("address") || sf.getAsJsonObject().has("channel"))) {
                throw f.error("sf", "expected {\"address\": N} or {\"channel\": \"component/Channel\"}");
            }
            JsonObject sfObject = sf.getAsJsonObject();
            if (sfObject.has("address")) {
                sfAddress = (int) parseInteger(f, "sf", sfObject.get("address"), 0, 65_535);
            } else {
                sfChannel = sfObject.get("channel").getAsString();
                sfAddress = -2; // resolved once every point is known
            }
        } else if (f.has("scale")) {
            if (!(type.isInteger() || type.kind() == ModbusDataType.Kind.FLOAT) || bit >= 0) {
                throw f.error("scale", "applies to numbers only");
            }
            scale = f.decimal("scale");
            if (scale.signum() == 0) {
                throw f.error("scale", "must not be 0");
            }
        }
        BigDecimal offset = BigDecimal.ZERO;
        if (f.has("offset")) {
            if (!(type.isInteger() || type.kind() == ModbusDataType.Kind.FLOAT) || bit >= 0) {
                throw f.error("offset", "applies to numbers only");
            }
            offset = f.decimal("offset");
        }
        Unit unit = f.parse("unit", Unit.NONE, text -> {
            try {
                return Unit.fromSymbol(text.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown unit symbol '" + text + "' (OpenEMS symbols: W, kW, var,"
                        + " VA, V, mV, A, mA, Hz, mHz, %, °C, Wh, kWh, Wh_Σ, sec, …)");
            }
        });
        OpenemsType derived = deriveType(type, bit, scale, sfAddress != -1, offset);
        OpenemsType openemsType = f.parse("openemsType", derived, ModbusMapFormat::openemsType);
        checkType(f, type, bit, openemsType);
        boolean priorityDeclared = f.has("priority");
        PersistencePriority priority = f.parse("priority", PersistencePriority.LOW, PersistencePriority::parse);
        String access = f.optionalString("access", "RO");
        if (!access.equalsIgnoreCase("RO")) {
            throw f.error("access", "only RO: writing to Modbus devices is not supported");
        }
        long[] invalid;
        boolean invalidNaN = false;
        if (f.has("invalid")) {
            if (type == ModbusDataType.STRING || type == ModbusDataType.BOOL) {
                throw f.error("invalid", "not for type " + type.key());
            }
            JsonElement e = f.get("invalid");
            JsonArray list = e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
            if (!e.isJsonArray()) {
                list.add(e);
            }
            List<Long> patterns = new ArrayList<>();
            for (JsonElement item : list) {
                String text = item.getAsString().trim();
                if (text.equalsIgnoreCase("NaN")) {
                    if (type.kind() != ModbusDataType.Kind.FLOAT) {
                        throw f.error("invalid", "NaN only for float types");
                    }
                    invalidNaN = true;
                } else {
                    patterns.add(rawPattern(f, text, type.bits()));
                }
            }
            invalid = patterns.stream().mapToLong(Long::longValue).toArray();
        } else {
            invalid = type.defaultInvalid() == null ? new long[0] : new long[] { type.defaultInvalid() };
        }
        Map<Integer, String> options = new LinkedHashMap<>();
        if (f.has("options")) {
            JsonElement e = f.get("options");
            if (!e.isJsonObject()) {
                throw f.error("options", "expected an object {\"0\": \"OFF\", \"1\": \"ON\"}");
            }
            if (!openemsType.isIntegral()) {
                throw f.error("options", "enum options need an integer openemsType, not " + openemsType);
            }
            for (Map.Entry<String, JsonElement> o : e.getAsJsonObject().entrySet()) {
                try {
                    options.put(Integer.parseInt(o.getKey().trim()), o.getValue().getAsString());
                } catch (NumberFormatException ex) {
                    throw f.error("options", "'" + o.getKey() + "' is not a whole number");
                }
            }
        }
        String text = f.optionalString("text", "");
        ModbusPoint point = new ModbusPoint(channel, unitId, unitDefaulted, table, address, type,
                wordOrder.equals("lsw"), byteOrder.equals("little"), registers, bit, scale, sfAddress, offset, unit,
                openemsType, priority, priorityDeclared, invalid, invalidNaN, options, text, f.location());
        f.sfChannel = sfChannel;
        return point;
    }

    private static OpenemsType openemsType(String text) {
        for (OpenemsType t : OpenemsType.values()) {
            if (t.name().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown openemsType '" + text + "' (accepted: BOOLEAN, SHORT, INTEGER,"
                + " LONG, FLOAT, DOUBLE, STRING)");
    }

    /** Integer types with an integer scale stay integers; anything scaled by a fraction becomes a float. */
    private static OpenemsType deriveType(ModbusDataType type, int bit, BigDecimal scale, boolean sf,
            BigDecimal offset) {
        if (type == ModbusDataType.BOOL || bit >= 0) {
            return OpenemsType.BOOLEAN;
        }
        return switch (type.kind()) {
            case STRING -> OpenemsType.STRING;
            case FLOAT -> type.words() == 2 ? OpenemsType.FLOAT : OpenemsType.DOUBLE;
            default -> {
                boolean whole = !sf && isWhole(scale) && isWhole(offset);
                if (!whole) {
                    yield type.words() == 1 ? OpenemsType.FLOAT : OpenemsType.DOUBLE;
                }
                boolean plain = scale.compareTo(BigDecimal.ONE) == 0;
                if (type.words() == 1 && (plain || scale.abs().compareTo(BigDecimal.valueOf(1000)) <= 0)) {
                    yield OpenemsType.INTEGER;
                }
                yield type == ModbusDataType.INT32 && plain ? OpenemsType.INTEGER : OpenemsType.LONG;
            }
        };
    }

    private static boolean isWhole(BigDecimal d) {
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static void checkType(Fields f, ModbusDataType type, int bit, OpenemsType openemsType)
            throws ModbusMapException {
        boolean bool = type == ModbusDataType.BOOL || bit >= 0;
        if (bool != (openemsType == OpenemsType.BOOLEAN)) {
            throw f.error("openemsType", bool ? "a bit is BOOLEAN" : "BOOLEAN is for bits (type bool, or \"bit\")");
        }
        if ((type == ModbusDataType.STRING) != (openemsType == OpenemsType.STRING)) {
            throw f.error("openemsType", type == ModbusDataType.STRING ? "a string is STRING" : "STRING is for type string");
        }
    }

    /** A sentinel as raw bits of the type's width: hex as written, a negative decimal in two's complement. */
    private static long rawPattern(Fields f, String text, int bits) throws ModbusMapException {
        BigInteger value;
        try {
            value = text.startsWith("0x") || text.startsWith("0X") ? new BigInteger(text.substring(2), 16)
                    : new BigInteger(text);
        } catch (NumberFormatException e) {
            throw f.error("invalid", "'" + text + "' is not a number, 0x… or NaN");
        }
        BigInteger modulus = BigInteger.ONE.shiftLeft(bits);
        if (value.signum() < 0) {
            if (value.compareTo(BigInteger.ONE.shiftLeft(bits - 1).negate()) < 0) {
                throw f.error("invalid", "'" + text + "' does not fit into " + bits + " bits");
            }
            value = value.add(modulus);
        }
        if (value.compareTo(modulus) >= 0) {
            throw f.error("invalid", "'" + text + "' does not fit into " + bits + " bits");
        }
        return value.longValue();
    }

    private static long parseInteger(Fields f, String field, JsonElement e, long min, long max)
            throws ModbusMapException {
        String text = e.isJsonPrimitive() ? e.getAsString().trim() : "";
        long value;
        try {
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                value = new BigDecimal(text).longValueExact();
            } else if (text.startsWith("0x") || text.startsWith("0X")) {
                value = Long.parseLong(text.substring(2), 16);
            } else {
                value = Long.parseLong(text);
            }
        } catch (NumberFormatException | ArithmeticException ex) {
            throw f.error(field, "'" + text + "' is not a whole number (decimal or 0x…)");
        }
        if (value < min || value > max) {
            throw f.error(field, value + " is not in " + min + ".." + max);
        }
        return value;
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", names.stream().sorted().toList());
    }

    /** A point's (or the defaults') fields with their locations; missing ones fall back to the defaults. */
    private static final class Fields {
        private final String file;
        private final JsonObject own;
        private final String prefix;
        private final Fields defaults;
        private final Map<String, String> csvColumns;
        String sfChannel;

        Fields(String file, JsonObject own, String prefix, Fields defaults) {
            this(file, own, prefix, defaults, null);
        }

        Fields(String file, JsonObject own, String prefix, Fields defaults, Map<String, String> csvColumns) {
            this.file = file;
            this.own = own;
            this.prefix = prefix;
            this.defaults = defaults;
            this.csvColumns = csvColumns;
        }

        String location() {
            return this.csvColumns != null ? this.prefix.substring(0, this.prefix.indexOf(',')) : this.prefix.substring(0,
                    this.prefix.length() - 1);
        }

        String locationOf(String field) {
            if (this.csvColumns != null) {
                return this.prefix + this.csvColumns.getOrDefault(field, field);
            }
            return this.prefix + field;
        }

        void only(Set<String> accepted) throws ModbusMapException {
            for (String key : this.own.keySet()) {
                if (!accepted.contains(key)) {
                    throw new ModbusMapException(this.file, locationOf(key),
                            "unknown field (accepted: " + sorted(accepted) + ")");
                }
            }
        }

        boolean hasOwn(String name) {
            return this.own.has(name) && !this.own.get(name).isJsonNull();
        }

        boolean has(String name) {
            return hasOwn(name) || this.defaults != null && this.defaults.hasOwn(name);
        }

        /** The fields that decides: this point's own, else the defaults'. */
        private Fields holder(String name) {
            return hasOwn(name) || this.defaults == null ? this : this.defaults;
        }

        JsonElement get(String name) {
            return holder(name).own.get(name);
        }

        ModbusMapException error(String name, String problem) {
            Fields h = has(name) ? holder(name) : this;
            return new ModbusMapException(this.file, h.locationOf(name), problem);
        }

        String requiredString(String name) throws ModbusMapException {
            if (!has(name)) {
                throw error(name, "required");
            }
            return string(name);
        }

        String optionalString(String name, String fallback) throws ModbusMapException {
            return has(name) ? string(name) : fallback;
        }

        private String string(String name) throws ModbusMapException {
            JsonElement e = get(name);
            if (!e.isJsonPrimitive()) {
                throw error(name, "expected a text");
            }
            return e.getAsString();
        }

        long integer(String name, long fallback, long min, long max) throws ModbusMapException {
            return has(name) ? parseInteger(holder(name), name, get(name), min, max) : fallback;
        }

        BigDecimal decimal(String name) throws ModbusMapException {
            JsonElement e = get(name);
            try {
                if (!e.isJsonPrimitive()) {
                    throw new NumberFormatException();
                }
                return new BigDecimal(e.getAsString().trim());
            } catch (NumberFormatException ex) {
                throw error(name, "'" + e + "' is not a decimal number");
            }
        }

        interface Parser<T> {
            T parse(String text);
        }

        <T> T parse(String name, T fallback, Parser<T> parser) throws ModbusMapException {
            if (!has(name)) {
                if (fallback == null) {
                    throw error(name, "required");
                }
                return fallback;
            }
            String text = string(name);
            try {
                return parser.parse(text);
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                throw error(name, message != null && message.startsWith("No enum constant")
                        ? "unknown value '" + text + "'" : message);
            }
        }
    }
}
