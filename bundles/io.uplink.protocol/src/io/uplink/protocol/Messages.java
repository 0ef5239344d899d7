package io.uplink.protocol;

import com.google.gson.JsonObject;

/** Checks shared by the typed messages. */
final class Messages {

    private Messages() {
    }

    static void requireMethod(String expected, String actual) throws OpenemsException {
        if (!expected.equals(actual)) {
            throw OpenemsException.generic("Expected JSON-RPC method [" + expected + "], got [" + actual + "]");
        }
    }

    /** An embedded request (payload), reported with JSONRPC_INVALID_MESSAGE when it is not one. */
    static JsonRpcRequest payload(JsonObject params, boolean idRequired) throws OpenemsException {
        JsonObject payload = JsonParams.getObject(params, "payload");
        try {
            return JsonRpcCodec.requestFromJson(payload, idRequired);
        } catch (JsonRpcParseException e) {
            throw OpenemsException.withCause(OpenemsError.JSONRPC_INVALID_MESSAGE, e, "payload " + e.getMessage());
        }
    }

    static JsonObject payloadParams(JsonRpcRequest payload) {
        JsonObject params = new JsonObject();
        params.add("payload", JsonRpcCodec.toJson(payload));
        return params;
    }
}
