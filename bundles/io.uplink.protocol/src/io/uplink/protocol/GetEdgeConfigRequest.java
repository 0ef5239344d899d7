package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/** {@code getEdgeConfig}: asks for the EdgeConfig; the result is {@link EdgeConfig#toJson()}. Params are {@code {}}. */
public record GetEdgeConfigRequest(UUID id) {

    public static final String METHOD = "getEdgeConfig";

    public GetEdgeConfigRequest {
        Objects.requireNonNull(id, "id");
    }

    public static GetEdgeConfigRequest create() {
        return new GetEdgeConfigRequest(UUID.randomUUID());
    }

    public static GetEdgeConfigRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        return new GetEdgeConfigRequest(request.id());
    }

    public JsonRpcRequest toRequest() {
        return new JsonRpcRequest(this.id, METHOD, new JsonObject());
    }
}
