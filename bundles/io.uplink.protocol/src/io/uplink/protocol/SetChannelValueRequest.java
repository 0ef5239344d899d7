package io.uplink.protocol;

import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import io.uplink.core.ChannelAddress;

/**
 * {@code setChannelValue}: {@code {"componentId":…,"channelId":…,"value":…}}. A null value (or "" for a
 * non-string channel) removes a value set earlier.
 */
public record SetChannelValueRequest(UUID id, String componentId, String channelId, JsonElement value) {

    public static final String METHOD = "setChannelValue";

    public SetChannelValueRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(componentId, "componentId");
        Objects.requireNonNull(channelId, "channelId");
        value = value == null ? JsonNull.INSTANCE : value.deepCopy();
    }

    public static SetChannelValueRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        JsonObject params = request.params();
        return new SetChannelValueRequest(request.id(), JsonParams.getString(params, "componentId"),
                JsonParams.getString(params, "channelId"), JsonParams.getElement(params, "value"));
    }

    /** A copy of the value. */
    @Override
    public JsonElement value() {
        return this.value.deepCopy();
    }

    /** @throws OpenemsException COMMON_NO_VALID_CHANNEL_ADDRESS if the ids do not form a valid address */
    public ChannelAddress channelAddress() throws OpenemsException {
        try {
            return new ChannelAddress(this.componentId, this.channelId);
        } catch (IllegalArgumentException e) {
            throw OpenemsException.withCause(OpenemsError.COMMON_NO_VALID_CHANNEL_ADDRESS, e,
                    this.componentId + "/" + this.channelId);
        }
    }

    public JsonRpcRequest toRequest() {
        JsonObject params = new JsonObject();
        params.addProperty("componentId", this.componentId);
        params.addProperty("channelId", this.channelId);
        params.add("value", this.value.deepCopy());
        return new JsonRpcRequest(this.id, METHOD, params);
    }
}
