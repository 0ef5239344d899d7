package io.uplink.backend.local;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Checks the content of each Edge → Backend message (§5 of the protocol reference) independently of the
 * agent's own message classes, so that this Backend catches what the agent gets wrong. Each check
 * stops at the first violation and names it precisely.
 */
final class EdgeMessageValidator {

    static final long FIVE_MINUTES_MS = 300_000;
    static final long MAX_RESEND_SPAN_MS = 300_000;
    /** 2000-01-01 .. 2100-01-01: a key outside is not epoch milliseconds (often seconds by mistake). */
    static final long MIN_EPOCH_MS = 946_684_800_000L;
    static final long MAX_EPOCH_MS = 4_102_444_800_000L;

    private static final Pattern TIMESTAMP_KEY = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern COMPONENT_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    /** UPPER_UNDERSCORE enum names become UpperCamel on the wire; a leading '_' is kept (§5.1). */
    private static final Pattern CHANNEL_ID = Pattern.compile("_?[A-Z][A-Za-z0-9]*");
    private static final Set<String> LOG_LEVELS = Set.of("INFO", "WARN", "ERROR");

    /** The rows of a data notification, by ascending timestamp, and the number of values in them. */
    record DataRows(NavigableMap<Long, Map<String, JsonElement>> rows, int valueCount) {
    }

