package io.uplink.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.uplink.core.Unit;

class UnitTest {

    @Test
    void onlyTheTwoCumulatedUnitsAreCumulated() {
        var cumulated = Arrays.stream(Unit.values()).filter(Unit::isCumulated)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Unit.class)));
        assertEquals(EnumSet.of(Unit.CUMULATED_WATT_HOURS, Unit.CUMULATED_SECONDS), cumulated);
        assertEquals(Unit.WATT_HOURS, Unit.CUMULATED_WATT_HOURS.discreteUnit());
        assertEquals(Unit.SECONDS, Unit.CUMULATED_SECONDS.discreteUnit());
        assertEquals(Unit.WATT, Unit.WATT.discreteUnit());
    }

    @Test
    void symbolsRoundTrip() {
        for (Unit unit : Unit.values()) {
            assertEquals(unit, Unit.fromSymbol(unit.symbol()));
        }
        assertEquals(Unit.CUMULATED_WATT_HOURS, Unit.fromSymbol("Wh_Σ"));
        assertEquals(Unit.CUMULATED_SECONDS, Unit.fromSymbol("sec_Σ"));
        assertEquals(Unit.WATT, Unit.fromSymbol("W"));
        assertEquals(Unit.NONE, Unit.fromSymbol(""));
        assertEquals(Unit.VOLT_AMPERE_REACTIVE, Unit.fromSymbol("var"));
    }

    @Test
    void unknownSymbolIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Unit.fromSymbol("furlong"));
        assertEquals("Unknown unit symbol [furlong]", e.getMessage());
    }
}
