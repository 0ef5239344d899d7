package io.uplink.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The Edge configuration as sent in {@code edgeConfig} and answered to {@code getEdgeConfig}: components and
 * the factories in use, without channels. Maps keep insertion order, which is the wire order.
 */
public record EdgeConfig(Map<String, Component> components, Map<String, Factory> factories) {

    public EdgeConfig {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(components, "components")));
        factories = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(factories, "factories")));
    }

    /**
     * One configured component (its id is the map key).
     *
     * @param properties the OSGi properties without bookkeeping keys; passwords already masked as "xxx"
     */
    public record Component(String alias, String factoryId, JsonObject properties) {

        public Component {
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(factoryId, "factoryId");
            properties = Objects.requireNonNull(properties, "properties").deepCopy();
        }

        /** A copy of the properties. */
        @Override
        public JsonObject properties() {
            return this.properties.deepCopy();
        }
    }

    /** One component factory (its factory PID is the map key). */
    public record Factory(String name, String description, List<String> natureIds) {

        public Factory {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            natureIds = List.copyOf(natureIds);
        }
    }

    /** {@code {"components":{id:{alias,factoryId,properties}},"factories":{pid:{name,description,natureIds}}}} */
    public JsonObject toJson() {
        JsonObject jComponents = new JsonObject();
        this.components.forEach((id, c) -> {
            JsonObject j = new JsonObject();
            j.addProperty("alias", c.alias());
            j.addProperty("factoryId", c.factoryId());
            j.add("properties", c.properties());
            jComponents.add(id, j);
        });
        JsonObject jFactories = new JsonObject();
        this.factories.forEach((pid, f) -> {
            JsonObject j = new JsonObject();
            j.addProperty("name", f.name());
            j.addProperty("description", f.description());
            JsonArray natures = new JsonArray();
            f.natureIds().forEach(natures::add);
            j.add("natureIds", natures);
            jFactories.add(pid, j);
        });
        JsonObject json = new JsonObject();
        json.add("components", jComponents);
        json.add("factories", jFactories);
        return json;
    }

    /** Reads the form written by {@link #toJson()}; unknown members (e.g. channels) are ignored. */
    public static EdgeConfig fromJson(JsonObject json) throws OpenemsException {
        Map<String, Component> components = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : JsonParams.getObject(json, "components").entrySet()) {
            JsonObject j = JsonParams.asObject(e.getValue());
            components.put(e.getKey(), new Component(JsonParams.getString(j, "alias"),
                    JsonParams.getString(j, "factoryId"), JsonParams.getObject(j, "properties")));
        }
        Map<String, Factory> factories = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : JsonParams.getObject(json, "factories").entrySet()) {
            JsonObject j = JsonParams.asObject(e.getValue());
            List<String> natureIds = new ArrayList<>();
            for (JsonElement nature : JsonParams.getArray(j, "natureIds")) {
                if (!nature.isJsonPrimitive() || !nature.getAsJsonPrimitive().isString()) {
                    throw OpenemsError.JSON_NO_STRING_ARRAY.exception(JsonParams.shortJson(j.get("natureIds")));
                }
                natureIds.add(nature.getAsString());
            }
            factories.put(e.getKey(), new Factory(JsonParams.getString(j, "name"),
                    JsonParams.getString(j, "description"), natureIds));
        }
        return new EdgeConfig(components, factories);
    }
}
