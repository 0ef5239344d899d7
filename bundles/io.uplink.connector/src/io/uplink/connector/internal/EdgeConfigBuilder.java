package io.uplink.connector.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.uplink.connector.ConnectorConfig;
import io.uplink.core.ChannelMetadata;
import io.uplink.protocol.EdgeConfig;

/**
 * Builds the EdgeConfig the agent sends (§5.5): the controller component plus one component per channel-source
 * component, and the factories in use. Components, factories and properties are sorted by key, as OpenEMS keeps
 * them in TreeMaps. Immutable and thread-safe.
 */
public final class EdgeConfigBuilder {

    public static final String CONTROLLER_FACTORY_ID = "Controller.Api.Backend";
    public static final String SUM_FACTORY_ID = "Core.Sum";
    public static final String META_FACTORY_ID = "Core.Meta";
    /** Factory of source components the caller's mapping does not name. */
    public static final String DEFAULT_SOURCE_FACTORY_ID = "Uplink.Source";

    private static final String OPENEMS_COMPONENT = "io.openems.edge.common.component.OpenemsComponent";

    /** OSGi bookkeeping keys OpenEMS leaves out of the EdgeConfig and ignores in updateComponentConfig. */
    private static final Set<String> BOOKKEEPING_KEYS = Set.of("id", "component.id", "component.name", "service.pid",
            "service.factoryPid", "webconsole.configurationFactory.nameHint", "event.topics");

    private static final Map<String, EdgeConfig.Factory> KNOWN_FACTORIES = Map.of(
            CONTROLLER_FACTORY_ID, new EdgeConfig.Factory("Controller Api Backend",
                    "This controller connects to OpenEMS Backend",
                    List.of("io.openems.edge.controller.api.Controller", OPENEMS_COMPONENT,
                            "io.openems.edge.controller.api.backend.api.ControllerApiBackend")),
            SUM_FACTORY_ID, new EdgeConfig.Factory("Core Sum", "The global OpenEMS Summary data.",
                    List.of("io.openems.edge.common.sum.Sum", OPENEMS_COMPONENT)),
            META_FACTORY_ID, new EdgeConfig.Factory("Core Meta", "The global manager for Metadata.",
                    List.of("io.openems.edge.common.meta.Meta", OPENEMS_COMPONENT)),
            DEFAULT_SOURCE_FACTORY_ID, new EdgeConfig.Factory("Uplink Source",
                    "Channels read by Uplink from a device or simulation", List.of(OPENEMS_COMPONENT)));

    private final Function<String, String> factoryIds;
    private final Map<String, EdgeConfig.Factory> factories;

    /**
     * @param factoryIds componentId → factory id for source components other than {@code _sum} and
     *        {@code _meta} (e.g. the simulated edge's {@code meter0} → {@code Simulator.GridMeter.Acting});
     *        {@code null} means {@link #DEFAULT_SOURCE_FACTORY_ID}
     */
    public EdgeConfigBuilder(Function<String, String> factoryIds) {
        this(factoryIds, Map.of());
    }

    private EdgeConfigBuilder(Function<String, String> factoryIds, Map<String, EdgeConfig.Factory> extra) {
        this.factoryIds = Objects.requireNonNull(factoryIds, "factoryIds");
        Map<String, EdgeConfig.Factory> all = new LinkedHashMap<>(KNOWN_FACTORIES);
        all.putAll(extra);
        this.factories = Map.copyOf(all);
    }

    /**
     * A builder that also knows how to describe this factory. Factories nobody described are listed with their
     * id as name, an empty description and the OpenemsComponent nature.
     */
    public EdgeConfigBuilder withFactory(String factoryId, EdgeConfig.Factory description) {
        Map<String, EdgeConfig.Factory> extra = new LinkedHashMap<>(this.factories);
        extra.put(Objects.requireNonNull(factoryId, "factoryId"), Objects.requireNonNull(description, "description"));
        return new EdgeConfigBuilder(this.factoryIds, extra);
    }

    /** The agent's EdgeConfig; every source component is listed as {@link #DEFAULT_SOURCE_FACTORY_ID}. */
    public static EdgeConfig build(ConnectorConfig config, Collection<ChannelMetadata> channels) {
        return new EdgeConfigBuilder(componentId -> null).build(config.id(), config.alias(),
                config.toEdgeConfigProperties(), channels);
    }

    /** True for the keys OpenEMS never shows in the EdgeConfig and ignores when updating a configuration. */
    public static boolean isBookkeepingKey(String key) {
        return BOOKKEEPING_KEYS.contains(key);
    }

    /**
     * @param controllerId the controller's component id, e.g. {@code ctrlBackend0}; channels of this component are
     *        the controller's own and get no component of their own
     * @param alias the controller's alias; blank means the id, as in OpenEMS
     * @param controllerProperties the controller's configuration (§9) with passwords already masked; bookkeeping
     *        keys are dropped and any secret-named property is masked again, so a slip cannot leak the apikey
     * @param channels every channel of the Edge
     */
    public EdgeConfig build(String controllerId, String alias, JsonObject controllerProperties,
            Collection<ChannelMetadata> channels) {
        Objects.requireNonNull(controllerId, "controllerId");
        Map<String, EdgeConfig.Component> components = new TreeMap<>();
        components.put(controllerId, new EdgeConfig.Component(alias == null || alias.isBlank() ? controllerId : alias,
                CONTROLLER_FACTORY_ID, controllerProperties(controllerProperties)));
        for (ChannelMetadata channel : channels) {
            String componentId = channel.address().componentId();
            if (!components.containsKey(componentId)) {
                components.put(componentId, new EdgeConfig.Component(componentId, this.factoryIdOf(componentId),
                        sourceProperties(componentId)));
            }
        }
        Map<String, EdgeConfig.Factory> used = new TreeMap<>();
        for (EdgeConfig.Component component : components.values()) {
            used.computeIfAbsent(component.factoryId(), this::factory);
        }
        return new EdgeConfig(components, used);
    }

    private String factoryIdOf(String componentId) {
        switch (componentId) {
            case "_sum" -> {
                return SUM_FACTORY_ID;
            }
            case "_meta" -> {
                return META_FACTORY_ID;
            }
            default -> {
                String factoryId = this.factoryIds.apply(componentId);
                return factoryId == null || factoryId.isBlank() ? DEFAULT_SOURCE_FACTORY_ID : factoryId;
            }
        }
    }

    private EdgeConfig.Factory factory(String factoryId) {
        EdgeConfig.Factory known = this.factories.get(factoryId);
        return known != null ? known : new EdgeConfig.Factory(factoryId, "", List.of(OPENEMS_COMPONENT));
    }

    private static JsonObject controllerProperties(JsonObject given) {
        JsonObject masked = SecretMasking.mask(Objects.requireNonNull(given, "controllerProperties"))
                .getAsJsonObject();
        TreeMap<String, JsonElement> sorted = new TreeMap<>();
        masked.entrySet().forEach(e -> {
            if (!isBookkeepingKey(e.getKey())) {
                sorted.put(e.getKey(), e.getValue());
            }
        });
        JsonObject properties = new JsonObject();
        sorted.forEach(properties::add);
        return properties;
    }

    /** Singletons (_sum, _meta) have no configuration Uplink knows; other sources are enabled components. */
    private static JsonObject sourceProperties(String componentId) {
        JsonObject properties = new JsonObject();
        if (!componentId.startsWith("_")) {
            properties.addProperty("enabled", true);
        }
        return properties;
    }
}
