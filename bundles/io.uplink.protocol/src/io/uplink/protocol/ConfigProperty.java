package io.uplink.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * One {@code {"name":…,"value":…}} entry of create/updateComponentConfig. The name is kept as sent; OpenEMS
 * turns '_' into '.' when it maps names to OSGi keys, which is the handler's business.
 */
public record ConfigProperty(String name, JsonElement value) {

    public ConfigProperty {
        Objects.requireNonNull(name, "name");
        value = value == null ? JsonNull.INSTANCE : value.deepCopy();
    }

    /** A copy of the value. */
    @Override
    public JsonElement value() {
        return this.value.deepCopy();
    }

    static List<ConfigProperty> listFrom(JsonArray array) throws OpenemsException {
        List<ConfigProperty> properties = new ArrayList<>(array.size());
        for (JsonElement element : array) {
            JsonObject j = JsonParams.asObject(element);
            properties.add(new ConfigProperty(JsonParams.getString(j, "name"), JsonParams.getElement(j, "value")));
        }
        return List.copyOf(properties);
    }

    static JsonArray toJson(List<ConfigProperty> properties) {
        JsonArray array = new JsonArray();
        for (ConfigProperty p : properties) {
            JsonObject j = new JsonObject();
            j.addProperty("name", p.name);
            j.add("value", p.value.deepCopy());
            array.add(j);
        }
        return array;
    }
}
