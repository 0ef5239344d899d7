package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/** {@code deleteComponentConfig}: {@code {"componentId":…}}. */
public record DeleteComponentConfigRequest(UUID id, String componentId) {

    public static final String METHOD = "deleteComponentConfig";

    public DeleteComponentConfigRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(componentId, "componentId");
    }

    public static DeleteComponentConfigRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        return new DeleteComponentConfigRequest(request.id(), JsonParams.getString(request.params(), "componentId"));
    }

    public JsonRpcRequest toRequest() {
        JsonObject params = new JsonObject();
        params.addProperty("componentId", this.componentId);
        return new JsonRpcRequest(this.id, METHOD, params);
    }
}
