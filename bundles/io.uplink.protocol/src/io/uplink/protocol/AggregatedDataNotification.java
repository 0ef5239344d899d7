package io.uplink.protocol;

import java.util.Map;
import java.util.SortedMap;

import com.google.gson.JsonElement;

/** {@code aggregatedData}: Five-minute aggregates; one timestamp per message, the start of the window. */
public record AggregatedDataNotification(SortedMap<Long, Map<String, JsonElement>> rows) implements DataNotification {

    public static final String METHOD = "aggregatedData";

    public AggregatedDataNotification {
        rows = DataRows.copy(rows);
    }

    /** A message with the given rows (copied; empty rows are dropped). */
    public static AggregatedDataNotification of(Map<Long, ? extends Map<String, JsonElement>> rows) {
        return new AggregatedDataNotification(DataRows.copy(rows));
    }

    /** A message with one row. */
    public static AggregatedDataNotification of(long timestampMillis, Map<String, JsonElement> row) {
        return of(Map.of(timestampMillis, row));
    }

    /** @throws OpenemsException for another method, a non-numeric timestamp key or a row that is not an object */
    public static AggregatedDataNotification from(JsonRpcNotification notification) throws OpenemsException {
        Messages.requireMethod(METHOD, notification.method());
        return new AggregatedDataNotification(DataRows.parse(notification.params()));
    }

    @Override
    public String method() {
        return METHOD;
    }
}
