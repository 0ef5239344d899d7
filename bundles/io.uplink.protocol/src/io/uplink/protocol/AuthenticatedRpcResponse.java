package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/**
 * The success answer to {@code authenticatedRpc}: the inner response wrapped as {@code {"payload":<inner>}},
 * both ids echoed. Errors are not wrapped: they go back as a plain error with the outer id.
 */
public record AuthenticatedRpcResponse(UUID id, JsonRpcSuccess payload) {

    public AuthenticatedRpcResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
    }

    /** The response to send for an inner response: success wrapped, error unwrapped with the outer id. */
    public static JsonRpcResponse answer(UUID outerId, JsonRpcResponse inner) {
        return switch (inner) {
            case JsonRpcSuccess success -> new AuthenticatedRpcResponse(outerId, success).toResponse();
            case JsonRpcError error -> error.withId(outerId);
        };
    }

    /** @throws OpenemsException if the result has no payload object or the payload is not a success response */
    public static AuthenticatedRpcResponse from(JsonRpcSuccess response) throws OpenemsException {
        JsonObject payload = JsonParams.getObject(response.result(), "payload");
        JsonRpcMessage inner;
        try {
            inner = JsonRpcCodec.fromJson(payload);
        } catch (JsonRpcParseException e) {
            throw OpenemsException.withCause(OpenemsError.JSONRPC_INVALID_MESSAGE, e, "payload " + e.getMessage());
        }
        if (inner instanceof JsonRpcSuccess success) {
            return new AuthenticatedRpcResponse(response.id(), success);
        }
        throw OpenemsError.JSONRPC_INVALID_MESSAGE.exception("payload is not a success response");
    }

    public JsonRpcSuccess toResponse() {
        JsonObject result = new JsonObject();
        result.add("payload", JsonRpcCodec.toJson(this.payload));
        return new JsonRpcSuccess(this.id, result);
    }
}
