package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonObject;

/**
 * {@code componentJsonApi}: {@code {"componentId":…,"payload":<request>}}; the payload's id is optional and
 * gets a random one when missing. The answer is the component's result, not wrapped.
 */
public record ComponentJsonApiRequest(UUID id, String componentId, JsonRpcRequest payload) {

    public static final String METHOD = "componentJsonApi";

    public ComponentJsonApiRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(componentId, "componentId");
        Objects.requireNonNull(payload, "payload");
    }

    public static ComponentJsonApiRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        JsonObject params = request.params();
        return new ComponentJsonApiRequest(request.id(), JsonParams.getString(params, "componentId"),
                Messages.payload(params, false));
    }

    public JsonRpcRequest toRequest() {
        JsonObject params = new JsonObject();
        params.addProperty("componentId", this.componentId);
        params.add("payload", JsonRpcCodec.toJson(this.payload));
        return new JsonRpcRequest(this.id, METHOD, params);
    }
}
