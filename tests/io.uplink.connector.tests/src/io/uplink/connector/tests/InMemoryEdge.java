package io.uplink.connector.tests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.uplink.connector.internal.EdgeConfigBuilder;
import io.uplink.connector.internal.EdgeFacade;
import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelValues;
import io.uplink.core.Level;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.protocol.ChannelValueJson;
import io.uplink.protocol.EdgeConfig;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;

/**
 * Test peer: a small but real Edge behind {@link EdgeFacade}. It has channels with current values, a controller
 * configuration that updateComponentConfig validates and applies as a whole, and it records every stored channel
 * value. Not a mock: it decides on its own which values and properties are acceptable.
 */
public class InMemoryEdge implements EdgeFacade {

    static final String CONTROLLER_ID = "ctrlBackend0";
    static final String APIKEY = "s3cr3t-ApiKey-4711";

    /** A value the Backend stored: as sent and as converted to the channel's type. */
    record Write(ChannelAddress address, JsonElement sent, Object normalized) {
    }

    private final List<ChannelMetadata> channels = List.of(
            ChannelMetadata.state(ChannelAddress.parse("_sum/State"), PersistencePriority.VERY_HIGH),
            ChannelMetadata.of("_sum/EssSoc", OpenemsType.INTEGER, Unit.PERCENT, PersistencePriority.VERY_HIGH),
            ChannelMetadata.of("_meta/Version", OpenemsType.STRING, Unit.NONE, PersistencePriority.VERY_HIGH),
            ChannelMetadata.of("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.HIGH),
            ChannelMetadata.builder(ChannelAddress.parse("ess0/GridMode"), OpenemsType.INTEGER)
                    .priority(PersistencePriority.HIGH).enumOptions(Map.of(1, "On-Grid", 2, "Off-Grid")).build(),
            ChannelMetadata.builder(ChannelAddress.parse("ess0/SetActivePowerEquals"), OpenemsType.INTEGER)
                    .unit(Unit.WATT).accessMode(AccessMode.WRITE_ONLY).text("Set point").build(),
            ChannelMetadata.builder(ChannelAddress.parse("ess0/Label"), OpenemsType.STRING)
                    .accessMode(AccessMode.READ_WRITE).build(),
            ChannelMetadata.builder(ChannelAddress.parse(CONTROLLER_ID + "/UnableToSend"), OpenemsType.BOOLEAN)
                    .priority(PersistencePriority.VERY_HIGH).build(),
            ChannelMetadata.builder(ChannelAddress.parse(CONTROLLER_ID + "/RunFailed"), OpenemsType.BOOLEAN)
                    .priority(PersistencePriority.HIGH).build(),
            ChannelMetadata.of(CONTROLLER_ID + "/ApiWorkerLog", OpenemsType.STRING, Unit.NONE,
                    PersistencePriority.LOW));

    private final Map<ChannelAddress, Level> stateLevels = Map.of(
            new ChannelAddress(CONTROLLER_ID, "UnableToSend"), Level.WARNING,
            new ChannelAddress(CONTROLLER_ID, "RunFailed"), Level.FAULT);

    private final Map<ChannelAddress, Object> values = new ConcurrentHashMap<>(
            Map.of(ChannelAddress.parse("meter0/ActivePower"), 1234L, ChannelAddress.parse("_sum/EssSoc"), 57L));

    private final Map<String, JsonElement> defaults = defaults();
    private final Map<String, JsonElement> controllerConfig = new LinkedHashMap<>(this.defaults);

    final List<Write> writes = new CopyOnWriteArrayList<>();
    final List<Boolean> systemLogSubscriptions = new CopyOnWriteArrayList<>();
    /** When set, updateComponentConfig waits for it, as a slow disk would. */
    volatile CountDownLatch updateGate;

    private static Map<String, JsonElement> defaults() {
        Map<String, JsonElement> d = new LinkedHashMap<>();
        JsonObject j = new JsonObject();
        j.addProperty("alias", "");
        j.addProperty("enabled", true);
        j.addProperty("apikey", APIKEY);
        j.addProperty("uri", "wss://backend.example.com/openems");
        j.addProperty("apiTimeout", 60);
        j.addProperty("persistencePriority", "HIGH");
        j.entrySet().forEach(e -> d.put(e.getKey(), e.getValue()));
        return d;
    }

    /** The real (unmasked) value of a controller property. */
    synchronized JsonElement controllerProperty(String name) {
        return this.controllerConfig.get(name);
    }

    @Override
    public synchronized EdgeConfig edgeConfig() {
        JsonObject properties = new JsonObject();
        this.controllerConfig.forEach((name, value) -> properties.add(name, value.deepCopy()));
        properties.addProperty("apikey", "xxx");
        return new EdgeConfigBuilder(id -> id.startsWith("meter") ? "Simulator.GridMeter.Acting" : null)
                .build(CONTROLLER_ID, properties.get("alias").getAsString(), properties, this.channels);
    }

    @Override
    public List<ChannelMetadata> channels() {
        return this.channels;
    }

    @Override
    public Object currentValue(ChannelAddress address) {
        return this.values.get(address);
    }

    @Override
    public Optional<Level> stateLevel(ChannelAddress address) {
        return Optional.ofNullable(this.stateLevels.get(address));
    }

    @Override
    public void updateComponentConfig(String componentId, Map<String, JsonElement> properties) throws OpenemsException {
        if (!componentId.equals(CONTROLLER_ID)) {
            if (this.channels.stream().anyMatch(c -> c.address().componentId().equals(componentId))) {
                throw OpenemsError.EDGE_UNABLE_TO_APPLY_CONFIG.exception(componentId,
                        "its configuration belongs to the device");
            }
            throw OpenemsError.EDGE_NO_COMPONENT_WITH_ID.exception(componentId);
        }
        Map<String, JsonElement> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> property : properties.entrySet()) {
            String problem = this.check(property.getKey(), property.getValue());
            if (problem != null) {
                throw OpenemsError.EDGE_UNABLE_TO_APPLY_CONFIG.exception(componentId, problem);
            }
            changes.put(property.getKey(), property.getValue().isJsonNull() ? this.defaults.get(property.getKey())
                    : property.getValue());
        }
        awaitGate();
        synchronized (this) {
            this.controllerConfig.putAll(changes);
        }
    }

