package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/** A success response: {@code {"jsonrpc":"2.0","id":…,"result":{…}}}. Immutable. */
public record JsonRpcSuccess(UUID id, JsonObject result) implements JsonRpcResponse {

    public JsonRpcSuccess {
        Objects.requireNonNull(id, "id");
        result = Objects.requireNonNull(result, "result").deepCopy();
    }

    /** The usual answer of a command: an empty result. */
    public static JsonRpcSuccess empty(UUID id) {
        return new JsonRpcSuccess(id, new JsonObject());
    }

    /** A copy of the result. */
    @Override
    public JsonObject result() {
        return this.result.deepCopy();
    }

    /** Without the result, which may be large or hold secrets; use {@link JsonRpcCodec#encode} to see it. */
    @Override
    public String toString() {
        return "JsonRpcSuccess[id=" + this.id + "]";
    }
}
