package io.uplink.protocol;

import java.util.Map;
import java.util.SortedMap;

import com.google.gson.JsonElement;

/** {@code resendData}: Historic five-minute rows resent after an outage; several timestamps spanning at most 300 s. */
public record ResendDataNotification(SortedMap<Long, Map<String, JsonElement>> rows) implements DataNotification {

    public static final String METHOD = "resendData";

    public ResendDataNotification {
        rows = DataRows.copy(rows);
    }

    /** A message with the given rows (copied; empty rows are dropped). */
    public static ResendDataNotification of(Map<Long, ? extends Map<String, JsonElement>> rows) {
        return new ResendDataNotification(DataRows.copy(rows));
    }

    /** A message with one row. */
    public static ResendDataNotification of(long timestampMillis, Map<String, JsonElement> row) {
        return of(Map.of(timestampMillis, row));
    }

    /** @throws OpenemsException for another method, a non-numeric timestamp key or a row that is not an object */
    public static ResendDataNotification from(JsonRpcNotification notification) throws OpenemsException {
        Messages.requireMethod(METHOD, notification.method());
        return new ResendDataNotification(DataRows.parse(notification.params()));
    }

    @Override
    public String method() {
        return METHOD;
    }
}
