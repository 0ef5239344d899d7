package io.uplink.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/** The timestamp → (address → value) table shared by the three data notifications. */
final class DataRows {

    private DataRows() {
    }

    /** An unmodifiable copy without empty rows (OpenEMS never serialises them); Java null becomes JSON null. */
    static SortedMap<Long, Map<String, JsonElement>> copy(Map<Long, ? extends Map<String, JsonElement>> rows) {
        TreeMap<Long, Map<String, JsonElement>> copy = new TreeMap<>();
        for (Map.Entry<Long, ? extends Map<String, JsonElement>> row : rows.entrySet()) {
            if (row.getKey() == null) {
                throw new IllegalArgumentException("Data row without timestamp");
            }
            if (row.getValue() == null || row.getValue().isEmpty()) {
                continue;
            }
            Map<String, JsonElement> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> value : row.getValue().entrySet()) {
                JsonElement element = value.getValue();
                values.put(value.getKey(), element == null ? JsonNull.INSTANCE : element.deepCopy());
            }
            copy.put(row.getKey(), Collections.unmodifiableMap(values));
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    static JsonObject toParams(SortedMap<Long, Map<String, JsonElement>> rows) {
        JsonObject params = new JsonObject();
        for (Map.Entry<Long, Map<String, JsonElement>> row : rows.entrySet()) {
            JsonObject values = new JsonObject();
            row.getValue().forEach(values::add);
            params.add(row.getKey().toString(), values);
        }
        return params;
    }

    static SortedMap<Long, Map<String, JsonElement>> parse(JsonObject params) throws OpenemsException {
        TreeMap<Long, Map<String, JsonElement>> rows = new TreeMap<>();
        for (Map.Entry<String, JsonElement> row : params.entrySet()) {
            long timestamp;
            try {
                timestamp = Long.parseLong(row.getKey());
            } catch (NumberFormatException e) {
                throw OpenemsError.JSON_PARSE_ELEMENT_FAILED.exception(row.getKey(), "NumberFormatException",
                        "timestamp keys must be epoch milliseconds as decimal strings");
            }
            if (!row.getValue().isJsonObject()) {
                throw OpenemsError.JSON_NO_OBJECT_MEMBER.exception(row.getKey(), JsonParams.shortJson(params));
            }
            Map<String, JsonElement> values = new LinkedHashMap<>();
            row.getValue().getAsJsonObject().entrySet().forEach(e -> values.put(e.getKey(), e.getValue()));
            rows.put(timestamp, values);
        }
        return copy(rows);
    }
}
