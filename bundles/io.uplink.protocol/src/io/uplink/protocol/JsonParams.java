package io.uplink.protocol;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Reads members of JSON objects and reports problems with OpenEMS's JSON_* errors, so a Backend gets the
 * answers it knows. Required getters fail for missing members; optional ones treat missing and {@code null}
 * alike but still fail for a present value of the wrong type.
 */
public final class JsonParams {

    private static final int SHORT_JSON_LENGTH = 100;

    private JsonParams() {
    }

    /** A required member of any type, including {@code null}. */
    public static JsonElement getElement(JsonObject json, String member) throws OpenemsException {
        JsonElement value = json.get(member);
        if (value == null) {
            throw OpenemsError.JSON_HAS_NO_MEMBER.exception(member, shortJson(json));
        }
        return value;
    }

    public static String getString(JsonObject json, String member) throws OpenemsException {
        return asString(member, required(json, member, OpenemsError.JSON_NO_STRING_MEMBER));
    }

    public static Optional<String> optString(JsonObject json, String member) throws OpenemsException {
        JsonElement value = json.get(member);
        return isAbsent(value) ? Optional.empty() : Optional.of(asString(member, value));
    }

    /** An integer; numeric strings are accepted as OpenEMS's JsonUtils does. */
    public static int getInt(JsonObject json, String member) throws OpenemsException {
        return asInt(member, required(json, member, OpenemsError.JSON_NO_INTEGER_MEMBER));
    }

    public static OptionalInt optInt(JsonObject json, String member) throws OpenemsException {
        JsonElement value = json.get(member);
        return isAbsent(value) ? OptionalInt.empty() : OptionalInt.of(asInt(member, value));
    }

    /** A boolean; the strings "true" and "false" are accepted as OpenEMS's JsonUtils does. */
    public static boolean getBoolean(JsonObject json, String member) throws OpenemsException {
        return asBoolean(member, required(json, member, OpenemsError.JSON_NO_BOOLEAN_MEMBER));
    }

    public static Optional<Boolean> optBoolean(JsonObject json, String member) throws OpenemsException {
        JsonElement value = json.get(member);
        return isAbsent(value) ? Optional.empty() : Optional.of(asBoolean(member, value));
    }

    public static JsonObject getObject(JsonObject json, String member) throws OpenemsException {
        JsonElement value = json.get(member);
        if (value == null || !value.isJsonObject()) {
            throw OpenemsError.JSON_NO_OBJECT_MEMBER.exception(member, shortJson(json));
        }
        return value.getAsJsonObject();
    }

    public static Optional<JsonObject> optObject(JsonObject json, String member) throws OpenemsException {
        JsonElement value = json.get(member);
        return isAbsent(value) ? Optional.empty() : Optional.of(getObject(json, member));
    }

    public static JsonArray getArray(JsonObject json, String member) throws OpenemsException {
        JsonElement value = json.get(member);
        if (value == null || !value.isJsonArray()) {
            throw OpenemsError.JSON_NO_ARRAY_MEMBER.exception(member, shortJson(value));
        }
        return value.getAsJsonArray();
    }

    public static Optional<JsonArray> optArray(JsonObject json, String member) throws OpenemsException {
        JsonElement value = json.get(member);
        return isAbsent(value) ? Optional.empty() : Optional.of(getArray(json, member));
    }

    public static UUID getUuid(JsonObject json, String member) throws OpenemsException {
        JsonElement value = required(json, member, OpenemsError.JSON_NO_UUID_MEMBER);
        if (isString(value)) {
            try {
                return UUID.fromString(value.getAsString());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw OpenemsError.JSON_NO_UUID_MEMBER.exception(member, shortJson(value));
    }

    /** An element of an array (or any value) that must be an object. */
    public static JsonObject asObject(JsonElement element) throws OpenemsException {
        if (element == null || !element.isJsonObject()) {
            throw OpenemsError.JSON_NO_OBJECT.exception(shortJson(element));
        }
        return element.getAsJsonObject();
    }

    /** The JSON text, cut to 100 characters like OpenEMS's StringUtils.toShortString. */
    public static String shortJson(JsonElement element) {
        String text = element == null ? "null" : element.toString();
        return text.length() > SHORT_JSON_LENGTH ? text.substring(0, SHORT_JSON_LENGTH - 3) + "..." : text;
    }

    private static JsonElement required(JsonObject json, String member, OpenemsError wrongType)
            throws OpenemsException {
        JsonElement value = json.get(member);
        if (value == null) {
            throw OpenemsError.JSON_HAS_NO_MEMBER.exception(member, shortJson(json));
        }
        if (value.isJsonNull()) {
            throw wrongType.exception(member, "null");
        }
        return value;
    }

    private static String asString(String member, JsonElement value) throws OpenemsException {
        if (!isString(value)) {
            throw OpenemsError.JSON_NO_STRING_MEMBER.exception(member, shortJson(value));
        }
        return value.getAsString();
    }

    private static int asInt(String member, JsonElement value) throws OpenemsException {
        if (value.isJsonPrimitive()) {
            JsonPrimitive p = value.getAsJsonPrimitive();
            try {
                if (p.isNumber()) {
                    return p.getAsBigDecimal().intValueExact();
                }
                if (p.isString()) {
                    return new BigDecimal(p.getAsString().trim()).intValueExact();
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // reported below
            }
        }
        throw OpenemsError.JSON_NO_INTEGER_MEMBER.exception(member, shortJson(value));
    }

    private static boolean asBoolean(String member, JsonElement value) throws OpenemsException {
        if (value.isJsonPrimitive()) {
            JsonPrimitive p = value.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean();
            }
            if (p.isString()) {
                switch (p.getAsString().trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> {
                        return true;
                    }
                    case "false" -> {
                        return false;
                    }
                    default -> {
                        // reported below
                    }
                }
            }
        }
        throw OpenemsError.JSON_NO_BOOLEAN_MEMBER.exception(member, shortJson(value));
    }

    private static boolean isAbsent(JsonElement value) {
        return value == null || value.isJsonNull();
    }

    private static boolean isString(JsonElement value) {
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }
}
