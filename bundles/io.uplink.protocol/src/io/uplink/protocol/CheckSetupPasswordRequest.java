package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/**
 * {@code checkSetupPassword} (Edge → Backend, 2026.x): {@code {"setupPassword":…}}; an empty result means the
 * password belongs to this Edge, error 1003 that it does not.
 */
public record CheckSetupPasswordRequest(UUID id, String setupPassword) {

    public static final String METHOD = "checkSetupPassword";

    public CheckSetupPasswordRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(setupPassword, "setupPassword");
    }

    public static CheckSetupPasswordRequest create(String setupPassword) {
        return new CheckSetupPasswordRequest(UUID.randomUUID(), setupPassword);
    }

    public static CheckSetupPasswordRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        return new CheckSetupPasswordRequest(request.id(), JsonParams.getString(request.params(), "setupPassword"));
    }

    public JsonRpcRequest toRequest() {
        JsonObject params = new JsonObject();
        params.addProperty("setupPassword", this.setupPassword);
        return new JsonRpcRequest(this.id, METHOD, params);
    }

    /** Masks the password so it never reaches a log. */
    @Override
    public String toString() {
        return "CheckSetupPasswordRequest[id=" + this.id + ", setupPassword=xxx]";
    }
}
