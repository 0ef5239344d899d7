package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonArray;

/**
 * An error response: {@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…,"data":[…]}}}. Immutable.
 *
 * @param code an {@link OpenemsError} code (unknown codes are kept as they are)
 * @param message the formatted message
 * @param data the message parameters; empty when absent on the wire
 */
public record JsonRpcError(UUID id, int code, String message, JsonArray data) implements JsonRpcResponse {

    public JsonRpcError {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        data = data == null ? new JsonArray() : data.deepCopy();
    }

    /** The known error for {@link #code()}, GENERIC for unknown codes. */
    public OpenemsError error() {
        return OpenemsError.fromCode(this.code);
    }

    /** The same error answering another request, e.g. an inner authenticatedRpc error passed up unwrapped. */
    public JsonRpcError withId(UUID newId) {
        return new JsonRpcError(newId, this.code, this.message, this.data);
    }

    /** A copy of the data. */
    @Override
    public JsonArray data() {
        return this.data.deepCopy();
    }

    @Override
    public String toString() {
        return "JsonRpcError[id=" + this.id + ", code=" + this.code + ", message=" + this.message + "]";
    }
}
