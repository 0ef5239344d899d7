package io.uplink.connector.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonElement;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.Level;
import io.uplink.protocol.EdgeConfig;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;

/**
 * What {@link BackendRequestHandler} needs from the running connector to answer the Backend's requests.
 * Implementations are thread-safe: the handler calls them from its own worker thread and may give up waiting
 * (request timeout) while a call is still running.
 */
public interface EdgeFacade {

    /** The configuration as the agent sends it in {@code edgeConfig}: passwords masked, no channels. */
    EdgeConfig edgeConfig();

    /** Every channel of this Edge, the controller's own ({@code ctrlBackend0/UnableToSend}, …) included. */
    List<ChannelMetadata> channels();

    /** The channel's current value in the {@link io.uplink.core.ChannelValues} model; {@code null} if undefined. */
    Object currentValue(ChannelAddress address);

    /**
     * The level of an OpenEMS StateChannel, i.e. a boolean warning or fault bit such as
     * {@code ctrlBackend0/UnableToSend} (WARNING) or {@code ctrlBackend0/RunFailed} (FAULT); empty for every
     * other channel. The {@code State} channels themselves are Level enums, not StateChannels. Override it so
     * {@code getStateChannelsOfComponent} can list them; without it they are reported as plain channels.
     */
    default Optional<Level> stateLevel(ChannelAddress address) {
        return Optional.empty();
    }

    /**
     * Validates, applies and persists a configuration change; returns once it is applied (OpenEMS answers
     * {@code {}} at that point and sends a new {@code edgeConfig} afterwards).
     *
     * @param properties property name → value in request order, as received (a {@code "xxx"} from a UI that
     *        echoes a masked password is passed on unchanged); JSON null resets the property to its default.
     *        OSGi bookkeeping keys ({@code id}, {@code service.pid}, …) are already removed, as OpenEMS ignores them.
     * @throws OpenemsException {@link OpenemsError#EDGE_NO_COMPONENT_WITH_ID} for an unknown id,
     *         {@link OpenemsError#EDGE_UNABLE_TO_APPLY_CONFIG} with the validation message otherwise; messages must
     *         not contain secret values
     */
    void updateComponentConfig(String componentId, Map<String, JsonElement> properties) throws OpenemsException;

    /**
     * Stores a value the API writes every cycle until {@code apiTimeout} (§6.8). The handler has already checked
     * that the channel exists and is writable, and turned {@code ""} for a non-STRING channel into JSON null.
     *
     * @param value a JSON primitive, or JSON null to remove a stored value
     * @throws OpenemsException if the value does not fit the channel's type (GENERIC, naming value and type)
     */
    void setChannelValue(ChannelAddress address, JsonElement value) throws OpenemsException;

    /** Adds ({@code true}) or removes this Backend connection as receiver of {@code systemLog} notifications. */
    void subscribeSystemLog(boolean subscribe);
}