    static final class InvalidContentException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidContentException(String reason) {
            super(reason);
        }
    }

    private enum ValueRule {
        PRIMITIVE_OR_NULL, NUMBER_OR_NULL
    }

    private volatile long maxFutureSkewMs;

    /** @param maxFutureSkewMs how far a timestamp may lie ahead of this clock; negative = no check */
    EdgeMessageValidator(long maxFutureSkewMs) {
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    void setMaxFutureSkewMs(long maxFutureSkewMs) {
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    DataRows timestampedData(JsonObject params) throws InvalidContentException {
        return dataRows("timestampedData", params, ValueRule.PRIMITIVE_OR_NULL);
    }

    DataRows aggregatedData(JsonObject params) throws InvalidContentException {
        // live: one window per message; a replay packs several (backlog-replay.md §6.2 step 4), which the Backend
        // processes row by row like any other
        DataRows data = dataRows("aggregatedData", params, ValueRule.PRIMITIVE_OR_NULL);
        for (long timestamp : data.rows().keySet()) {
            if (timestamp % FIVE_MINUTES_MS != 0) {
                throw invalid("aggregatedData: timestamp " + timestamp + " is not a 5-minute window start"
                        + " (not a multiple of 300000 ms)");
            }
        }
        return data;
    }

    DataRows resendData(JsonObject params) throws InvalidContentException {
        DataRows data = dataRows("resendData", params, ValueRule.NUMBER_OR_NULL);
        if (data.rows().size() > 1) {
            long first = data.rows().firstKey();
            long last = data.rows().lastKey();
            if (last - first > MAX_RESEND_SPAN_MS) {
                throw invalid("resendData: timestamps span " + (last - first) / 1000 + " s (" + first + ".." + last
                        + "), more than 300 s per message");
            }
        }
        return data;
    }

    void edgeConfig(JsonObject params) throws InvalidContentException {
        JsonObject components = requireObject(params, "components", "edgeConfig");
        JsonObject factories = requireObject(params, "factories", "edgeConfig");
        for (Map.Entry<String, JsonElement> factory : factories.entrySet()) {
            String where = "edgeConfig: factory '" + factory.getKey() + "'";
            if (factory.getKey().isBlank()) {
                throw invalid("edgeConfig: factory id is blank");
            }
            JsonObject body = asObject(factory.getValue(), where);
            requireString(body, "name", where);
            requireString(body, "description", where);
            JsonElement natureIds = body.get("natureIds");
            if (natureIds == null || !natureIds.isJsonArray()) {
                throw invalid(where + ": 'natureIds' must be an array of strings, is " + describe(natureIds));
            }
            for (JsonElement natureId : natureIds.getAsJsonArray()) {
                if (!isString(natureId)) {
                    throw invalid(where + ": natureIds contains " + describe(natureId) + ", expected strings");
                }
            }
        }
        for (Map.Entry<String, JsonElement> component : components.entrySet()) {
            String where = "edgeConfig: component '" + component.getKey() + "'";
            if (!COMPONENT_ID.matcher(component.getKey()).matches()) {
                throw invalid(where + ": not a valid component id");
            }
            JsonObject body = asObject(component.getValue(), where);
            requireString(body, "alias", where);
            String factoryId = requireString(body, "factoryId", where);
            requireObject(body, "properties", where);
            if (!factories.has(factoryId)) {
                throw invalid(where + " has factoryId '" + factoryId + "' that is missing from factories");
            }
        }
    }

    void systemLog(JsonObject params) throws InvalidContentException {
        JsonObject line = requireObject(params, "line", "systemLog");
        String time = requireString(line, "time", "systemLog.line");
        try {
            OffsetDateTime.parse(time);
        } catch (DateTimeParseException e) {
            throw invalid("systemLog.line: time '" + time + "' is not ISO-8601 with offset");
        }
        String level = requireString(line, "level", "systemLog.line");
        if (!LOG_LEVELS.contains(level)) {
            throw invalid("systemLog.line: level '" + level + "' is not one of INFO, WARN, ERROR");
        }
        requireString(line, "source", "systemLog.line");
        requireString(line, "message", "systemLog.line");
    }

    void logMessage(JsonObject params) throws InvalidContentException {
        requireString(params, "level", "logMessage");
        requireString(params, "msg", "logMessage");
    }

    String setupPassword(JsonObject params) throws InvalidContentException {
        return requireString(params, "setupPassword", "checkSetupPassword");
    }

    static boolean isValidChannelAddress(String address) {
        int slash = address.indexOf('/');
        return slash > 0 && slash == address.lastIndexOf('/')
                && COMPONENT_ID.matcher(address.substring(0, slash)).matches()
                && CHANNEL_ID.matcher(address.substring(slash + 1)).matches();
    }

    private DataRows dataRows(String method, JsonObject params, ValueRule rule) throws InvalidContentException {
        NavigableMap<Long, Map<String, JsonElement>> rows = new TreeMap<>();
        int valueCount = 0;
        long now = System.currentTimeMillis();
        for (Map.Entry<String, JsonElement> row : params.entrySet()) {
            long timestamp = timestamp(method, row.getKey(), now);
            if (!row.getValue().isJsonObject()) {
                throw invalid(method + ": row " + row.getKey() + " is " + describe(row.getValue())
                        + ", expected an object of channel address -> value");
            }
            Map<String, JsonElement> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> entry : row.getValue().getAsJsonObject().entrySet()) {
                String address = entry.getKey();
                if (!isValidChannelAddress(address)) {
                    throw invalid(method + ": at " + timestamp + ": This [" + address
                            + "] is not a valid channel address (componentId/ChannelId)");
                }
                checkValue(method, timestamp, address, entry.getValue(), rule);
                values.put(address, entry.getValue());
            }
            rows.put(timestamp, values);
            valueCount += values.size();
        }
        return new DataRows(rows, valueCount);
    }

    private long timestamp(String method, String key, long now) throws InvalidContentException {
        if (!TIMESTAMP_KEY.matcher(key).matches()) {
            throw invalid(method + ": params key '" + key + "' is not a decimal epoch-ms timestamp");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw invalid(method + ": params key '" + key + "' does not fit a long");
        }
        if (timestamp < MIN_EPOCH_MS || timestamp >= MAX_EPOCH_MS) {
            throw invalid(method + ": timestamp " + key + " is not epoch milliseconds between 2000 and 2100"
                    + (timestamp < MIN_EPOCH_MS / 1000 * 10 ? " (seconds sent instead of ms?)" : ""));
        }
        long skew = maxFutureSkewMs;
        if (skew >= 0 && timestamp > now + skew) {
            throw invalid(method + ": timestamp " + key + " is " + (timestamp - now) / 1000
                    + " s in the future; it would block the Backend's cache until then");
        }
        return timestamp;
    }

    private static void checkValue(String method, long timestamp, String address, JsonElement value,
            ValueRule rule) throws InvalidContentException {
        if (value.isJsonNull()) {
            return;
        }
        String where = method + ": value of '" + address + "' at " + timestamp;
        if (!value.isJsonPrimitive()) {
            throw invalid(where + " is " + describe(value) + "; only JSON primitives or null are allowed");
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            throw invalid(where + " is the JSON boolean " + primitive + "; OpenEMS sends booleans as 0/1");
        }
        if (rule == ValueRule.NUMBER_OR_NULL && !primitive.isNumber()) {
            throw invalid(where + " is " + describe(value) + "; only numbers or null are allowed");
        }
    }

    private static JsonObject requireObject(JsonObject parent, String key, String where)
            throws InvalidContentException {
        JsonElement element = parent.get(key);
        if (element == null || !element.isJsonObject()) {
            throw invalid(where + ": '" + key + "' must be an object, is " + describe(element));
        }
        return element.getAsJsonObject();
    }

    private static String requireString(JsonObject parent, String key, String where)
            throws InvalidContentException {
        JsonElement element = parent.get(key);
        if (!isString(element)) {
            throw invalid(where + ": '" + key + "' must be a string, is " + describe(element));
        }
        return element.getAsString();
    }

    private static JsonObject asObject(JsonElement element, String where) throws InvalidContentException {
        if (!element.isJsonObject()) {
            throw invalid(where + " is " + describe(element) + ", expected an object");
        }
        return element.getAsJsonObject();
    }

    private static boolean isString(JsonElement element) {
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
    }

    static String describe(JsonElement element) {
        if (element == null) {
            return "missing";
        }
        if (element.isJsonNull()) {
            return "null";
        }
        if (element.isJsonObject()) {
            return "an object";
        }
        if (element.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        String kind = primitive.isString() ? "the string " : primitive.isNumber() ? "the number " : "the boolean ";
        String text = primitive.toString();
        return kind + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
    }

    private static InvalidContentException invalid(String reason) {
        return new InvalidContentException(reason);
    }
}
