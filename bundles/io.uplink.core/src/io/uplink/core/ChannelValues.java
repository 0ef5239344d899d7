package io.uplink.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The channel value model. A value is {@code null}, {@link Long} (SHORT, INTEGER, LONG, enum and State
 * channels), {@link Double} (FLOAT, DOUBLE), {@link Boolean} (BOOLEAN; sent as 0/1) or {@link String}.
 */
public final class ChannelValues {

    private ChannelValues() {
    }

    /**
     * Converts a Number, Boolean or String to the canonical value for the type; NaN and ±Infinity, and blank
     * strings for non-STRING types, become {@code null} because OpenEMS treats them as "no value".
     * Fractional numbers for integral types are rounded half up.
     *
     * @throws IllegalArgumentException naming the type and the value if it cannot be converted or is out of range
     */
    public static Object normalize(OpenemsType type, Object raw) {
        if (raw == null) {
            return null;
        }
        return switch (type) {
            case BOOLEAN -> toBoolean(raw);
            case SHORT -> toLong(type, raw, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER -> toLong(type, raw, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG -> toLong(type, raw, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT, DOUBLE -> toDouble(type, raw);
            case STRING -> toText(raw);
        };
    }

    /**
     * True if both values give the same JSON wire value, compared as Gson compares JSON primitives:
     * {@code true} equals {@code 1L}, {@code 57L} equals {@code 57.0}, NaN equals {@code null}, a number never
     * equals a string.
     */
    public static boolean sameJson(Object a, Object b) {
        Object wa = toWire(a);
        Object wb = toWire(b);
        if (wa == null || wb == null) {
            return wa == wb;
        }
        if (wa instanceof Number na && wb instanceof Number nb) {
            if (isIntegral(na) && isIntegral(nb)) {
                if (na instanceof BigInteger || nb instanceof BigInteger) {
                    return toBigInteger(na).equals(toBigInteger(nb));
                }
                return na.longValue() == nb.longValue();
            }
            return na.doubleValue() == nb.doubleValue();
        }
        return wa.equals(wb);
    }

    /**
     * The value as it goes on the wire: Boolean becomes 0/1, NaN and ±Infinity become {@code null}; anything
     * else is returned unchanged.
     */
    public static Object toWire(Object value) {
        if (value instanceof Boolean bool) {
            return bool ? 1L : 0L;
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (value instanceof Float f && !Float.isFinite(f)) {
            return null;
        }
        return value;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger;
    }

    private static BigInteger toBigInteger(Number n) {
        return n instanceof BigInteger big ? big : BigInteger.valueOf(n.longValue());
    }

    private static Boolean toBoolean(Object raw) {
        if (raw instanceof Boolean bool) {
            return bool;
        }
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return null;
            }
            if (d == 0) {
                return Boolean.FALSE;
            }
            if (d == 1) {
                return Boolean.TRUE;
            }
            throw cannotConvert(OpenemsType.BOOLEAN, raw, "only 0 and 1 are booleans");
        }
        if (raw instanceof String s) {
            String text = s.trim().toLowerCase(Locale.ROOT);
            switch (text) {
                case "" -> {
                    return null;
                }
                case "true", "1" -> {
                    return Boolean.TRUE;
                }
                case "false", "0" -> {
                    return Boolean.FALSE;
                }
                default -> throw cannotConvert(OpenemsType.BOOLEAN, raw, "expected true, false, 0 or 1");
            }
        }
        throw cannotConvert(OpenemsType.BOOLEAN, raw, "unsupported value type");
    }

    private static Long toLong(OpenemsType type, Object raw, long min, long max) {
        if (raw instanceof Boolean bool) {
            return bool ? 1L : 0L;
        }
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return checkRange(type, raw, ((Number) raw).longValue(), min, max);
        }
        if (raw instanceof Double || raw instanceof Float) {
            double d = ((Number) raw).doubleValue();
            if (!Double.isFinite(d)) {
                return null;
            }
            return roundToLong(type, raw, new BigDecimal(d), min, max);
        }
        if (raw instanceof Number n) {
            return roundToLong(type, raw, parseDecimal(type, raw, n.toString()), min, max);
        }
        if (raw instanceof String s) {
            String text = s.trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return checkRange(type, raw, Long.parseLong(text), min, max);
            } catch (NumberFormatException notWhole) {
                double d = parseDouble(type, raw, text);
                if (!Double.isFinite(d)) {
                    return null;
                }
                return roundToLong(type, raw, new BigDecimal(d), min, max);
            }
        }
        throw cannotConvert(type, raw, "unsupported value type");
    }

    private static Long roundToLong(OpenemsType type, Object raw, BigDecimal value, long min, long max) {
        BigDecimal rounded = value.setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(BigDecimal.valueOf(min)) < 0 || rounded.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw cannotConvert(type, raw, "out of range [" + min + ", " + max + "]");
        }
        return rounded.longValue();
    }

    private static Long checkRange(OpenemsType type, Object raw, long value, long min, long max) {
        if (value < min || value > max) {
            throw cannotConvert(type, raw, "out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    private static Double toDouble(OpenemsType type, Object raw) {
        double d;
        if (raw instanceof Boolean bool) {
            d = bool ? 1.0 : 0.0;
        } else if (raw instanceof Float f) {
            // Float.toString keeps the digits a FLOAT channel shows (0.1f stays 0.1, not 0.10000000149011612)
            d = Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : Double.NaN;
        } else if (raw instanceof Number n) {
            d = n.doubleValue();
        } else if (raw instanceof String s) {
            String text = s.trim();
            if (text.isEmpty()) {
                return null;
            }
            d = parseDouble(type, raw, text);
        } else {
            throw cannotConvert(type, raw, "unsupported value type");
        }
        if (!Double.isFinite(d)) {
            return null;
        }
        if (type == OpenemsType.FLOAT) {
            float f = (float) d;
            if (Float.isInfinite(f)) {
                throw cannotConvert(type, raw, "out of range for a 32-bit float");
            }
            return Double.parseDouble(Float.toString(f));
        }
        return d;
    }

    private static String toText(Object raw) {
        if (raw instanceof String || raw instanceof Boolean || raw instanceof Number) {
            return raw.toString();
        }
        throw cannotConvert(OpenemsType.STRING, raw, "unsupported value type");
    }

    private static double parseDouble(OpenemsType type, Object raw, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw cannotConvert(type, raw, "not a number");
        }
    }

    private static BigDecimal parseDecimal(OpenemsType type, Object raw, String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw cannotConvert(type, raw, "not a number");
        }
    }

    private static IllegalArgumentException cannotConvert(OpenemsType type, Object raw, String reason) {
        return new IllegalArgumentException("Cannot convert [" + raw + "] (" + raw.getClass().getSimpleName()
                + ") to " + type + ": " + reason);
    }
}
