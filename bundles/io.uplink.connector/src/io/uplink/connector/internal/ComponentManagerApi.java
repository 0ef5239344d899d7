package io.uplink.connector.internal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.uplink.connector.internal.EdgeRoutes.Endpoint;
import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.Level;
import io.uplink.protocol.AuthenticatedRpcRequest.User;
import io.uplink.protocol.ConfigProperty;
import io.uplink.protocol.CreateComponentConfigRequest;
import io.uplink.protocol.DeleteComponentConfigRequest;
import io.uplink.protocol.GetEdgeConfigRequest;
import io.uplink.protocol.JsonParams;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcSuccess;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;
import io.uplink.protocol.UpdateComponentConfigRequest;

/**
 * The {@code _componentManager} JSON API as far as Uplink has one: the configuration methods (the top-level
 * getEdgeConfig and create/update/deleteComponentConfig are delegated here, as in OpenEMS) and the channel
 * descriptions the OpenEMS UI asks for.
 */
final class ComponentManagerApi {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentManagerApi.class);

    private final EdgeFacade edge;

    ComponentManagerApi(EdgeFacade edge) {
        this.edge = edge;
    }

    /**
     * Answers one request; the answer carries the request's id.
     *
     * @param request parsed from the masked Backend request; real secrets come from {@code secrets}
     * @throws OpenemsException the error OpenEMS's ComponentManager answers
     */
    JsonRpcSuccess handle(JsonRpcRequest request, User user, RequestSecrets secrets) throws OpenemsException {
        String method = request.method();
        Endpoint endpoint = EdgeRoutes.find(EdgeRoutes.COMPONENT_MANAGER, method)
                .orElseThrow(() -> EdgeRoutes.notDefined(method));
        endpoint.checkRole(user.role());
        JsonObject params = request.params();
        return switch (method) {
            case GetEdgeConfigRequest.METHOD -> new JsonRpcSuccess(request.id(), this.edge.edgeConfig().toJson());
            case CreateComponentConfigRequest.METHOD -> {
                String factoryPid = CreateComponentConfigRequest.from(request).factoryPid();
                throw OpenemsError.EDGE_UNABLE_TO_CREATE_CONFIG.exception(factoryPid,
                        "Uplink has a fixed set of components and cannot create one");
            }
            case DeleteComponentConfigRequest.METHOD -> {
                String componentId = DeleteComponentConfigRequest.from(request).componentId();
                this.channelsOf(componentId);
                throw OpenemsError.EDGE_UNABLE_TO_DELETE_CONFIG.exception(componentId,
                        "Uplink has a fixed set of components; it can be disabled but not deleted");
            }
            case UpdateComponentConfigRequest.METHOD ->
                this.update(UpdateComponentConfigRequest.from(request), user, secrets);
            case "getAllComponentFactories" -> {
                JsonObject result = new JsonObject();
                result.add("factories", this.edge.edgeConfig().toJson().get("factories"));
                yield new JsonRpcSuccess(request.id(), result);
            }
            case "getChannel" -> {
                ChannelMetadata channel = this.channel(new ChannelAddressText(
                        JsonParams.getString(params, "componentId"), JsonParams.getString(params, "channelId")));
                JsonObject result = new JsonObject();
                result.add("channel", this.channelRecord(channel));
                yield new JsonRpcSuccess(request.id(), result);
            }
            case "getChannelsOfComponent" ->
                this.records(request, this.channelsOf(JsonParams.getString(params, "componentId")), false);
            case "getStateChannelsOfComponent" ->
                this.records(request, this.channelsOf(JsonParams.getString(params, "componentId")), true);
            default -> throw EdgeRoutes.notDefined(method);
        };
    }

    /** The ids as the Backend sent them; kept apart from {@link ChannelAddress}, which rejects odd ids. */
    record ChannelAddressText(String componentId, String channelId) {
    }

    /**
     * @throws OpenemsException EDGE_NO_COMPONENT_WITH_ID for an unknown component, GENERIC "Channel [..] is not
     *         defined for ID [..]." for an unknown channel (OpenEMS's IllegalArgumentException text)
     */
    ChannelMetadata channel(ChannelAddressText address) throws OpenemsException {
        for (ChannelMetadata channel : this.channelsOf(address.componentId())) {
            if (channel.address().channelId().equals(address.channelId())) {
                return channel;
            }
        }
        throw OpenemsException.generic(
                "Channel [" + address.channelId() + "] is not defined for ID [" + address.componentId() + "].");
    }

    /** The component's channels by channel id; a configured component without channels has none. */
    List<ChannelMetadata> channelsOf(String componentId) throws OpenemsException {
        List<ChannelMetadata> channels = this.edge.channels().stream()
                .filter(c -> c.address().componentId().equals(componentId))
                .sorted(Comparator.comparing(c -> c.address().channelId())).toList();
        if (channels.isEmpty() && !this.edge.edgeConfig().components().containsKey(componentId)) {
            throw OpenemsError.EDGE_NO_COMPONENT_WITH_ID.exception(componentId);
        }
        return channels;
    }

    private JsonRpcSuccess update(UpdateComponentConfigRequest request, User user, RequestSecrets secrets)
            throws OpenemsException {
        Map<String, JsonElement> properties = new LinkedHashMap<>();
        for (ConfigProperty property : request.properties()) {
            if (!EdgeConfigBuilder.isBookkeepingKey(property.name())) {
                properties.remove(property.name());
                properties.put(property.name(), secrets.realValue(property.name(), property.value()));
            }
        }
        this.edge.updateComponentConfig(request.componentId(), properties);
        LOG.info("Backend user [{}] changed the configuration of [{}]: {}", BackendRequestHandler.printable(user.id()),
                BackendRequestHandler.printable(request.componentId()),
                BackendRequestHandler.printable(String.join(", ", properties.keySet())));
        return JsonRpcSuccess.empty(request.id());
    }

    private JsonRpcSuccess records(JsonRpcRequest request, List<ChannelMetadata> channels, boolean stateOnly) {
        JsonArray records = new JsonArray();
        for (ChannelMetadata channel : channels) {
            if (!stateOnly || this.edge.stateLevel(channel.address()).isPresent()) {
                records.add(this.channelRecord(channel));
            }
        }
        JsonObject result = new JsonObject();
        result.add("channels", records);
        return new JsonRpcSuccess(request.id(), result);
    }

    /**
     * OpenEMS's ChannelRecord: {@code {id, accessMode:"RO"|"RW"|"WO", persistencePriority, text, type, unit
     * (symbol), category:"OPENEMS_TYPE"|"ENUM"|"STATE"}} plus {@code level} (STATE) or {@code options}
     * ({@code {name: value}}, ENUM). Channel values are not part of it.
     */
    private JsonObject channelRecord(ChannelMetadata channel) {
        Optional<Level> level = this.edge.stateLevel(channel.address());
        JsonObject json = new JsonObject();
        json.addProperty("id", channel.address().channelId());
        json.addProperty("accessMode", abbreviation(channel.accessMode()));
        json.addProperty("persistencePriority", channel.priority().name());
        json.addProperty("text", channel.text());
        json.addProperty("type", channel.type().name());
        json.addProperty("unit", channel.unit().symbol());
        if (level.isPresent()) {
            json.addProperty("category", "STATE");
            json.addProperty("level", level.get().name());
        } else if (channel.isEnum()) {
            json.addProperty("category", "ENUM");
            JsonObject options = new JsonObject();
            channel.enumOptions().forEach((value, name) -> options.addProperty(name, value));
            json.add("options", options);
        } else {
            json.addProperty("category", "OPENEMS_TYPE");
        }
        return json;
    }

    static String abbreviation(AccessMode accessMode) {
        return switch (accessMode) {
            case READ_ONLY -> "RO";
            case READ_WRITE -> "RW";
            case WRITE_ONLY -> "WO";
        };
    }
}
