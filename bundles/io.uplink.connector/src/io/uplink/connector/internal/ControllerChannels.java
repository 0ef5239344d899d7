package io.uplink.connector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.uplink.connector.ConnectorConfig;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelValues;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.Level;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

/**
 * The controller's own channels under its component id, with OpenEMS's wire names, types and priorities:
 * State, RunFailed, ApiWorkerLog, UnableToSend, LastSuccessfulResend, ConnectionCloseFailure and one
 * {@code _Property<Name>} channel per non-password attribute. All are read-only for the Backend; the
 * orchestrator sets them. State is derived: FAULT while RunFailed, WARNING while UnableToSend, else OK.
 * Thread-safe.
 */
public final class ControllerChannels implements ChannelSource {

    public static final String STATE = "State";
    public static final String RUN_FAILED = "RunFailed";
    public static final String API_WORKER_LOG = "ApiWorkerLog";
    public static final String UNABLE_TO_SEND = "UnableToSend";
    public static final String LAST_SUCCESSFUL_RESEND = "LastSuccessfulResend";
    public static final String CONNECTION_CLOSE_FAILURE = "ConnectionCloseFailure";

    private static final String PROPERTY_PREFIX = "_Property";

    private static final int I_STATE = 0;
    private static final int I_RUN_FAILED = 1;
    private static final int I_API_WORKER_LOG = 2;
    private static final int I_UNABLE_TO_SEND = 3;
    private static final int I_LAST_SUCCESSFUL_RESEND = 4;
    private static final int I_CONNECTION_CLOSE_FAILURE = 5;
    private static final int I_FIRST_PROPERTY = 6;

    private static final List<ConnectorConfig.Attribute> PROPERTIES = ConnectorConfig.attributes().stream()
            .filter(a -> !a.password()).toList();

    private final Object lock = new Object();
    private final Object[] values = new Object[I_FIRST_PROPERTY + PROPERTIES.size()];
    private String componentId;
    private List<ChannelMetadata> channels;
    private long channelsVersion = 1;

    public ControllerChannels(ConnectorConfig config) {
        Objects.requireNonNull(config, "config");
        // booleans start false so State is defined before the first connection attempt
        this.values[I_RUN_FAILED] = Boolean.FALSE;
        this.values[I_UNABLE_TO_SEND] = Boolean.FALSE;
        this.values[I_CONNECTION_CLOSE_FAILURE] = Boolean.FALSE;
        this.componentId = config.id();
        this.channels = buildChannels(this.componentId);
        this.setProperties(config);
    }

