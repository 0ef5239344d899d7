package io.uplink.protocol;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/** {@code updateComponentConfig}: {@code {"componentId":…,"properties":[{"name":…,"value":…}]}}; merged in. */
public record UpdateComponentConfigRequest(UUID id, String componentId, List<ConfigProperty> properties) {

    public static final String METHOD = "updateComponentConfig";

    public UpdateComponentConfigRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(componentId, "componentId");
        properties = List.copyOf(properties);
    }

    public static UpdateComponentConfigRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        JsonObject params = request.params();
        return new UpdateComponentConfigRequest(request.id(), JsonParams.getString(params, "componentId"),
                ConfigProperty.listFrom(JsonParams.getArray(params, "properties")));
    }

    public JsonRpcRequest toRequest() {
        JsonObject params = new JsonObject();
        params.addProperty("componentId", this.componentId);
        params.add("properties", ConfigProperty.toJson(this.properties));
        return new JsonRpcRequest(this.id, METHOD, params);
    }
}