    private void awaitGate() throws OpenemsException {
        CountDownLatch gate = this.updateGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw OpenemsException.generic("interrupted");
            }
        }
    }

    /** Why the value is not acceptable, or null; never quotes the value, which may be a secret. */
    private String check(String name, JsonElement value) {
        if (!this.defaults.containsKey(name)) {
            return "Uplink has no property [" + name + "]";
        }
        if (value.isJsonNull()) {
            return null;
        }
        boolean string = value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
        return switch (name) {
            case "apikey" -> string && !value.getAsString().isBlank() ? null : "apikey must be a non-empty string";
            case "alias" -> string ? null : "alias must be a string";
            case "uri" -> string && value.getAsString().toLowerCase(Locale.ROOT).matches("wss?://.+") ? null
                    : "uri must start with ws:// or wss://";
            case "enabled" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean() ? null
                    : "enabled must be true or false";
            case "apiTimeout" -> isSeconds(value) ? null : "apiTimeout must be a whole number of seconds, 0 or more";
            default -> priority(value);
        };
    }

    private static boolean isSeconds(JsonElement value) {
        try {
            return value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
                    && value.getAsBigDecimal().intValueExact() >= 0;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static String priority(JsonElement value) {
        try {
            PersistencePriority.parse(value.isJsonPrimitive() ? value.getAsString() : null);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Override
    public void setChannelValue(ChannelAddress address, JsonElement value) throws OpenemsException {
        ChannelMetadata channel = this.channels.stream().filter(c -> c.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("handler passed an unknown channel " + address));
        try {
            Object normalized = ChannelValues.normalize(channel.type(), ChannelValueJson.fromJson(value));
            this.writes.add(new Write(address, value, normalized));
        } catch (IllegalArgumentException e) {
            throw OpenemsException.generic(e.getMessage());
        }
    }

    @Override
    public void subscribeSystemLog(boolean subscribe) {
        this.systemLogSubscriptions.add(subscribe);
    }
}