    /** The name of the {@code _Property} channel of a config attribute, e.g. {@code _PropertyApiTimeout}. */
    public static String propertyChannelId(String attribute) {
        return PROPERTY_PREFIX + Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1);
    }

    private static List<ChannelMetadata> buildChannels(String componentId) {
        List<ChannelMetadata> list = new ArrayList<>(I_FIRST_PROPERTY + PROPERTIES.size());
        list.add(ChannelMetadata.state(new ChannelAddress(componentId, STATE), PersistencePriority.VERY_HIGH));
        list.add(channel(componentId, RUN_FAILED, OpenemsType.BOOLEAN, Unit.NONE, PersistencePriority.HIGH,
                "run() failed, e.g. a value set by the Backend could not be written"));
        list.add(channel(componentId, API_WORKER_LOG, OpenemsType.STRING, Unit.NONE, PersistencePriority.LOW,
                "channel:value pairs the Backend's values wrote this cycle"));
        list.add(channel(componentId, UNABLE_TO_SEND, OpenemsType.BOOLEAN, Unit.NONE, PersistencePriority.VERY_HIGH,
                "data could not be sent to the Backend"));
        list.add(channel(componentId, LAST_SUCCESSFUL_RESEND, OpenemsType.LONG, Unit.CUMULATED_SECONDS,
                PersistencePriority.VERY_HIGH, "epoch seconds of the end of the last resent chunk"));
        list.add(channel(componentId, CONNECTION_CLOSE_FAILURE, OpenemsType.BOOLEAN, Unit.NONE,
                PersistencePriority.LOW, "closing the old connection timed out"));
        for (ConnectorConfig.Attribute attribute : PROPERTIES) {
            list.add(channel(componentId, propertyChannelId(attribute.name()), attribute.type(), Unit.NONE,
                    PersistencePriority.HIGH, attribute.description()));
        }
        return List.copyOf(list);
    }

    private static ChannelMetadata channel(String componentId, String channelId, OpenemsType type, Unit unit,
            PersistencePriority priority, String text) {
        return ChannelMetadata.builder(new ChannelAddress(componentId, channelId), type).unit(unit)
                .priority(priority).text(text).build();
    }

    /** Takes over the new configuration's property values; the channel set changes only if the id changes. */
    public void applyConfig(ConnectorConfig config) {
        synchronized (this.lock) {
            if (!config.id().equals(this.componentId)) {
                this.componentId = config.id();
                this.channels = buildChannels(this.componentId);
                this.channelsVersion++;
            }
            this.setProperties(config);
        }
    }

    private void setProperties(ConnectorConfig config) {
        for (int i = 0; i < PROPERTIES.size(); i++) {
            ConnectorConfig.Attribute attribute = PROPERTIES.get(i);
            Object value = config.value(attribute.name());
            // enum properties are STRING channels holding the name, as in OpenEMS
            Object raw = value instanceof Enum<?> e ? e.name() : value;
            this.values[I_FIRST_PROPERTY + i] = ChannelValues.normalize(attribute.type(), raw);
        }
    }

    public void setUnableToSend(boolean value) {
        this.set(I_UNABLE_TO_SEND, value);
    }

    /** Sets UnableToSend; @return whether it changed, so exactly one caller reports each raise and clear */
    public boolean changeUnableToSend(boolean value) {
        synchronized (this.lock) {
            boolean changed = !Boolean.valueOf(value).equals(this.values[I_UNABLE_TO_SEND]);
            this.values[I_UNABLE_TO_SEND] = value;
            return changed;
        }
    }

    public void setRunFailed(boolean value) {
        this.set(I_RUN_FAILED, value);
    }

    /** The {@code addr:value|addr:value} text of this cycle's API writes ({@code ""} if none). */
    public void setApiWorkerLog(String value) {
        this.set(I_API_WORKER_LOG, value);
    }

    /** Epoch seconds of the end of the last successfully resent chunk. */
    public void setLastSuccessfulResend(long epochSeconds) {
        this.set(I_LAST_SUCCESSFUL_RESEND, epochSeconds);
    }

    public void setConnectionCloseFailure(boolean value) {
        this.set(I_CONNECTION_CLOSE_FAILURE, value);
    }

    private void set(int index, Object value) {
        synchronized (this.lock) {
            this.values[index] = value;
        }
    }

    public boolean unableToSend() {
        synchronized (this.lock) {
            return Boolean.TRUE.equals(this.values[I_UNABLE_TO_SEND]);
        }
    }

    /** The derived State: FAULT while RunFailed, WARNING while UnableToSend, otherwise OK. */
    public Level state() {
        synchronized (this.lock) {
            return this.stateLocked();
        }
    }

    private Level stateLocked() {
        if (Boolean.TRUE.equals(this.values[I_RUN_FAILED])) {
            return Level.FAULT;
        }
        return Boolean.TRUE.equals(this.values[I_UNABLE_TO_SEND]) ? Level.WARNING : Level.OK;
    }

    @Override
    public String id() {
        synchronized (this.lock) {
            return this.componentId;
        }
    }

    @Override
    public List<ChannelMetadata> channels() {
        synchronized (this.lock) {
            return this.channels;
        }
    }

    @Override
    public long channelsVersion() {
        synchronized (this.lock) {
            return this.channelsVersion;
        }
    }

    @Override
    public ChannelSnapshot read(long timestampMillis) {
        synchronized (this.lock) {
            Object[] copy = this.values.clone();
            copy[I_STATE] = (long) this.stateLocked().value();
            return new ChannelSnapshot(timestampMillis, this.channels, copy);
        }
    }

    /** Always refused: none of the controller's channels can be written from outside. */
    @Override
    public void write(ChannelAddress address, Object value) throws ChannelWriteException {
        Objects.requireNonNull(address, "address");
        for (ChannelMetadata channel : this.channels()) {
            if (channel.address().equals(address)) {
                throw new ChannelWriteException(address, "channel is READ_ONLY, not writable");
            }
        }
        throw new ChannelWriteException(address, "no such channel in " + this.id());
    }
}
