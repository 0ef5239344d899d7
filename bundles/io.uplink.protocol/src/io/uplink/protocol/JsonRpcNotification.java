package io.uplink.protocol;

import java.util.Objects;

import com.google.gson.JsonObject;

/** A notification: {@code {"jsonrpc":"2.0","method":…,"params":{…}}}; never answered. Immutable. */
public record JsonRpcNotification(String method, JsonObject params) implements JsonRpcMessage {

    public JsonRpcNotification {
        requireMethod(method);
        params = Objects.requireNonNull(params, "params").deepCopy();
    }

    /** A copy of the params. */
    @Override
    public JsonObject params() {
        return this.params.deepCopy();
    }

    /** Without params, which may be large or hold secrets; use {@link JsonRpcCodec#encode} to see them. */
    @Override
    public String toString() {
        return "JsonRpcNotification[method=" + this.method + "]";
    }

    static void requireMethod(String method) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("JSON-RPC method must not be empty");
        }
    }
}
