package io.uplink.connector.internal;

import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Masks secrets in JSON before it is logged: members named like a secret ({@code "apikey":"…"}) and OpenEMS's
 * property lists ({@code {"name":"apikey","value":"…"}}), wherever they are nested.
 */
public final class SecretMasking {
    private static final Set<String> SECRET_NAMES = Set.of("apikey", "password", "proxypassword", "setuppassword", "token");
    private static final JsonPrimitive MASK = new JsonPrimitive(io.uplink.connector.ConnectorConfig.MASKED_PASSWORD);

    private SecretMasking() {
    }

    public static String mask(String json) {
        try {
            JsonElement element = JsonParser.parseString(json);
            return mask(element).toString();
        } catch (RuntimeException e) {
            return "<unparseable text of " + json.length() + " characters>";
        }
    }

    public static JsonElement mask(JsonElement element) {
        JsonElement copy = element.deepCopy();
        maskInPlace(copy);
        return copy;
    }

    private static void maskInPlace(JsonElement element) {
        if (element.isJsonArray()) {
            for (JsonElement item : (JsonArray) element) {
                maskInPlace(item);
            }
        } else if (element.isJsonObject()) {
            JsonObject object = element.getAsJsonObject();
            if (object.has("name") && object.has("value") && object.get("name").isJsonPrimitive()
                    && isSecret(object.get("name").getAsString())) {
                object.add("value", MASK);
            }
            for (Map.Entry<String, JsonElement> member : object.entrySet()) {
                if (isSecret(member.getKey()) && !member.getValue().isJsonNull()) {
                    member.setValue(MASK);
                } else {
                    maskInPlace(member.getValue());
                }
            }
        }
    }

    private static boolean isSecret(String name) {
        return SECRET_NAMES.contains(name.toLowerCase());
    }
}
