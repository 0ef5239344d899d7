package io.uplink.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import io.uplink.core.ChannelValues;
import io.uplink.core.OpenemsType;

class ChannelValuesTest {

    @Test
    void integralTypesBecomeLong() {
        assertEquals(4242L, ChannelValues.normalize(OpenemsType.INTEGER, "4242"));
        assertEquals(4242L, ChannelValues.normalize(OpenemsType.INTEGER, 4242.0));
        assertEquals(4242L, ChannelValues.normalize(OpenemsType.INTEGER, 4242));
        assertEquals(4242L, ChannelValues.normalize(OpenemsType.LONG, " 4242 "));
        assertEquals(-7L, ChannelValues.normalize(OpenemsType.SHORT, (short) -7));
        assertEquals(1L, ChannelValues.normalize(OpenemsType.INTEGER, true));
        assertEquals(0L, ChannelValues.normalize(OpenemsType.LONG, false));
        assertEquals(43L, ChannelValues.normalize(OpenemsType.INTEGER, 42.5), "rounds half up");
        assertEquals(1000L, ChannelValues.normalize(OpenemsType.INTEGER, "1e3"));
        assertEquals(12L, ChannelValues.normalize(OpenemsType.LONG, new BigDecimal("12.4")));
    }

    @Test
    void integralRangeIsChecked() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ChannelValues.normalize(OpenemsType.SHORT, 40000));
        assertEquals("Cannot convert [40000] (Integer) to SHORT: out of range [-32768, 32767]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ChannelValues.normalize(OpenemsType.INTEGER, 3_000_000_000L));
        assertEquals("Cannot convert [3000000000] (Long) to INTEGER: out of range [-2147483648, 2147483647]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChannelValues.normalize(OpenemsType.LONG, 1e300));
        assertTrue(e.getMessage().startsWith("Cannot convert [1.0E300] (Double) to LONG: out of range"));
    }

    @Test
    void nonNumbersAreRejectedWithTypeAndValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ChannelValues.normalize(OpenemsType.INTEGER, "abc"));
        assertEquals("Cannot convert [abc] (String) to INTEGER: not a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ChannelValues.normalize(OpenemsType.DOUBLE, "1,5"));
        assertEquals("Cannot convert [1,5] (String) to DOUBLE: not a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ChannelValues.normalize(OpenemsType.BOOLEAN, 2));
        assertEquals("Cannot convert [2] (Integer) to BOOLEAN: only 0 and 1 are booleans", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ChannelValues.normalize(OpenemsType.STRING, new Object() {
                    @Override
                    public String toString() {
                        return "thing";
                    }
                }));
        assertTrue(e.getMessage().startsWith("Cannot convert [thing]"), e.getMessage());
        assertTrue(e.getMessage().endsWith("to STRING: unsupported value type"), e.getMessage());
    }

    @Test
    void nanInfinityAndBlankAreNoValue() {
        assertNull(ChannelValues.normalize(OpenemsType.DOUBLE, Double.NaN));
        assertNull(ChannelValues.normalize(OpenemsType.DOUBLE, Double.POSITIVE_INFINITY));
        assertNull(ChannelValues.normalize(OpenemsType.INTEGER, Double.NEGATIVE_INFINITY));
        assertNull(ChannelValues.normalize(OpenemsType.FLOAT, "NaN"));
        assertNull(ChannelValues.normalize(OpenemsType.INTEGER, ""));
        assertNull(ChannelValues.normalize(OpenemsType.BOOLEAN, " "));
        assertNull(ChannelValues.normalize(OpenemsType.LONG, null));
        assertEquals("", ChannelValues.normalize(OpenemsType.STRING, ""));
    }

    @Test
    void floatingTypesBecomeDouble() {
        assertEquals(57.0, ChannelValues.normalize(OpenemsType.DOUBLE, 57L));
        assertEquals(4711.5, ChannelValues.normalize(OpenemsType.DOUBLE, "4711.5"));
        assertEquals(1.0, ChannelValues.normalize(OpenemsType.DOUBLE, true));
        assertEquals(0.1, ChannelValues.normalize(OpenemsType.FLOAT, 0.1f), "keeps the float's digits");
        assertEquals(1.2345679, ChannelValues.normalize(OpenemsType.FLOAT, 1.23456789012));
        assertThrows(IllegalArgumentException.class, () -> ChannelValues.normalize(OpenemsType.FLOAT, 1e300));
    }

    @Test
    void booleansAndStrings() {
        assertEquals(Boolean.TRUE, ChannelValues.normalize(OpenemsType.BOOLEAN, 1L));
        assertEquals(Boolean.FALSE, ChannelValues.normalize(OpenemsType.BOOLEAN, 0.0));
        assertEquals(Boolean.TRUE, ChannelValues.normalize(OpenemsType.BOOLEAN, "TRUE"));
        assertEquals(Boolean.FALSE, ChannelValues.normalize(OpenemsType.BOOLEAN, "0"));
        assertEquals("42", ChannelValues.normalize(OpenemsType.STRING, 42L));
        assertEquals("true", ChannelValues.normalize(OpenemsType.STRING, true));
        assertEquals("2026.4.0", ChannelValues.normalize(OpenemsType.STRING, "2026.4.0"));
    }

    @Test
    void normalizeIsIdempotent() {
        Object[][] cases = { { OpenemsType.INTEGER, "17" }, { OpenemsType.DOUBLE, 3 }, { OpenemsType.BOOLEAN, 1 },
                { OpenemsType.FLOAT, 2.5f }, { OpenemsType.STRING, 7.5 } };
        for (Object[] c : cases) {
            OpenemsType type = (OpenemsType) c[0];
            Object once = ChannelValues.normalize(type, c[1]);
            assertEquals(once, ChannelValues.normalize(type, once), type + " " + c[1]);
        }
    }

    @Test
    void sameJsonComparesWireValues() {
        assertTrue(ChannelValues.sameJson(true, 1L));
        assertTrue(ChannelValues.sameJson(false, 0L));
        assertFalse(ChannelValues.sameJson(true, 0L));
        assertTrue(ChannelValues.sameJson(57L, 57.0));
        assertTrue(ChannelValues.sameJson(57, 57L));
        assertFalse(ChannelValues.sameJson(57L, 57.5));
        assertTrue(ChannelValues.sameJson(null, null));
        assertTrue(ChannelValues.sameJson(Double.NaN, null));
        assertFalse(ChannelValues.sameJson(0L, null));
        assertFalse(ChannelValues.sameJson("57", 57L));
        assertTrue(ChannelValues.sameJson("abc", "abc"));
        assertFalse(ChannelValues.sameJson("abc", "abd"));
        assertTrue(ChannelValues.sameJson(Long.MAX_VALUE, Long.MAX_VALUE));
        assertFalse(ChannelValues.sameJson(Long.MAX_VALUE, Long.MAX_VALUE - 1), "integral values compare exactly");
    }
}
