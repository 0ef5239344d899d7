package io.uplink.connector.internal;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.JsonRpcRequest;

/**
 * A Backend request with its secrets masked by {@link SecretMasking}. The handler parses only the masked form,
 * so every error message it derives from the JSON (JSON_* errors quote up to 100 characters of it) is safe to
 * send and log; the real values are looked up only where they are applied. Facade messages are scrubbed of the
 * real values as a second line of defence.
 */
final class RequestSecrets {

    private static final JsonPrimitive MASK = new JsonPrimitive(io.uplink.connector.ConnectorConfig.MASKED_PASSWORD);
    /** Shorter values would garble ordinary words when scrubbed; such values protect nothing anyway. */
    private static final int MIN_SCRUB_LENGTH = 4;

    private final JsonRpcRequest masked;
    private final Map<String, JsonElement> realByName = new HashMap<>();
    /** Longest first, so a secret that contains another one is replaced as a whole. */
    private final Set<String> texts = new TreeSet<>(
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

    private RequestSecrets(JsonRpcRequest request) {
        JsonObject real = request.params();
        JsonObject maskedParams = SecretMasking.mask(real).getAsJsonObject();
        this.collect(real, maskedParams);
        this.masked = new JsonRpcRequest(request.id(), request.method(), maskedParams, request.timeoutSeconds());
    }

    static RequestSecrets of(JsonRpcRequest request) {
        return new RequestSecrets(request);
    }

    /** The request with every secret value replaced by {@code "xxx"}. */
    JsonRpcRequest masked() {
        return this.masked;
    }

    /**
     * The real value of a property read from the masked request: the value that was masked for this property name
     * (the last one if the name occurs twice, as the last one wins when OpenEMS applies properties).
     */
    JsonElement realValue(String name, JsonElement maskedValue) {
        if (MASK.equals(maskedValue)) {
            JsonElement real = this.realByName.get(name);
            if (real != null) {
                return real.deepCopy();
            }
        }
        return maskedValue;
    }

    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : this.texts) {
            result = result.replace(secret, MASK.getAsString());
        }
        return result;
    }

    JsonRpcError scrub(JsonRpcError error) {
        JsonArray data = new JsonArray();
        for (JsonElement e : error.data()) {
            boolean text = e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
            data.add(text ? new JsonPrimitive(this.scrub(e.getAsString())) : e);
        }
        return new JsonRpcError(error.id(), error.code(), this.scrub(error.message()), data);
    }

    /** Walks real and masked side by side; wherever masking changed a value, remembers the real one. */
    private void collect(JsonElement real, JsonElement masked) {
        if (real.isJsonObject() && masked.isJsonObject()) {
            JsonObject r = real.getAsJsonObject();
            JsonObject m = masked.getAsJsonObject();
            for (Entry<String, JsonElement> member : r.entrySet()) {
                JsonElement maskedValue = m.get(member.getKey());
                if (maskedValue == null) {
                    continue;
                }
                if (MASK.equals(maskedValue) && !MASK.equals(member.getValue())) {
                    this.remember(r, member.getKey(), member.getValue());
                } else {
                    this.collect(member.getValue(), maskedValue);
                }
            }
        } else if (real.isJsonArray() && masked.isJsonArray()) {
            JsonArray r = real.getAsJsonArray();
            JsonArray m = masked.getAsJsonArray();
            for (int i = 0; i < Math.min(r.size(), m.size()); i++) {
                this.collect(r.get(i), m.get(i));
            }
        }
    }

    /**
     * Only a {@code {"name":…,"value":…}} property can be restored (by its name); any other masked member is only
     * scrubbed, so a secret elsewhere in the request can never stand in for a property's value.
     */
    private void remember(JsonObject object, String member, JsonElement real) {
        JsonElement name = object.get("name");
        if ("value".equals(member) && name != null && name.isJsonPrimitive()) {
            this.realByName.put(name.getAsString(), real.deepCopy());
        }
        String text = real.isJsonPrimitive() ? real.getAsString() : real.toString();
        if (text.length() >= MIN_SCRUB_LENGTH) {
            this.texts.add(text);
        }
    }
}
