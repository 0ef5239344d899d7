package io.uplink.protocol;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/** {@code createComponentConfig}: {@code {"factoryPid":…,"properties":[{"name":…,"value":…}]}}. */
public record CreateComponentConfigRequest(UUID id, String factoryPid, List<ConfigProperty> properties) {

    public static final String METHOD = "createComponentConfig";

    public CreateComponentConfigRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(factoryPid, "factoryPid");
        properties = List.copyOf(properties);
    }

    public static CreateComponentConfigRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        JsonObject params = request.params();
        return new CreateComponentConfigRequest(request.id(), JsonParams.getString(params, "factoryPid"),
                ConfigProperty.listFrom(JsonParams.getArray(params, "properties")));
    }

    public JsonRpcRequest toRequest() {
        JsonObject params = new JsonObject();
        params.addProperty("factoryPid", this.factoryPid);
        params.add("properties", ConfigProperty.toJson(this.properties));
        return new JsonRpcRequest(this.id, METHOD, params);
    }
}
