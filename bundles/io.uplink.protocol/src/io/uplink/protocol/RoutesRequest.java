package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/** {@code routes}: asks for the self-description of every endpoint, {@code {version:1, endpoints:[…]}}. Params are {@code {}}. */
public record RoutesRequest(UUID id) {

    public static final String METHOD = "routes";

    public RoutesRequest {
        Objects.requireNonNull(id, "id");
    }

    public static RoutesRequest create() {
        return new RoutesRequest(UUID.randomUUID());
    }

    public static RoutesRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        return new RoutesRequest(request.id());
    }

    public JsonRpcRequest toRequest() {
        return new JsonRpcRequest(this.id, METHOD, new JsonObject());
    }
}
