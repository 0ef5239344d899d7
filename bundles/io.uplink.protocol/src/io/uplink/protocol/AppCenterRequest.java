package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

/** {@code appCenter} (Edge → Backend, unwrapped): App-Manager key and licence calls. Params are {@code {"payload":<request>}}. */
public record AppCenterRequest(UUID id, JsonRpcRequest payload) {

    public static final String METHOD = "appCenter";

    public AppCenterRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
    }

    /** A request with a random id. */
    public static AppCenterRequest create(JsonRpcRequest payload) {
        return new AppCenterRequest(UUID.randomUUID(), payload);
    }

    public static AppCenterRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        return new AppCenterRequest(request.id(), Messages.payload(request.params(), true));
    }

    public JsonRpcRequest toRequest() {
        return new JsonRpcRequest(this.id, METHOD, Messages.payloadParams(this.payload));
    }
}
