package io.uplink.protocol;

import java.util.Map;
import java.util.SortedMap;

import com.google.gson.JsonElement;

/**
 * A data notification from Edge to Backend: params map epoch-millisecond timestamps (decimal string keys) to
 * address → value rows. Rows are sorted by time; empty rows are dropped because OpenEMS never sends them.
 */
public sealed interface DataNotification
        permits TimestampedDataNotification, AggregatedDataNotification, ResendDataNotification {

    String method();

    /** Unmodifiable, ascending by timestamp, addresses in insertion order. */
    SortedMap<Long, Map<String, JsonElement>> rows();

    default JsonRpcNotification toNotification() {
        return new JsonRpcNotification(this.method(), DataRows.toParams(this.rows()));
    }

    /**
     * The typed data notification for timestampedData, aggregatedData or resendData.
     *
     * @throws OpenemsException for other methods or malformed params
     */
    static DataNotification from(JsonRpcNotification notification) throws OpenemsException {
        return switch (notification.method()) {
            case TimestampedDataNotification.METHOD -> TimestampedDataNotification.from(notification);
            case AggregatedDataNotification.METHOD -> AggregatedDataNotification.from(notification);
            case ResendDataNotification.METHOD -> ResendDataNotification.from(notification);
            default -> throw OpenemsException.generic(
                    "JSON-RPC method [" + notification.method() + "] is not a data notification");
        };
    }
}
