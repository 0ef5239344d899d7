package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/**
 * A request: {@code {"jsonrpc":"2.0","id":…,"method":…,"params":{…},"timeout":…}}. Immutable: params are
 * copied on the way in and on the way out.
 *
 * @param timeoutSeconds the receiver-enforced timeout; {@code null} when the field is absent
 */
public record JsonRpcRequest(UUID id, String method, JsonObject params, Integer timeoutSeconds)
        implements JsonRpcMessage {

    public JsonRpcRequest {
        Objects.requireNonNull(id, "id");
        JsonRpcNotification.requireMethod(method);
        params = Objects.requireNonNull(params, "params").deepCopy();
    }

    public JsonRpcRequest(UUID id, String method, JsonObject params) {
        this(id, method, params, null);
    }

    /** A request with a random id and no timeout. */
    public static JsonRpcRequest create(String method, JsonObject params) {
        return new JsonRpcRequest(UUID.randomUUID(), method, params, null);
    }

    /** A copy of the params. */
    @Override
    public JsonObject params() {
        return this.params.deepCopy();
    }

    /** Without params, which may hold secrets (passwords, API keys); use {@link JsonRpcCodec#encode} to see them. */
    @Override
    public String toString() {
        return "JsonRpcRequest[id=" + this.id + ", method=" + this.method
                + (this.timeoutSeconds == null ? "" : ", timeout=" + this.timeoutSeconds) + "]";
    }
}
