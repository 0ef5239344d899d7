package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

/** {@code oauthRegistry} (Edge → Backend, unwrapped): OAuth token exchange for Edge features. Params are {@code {"payload":<request>}}. */
public record OAuthRegistryRequest(UUID id, JsonRpcRequest payload) {

    public static final String METHOD = "oauthRegistry";

    public OAuthRegistryRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
    }

    /** A request with a random id. */
    public static OAuthRegistryRequest create(JsonRpcRequest payload) {
        return new OAuthRegistryRequest(UUID.randomUUID(), payload);
    }

    public static OAuthRegistryRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        return new OAuthRegistryRequest(request.id(), Messages.payload(request.params(), true));
    }

    public JsonRpcRequest toRequest() {
        return new JsonRpcRequest(this.id, METHOD, Messages.payloadParams(this.payload));
    }
}
