package io.uplink.edge.modbus.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.uplink.edge.modbus.ModbusSourceSpec;

class ModbusSourceSpecTest {

    @Test
    void parsesHostPortUnitAndMap() {
        ModbusSourceSpec spec = ModbusSourceSpec.parse("modbus://10.0.0.5:1502?unit=3&map=/etc/uplink/em340.json");
        assertEquals("10.0.0.5", spec.host());
        assertEquals(1502, spec.port());
        assertEquals(OptionalInt.of(3), spec.unitId());
        assertEquals(Path.of("/etc/uplink/em340.json"), spec.mapFile());
        assertEquals("modbus://10.0.0.5:1502?unit=3", spec.id());

        ModbusSourceSpec defaults = ModbusSourceSpec.parse("modbus://meter.local?map=maps/m%20x.csv");
        assertEquals(502, defaults.port());
        assertEquals(OptionalInt.empty(), defaults.unitId());
        assertEquals(Path.of("maps/m x.csv"), defaults.mapFile());
    }

    @Test
    void rejectsWhatItCannotUse() {
        assertProblem("modbus://host:502?unit=1", "names no register map");
        assertProblem("modbus://:502?map=m.json", "names no host");
        assertProblem("modbus://host?unit=300&map=m.json", "unit '300' is not a whole number from 0 to 255");
        assertProblem("modbus://host?map=m.json&timeout=3", "unknown parameter 'timeout'");
        assertProblem("modbus://host/path?map=m.json", "unexpected path");
        assertProblem("tcp://host?map=m.json", "is not a modbus:// URI");
    }

    private static void assertProblem(String text, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModbusSourceSpec.parse(text));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
