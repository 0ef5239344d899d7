package io.uplink.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;

import io.uplink.core.ChannelValues;

/** Converts between the core channel value model ({@link ChannelValues}) and JSON values on the wire. */
public final class ChannelValueJson {

    private ChannelValueJson() {
    }

    /**
     * The wire form of a channel value: null, NaN and ±Infinity are JSON null, Boolean is 0/1, whole numbers
     * stay whole (57), Double prints as Gson prints it (57.0).
     *
     * @throws IllegalArgumentException for a value outside the value model (not Number, Boolean or String)
     */
    public static JsonElement toJson(Object value) {
        Object wire = ChannelValues.toWire(value);
        if (wire == null) {
            return JsonNull.INSTANCE;
        }
        return switch (wire) {
            case Long l -> new JsonPrimitive(l);
            case Integer i -> new JsonPrimitive(i.longValue());
            case Short s -> new JsonPrimitive(s.longValue());
            case Byte b -> new JsonPrimitive(b.longValue());
            case Double d -> new JsonPrimitive(d);
            case Float f -> new JsonPrimitive(f);
            case BigInteger big -> new JsonPrimitive(big);
            case BigDecimal dec -> new JsonPrimitive(dec);
            case String s -> new JsonPrimitive(s);
            default -> throw new IllegalArgumentException(
                    "Value [" + value + "] of type " + value.getClass().getName() + " is not a channel value");
        };
    }

    /**
     * A raw value for {@link ChannelValues#normalize}: JSON null is null, booleans are Boolean, whole numbers
     * Long (or Double when they do not fit), other numbers Double, strings String.
     *
     * @throws OpenemsException JSON_NO_PRIMITIVE for objects and arrays
     */
    public static Object fromJson(JsonElement json) throws OpenemsException {
        if (json == null || json.isJsonNull()) {
            return null;
        }
        if (!json.isJsonPrimitive()) {
            throw OpenemsError.JSON_NO_PRIMITIVE.exception(JsonParams.shortJson(json));
        }
        JsonPrimitive p = json.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isString()) {
            return p.getAsString();
        }
        String text = p.getAsString();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notLong) {
            return p.getAsDouble();
        }
    }
}
