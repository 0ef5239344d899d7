package io.uplink.protocol;

import java.util.Map;
import java.util.SortedMap;

import com.google.gson.JsonElement;

/** {@code timestampedData}: High-resolution values of one cycle; the Edge sends one timestamp per message, only changed values except on full sends. */
public record TimestampedDataNotification(SortedMap<Long, Map<String, JsonElement>> rows) implements DataNotification {

    public static final String METHOD = "timestampedData";

    public TimestampedDataNotification {
        rows = DataRows.copy(rows);
    }

    /** A message with the given rows (copied; empty rows are dropped). */
    public static TimestampedDataNotification of(Map<Long, ? extends Map<String, JsonElement>> rows) {
        return new TimestampedDataNotification(DataRows.copy(rows));
    }

    /** A message with one row. */
    public static TimestampedDataNotification of(long timestampMillis, Map<String, JsonElement> row) {
        return of(Map.of(timestampMillis, row));
    }

    /** @throws OpenemsException for another method, a non-numeric timestamp key or a row that is not an object */
    public static TimestampedDataNotification from(JsonRpcNotification notification) throws OpenemsException {
        Messages.requireMethod(METHOD, notification.method());
        return new TimestampedDataNotification(DataRows.parse(notification.params()));
    }

    @Override
    public String method() {
        return METHOD;
    }
}
