package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/** {@code subscribeSystemLog}: {@code {"subscribe":true|false}} adds or removes the Backend as log subscriber. */
public record SubscribeSystemLogRequest(UUID id, boolean subscribe) {

    public static final String METHOD = "subscribeSystemLog";

    public SubscribeSystemLogRequest {
        Objects.requireNonNull(id, "id");
    }

    public static SubscribeSystemLogRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        return new SubscribeSystemLogRequest(request.id(), JsonParams.getBoolean(request.params(), "subscribe"));
    }

    /**
     * The success answer as OpenEMS Edge gives it: the empty result wrapped once more in {@code payload}
     * (observed quirk), so inside authenticatedRpc it ends up wrapped twice.
     */
    public JsonRpcSuccess successResponse() {
        JsonObject result = new JsonObject();
        result.add("payload", JsonRpcCodec.toJson(JsonRpcSuccess.empty(this.id)));
        return new JsonRpcSuccess(this.id, result);
    }

    public JsonRpcRequest toRequest() {
        JsonObject params = new JsonObject();
        params.addProperty("subscribe", this.subscribe);
        return new JsonRpcRequest(this.id, METHOD, params);
    }
}
