package io.uplink.edge.modbus.tests;

import static io.uplink.edge.modbus.tests.Sources.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.uplink.edge.modbus.ModbusHealth;
import io.uplink.edge.modbus.ModbusSource;
import io.uplink.testkit.modbus.PymodbusServer;

/** The source against an independent Modbus implementation: pymodbus as a real process on a loopback port. */
class PymodbusDeviceTest {

    @BeforeAll
    static void needsPymodbus() {
        Assumptions.assumeTrue(PymodbusServer.python().isPresent(),
                "python3-pymodbus is not installed (./test.sh installs it on Debian)");
    }

    @Test
    void readsEveryTypeAndOrderFromPymodbus() throws Exception {
        long int64 = -5_000_000_000L;
        int f32 = Float.floatToIntBits(-12.25f);
        long f64 = Double.doubleToLongBits(49.987);
        try (PymodbusServer device = PymodbusServer.builder(3)
                .holding(100, -1234, 65000, 0xFFFE, 0x7960, 0x7960, 0xFFFE, 0xBBAA, 0xDDCC)
                .holding(108, (int) (int64 >>> 48), (int) (int64 >>> 32), (int) (int64 >>> 16), (int) int64)
                .holding(112, f32 >>> 16, f32, f32, f32 >>> 16)
                .holding(116, (int) (f64 >>> 48), (int) (f64 >>> 32), (int) (f64 >>> 16), (int) f64)
                .holding(120, 'S' << 8 | 'N', '-' << 8 | '1', 0, 0x8000, 2305, 12345, -2 & 0xFFFF, 0b100)
                .input(0, 777).coils(4, 0, 1).discrete(9, 1)
                .start();
                ModbusSource source = start(map("\"unitId\": 3, \"priority\": \"HIGH\"",
                        "{\"channel\": \"dev0/Int16\", \"address\": 100, \"type\": \"int16\"}",
                        "{\"channel\": \"dev0/Uint16\", \"address\": 101, \"type\": \"uint16\"}",
                        "{\"channel\": \"dev0/Int32\", \"address\": 102, \"type\": \"int32\"}",
                        "{\"channel\": \"dev0/Int32Lsw\", \"address\": 104, \"type\": \"int32\", \"wordOrder\": \"lsw\"}",
                        "{\"channel\": \"dev0/Uint32Little\", \"address\": 106, \"type\": \"uint32\", \"byteOrder\": \"little\"}",
                        "{\"channel\": \"dev0/Int64\", \"address\": 108, \"type\": \"int64\"}",
                        "{\"channel\": \"dev0/Float32\", \"address\": 112, \"type\": \"float32\"}",
                        "{\"channel\": \"dev0/Float32Lsw\", \"address\": 114, \"type\": \"float32\", \"wordOrder\": \"lsw\"}",
                        "{\"channel\": \"dev0/Float64\", \"address\": 116, \"type\": \"float64\"}",
                        "{\"channel\": \"dev0/Serial\", \"address\": 120, \"type\": \"string\", \"length\": 3}",
                        "{\"channel\": \"dev0/Missing\", \"address\": 123, \"type\": \"int16\", \"invalid\": \"0x8000\"}",
                        "{\"channel\": \"dev0/Voltage\", \"address\": 124, \"type\": \"int16\", \"scale\": 0.1, \"unit\": \"V\"}",
                        "{\"channel\": \"dev0/Power\", \"address\": 125, \"type\": \"int16\", \"sf\": {\"address\": 126}}",
                        "{\"channel\": \"dev0/Flag\", \"address\": 127, \"type\": \"uint16\", \"bit\": 2}",
                        "{\"channel\": \"dev0/Input\", \"table\": \"input\", \"address\": 0, \"type\": \"uint16\"}",
                        "{\"channel\": \"dev0/Coil\", \"table\": \"coil\", \"address\": 5, \"type\": \"bool\"}",
                        "{\"channel\": \"dev0/Discrete\", \"table\": \"discrete\", \"address\": 9, \"type\": \"bool\"}"),
                        device.port())) {
            awaitPolls(source, 1);
            assertEquals(-1234L, value(source, "dev0/Int16"));
            assertEquals(65000L, value(source, "dev0/Uint16"));
            assertEquals(-100000L, value(source, "dev0/Int32"));
            assertEquals(-100000L, value(source, "dev0/Int32Lsw"));
            assertEquals(0xAABBCCDDL, value(source, "dev0/Uint32Little"));
            assertEquals(int64, value(source, "dev0/Int64"));
            assertEquals(-12.25, value(source, "dev0/Float32"));
            assertEquals(-12.25, value(source, "dev0/Float32Lsw"));
            assertEquals(49.987, value(source, "dev0/Float64"));
            assertEquals("SN-1", value(source, "dev0/Serial"));
            assertNull(value(source, "dev0/Missing"));
            assertEquals(230.5, value(source, "dev0/Voltage"));
            assertEquals(123.45, value(source, "dev0/Power"));
            assertEquals(Boolean.TRUE, value(source, "dev0/Flag"));
            assertEquals(777L, value(source, "dev0/Input"));
            assertEquals(Boolean.TRUE, value(source, "dev0/Coil"));
            assertEquals(Boolean.TRUE, value(source, "dev0/Discrete"));
            assertEquals(Boolean.FALSE, value(source, "dev0/ModbusCommunicationFailed"));
            // holding 100..127 in one request, then input, coil and discrete
            assertEquals(4, source.plannedRequests().size(), source.plannedRequests().toString());
        }
    }

    @Test
    void aSlowDeviceIsReadWithoutHoldingUpTheCycle() throws Exception {
        try (PymodbusServer device = PymodbusServer.builder(1).holding(0, 11, 22).delayMs(200).start();
                ModbusSource source = start(map("\"timeoutMs\": 1500, \"pollIntervalMs\": 300",
                        "{\"channel\": \"dev0/A\", \"address\": 0, \"type\": \"int16\"}",
                        "{\"channel\": \"dev0/B\", \"table\": \"input\", \"address\": 0, \"type\": \"int16\"}"),
                        device.port())) {
            long worst = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (source.deviceHealth().polls() < 3 && System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                source.read(System.currentTimeMillis());
                worst = Math.max(worst, System.nanoTime() - t0);
                Thread.sleep(50);
            }
            ModbusHealth health = source.deviceHealth();
            System.out.printf("PymodbusDeviceTest slow device: poll %.0f ms for 2 requests, worst read() %.3f ms%n",
                    health.lastPollMillis(), worst / 1e6);
            assertTrue(health.polls() >= 3, health.toString());
            assertEquals(11L, value(source, "dev0/A"));
            assertTrue(health.lastPollMillis() >= 400, "two requests answered 200 ms late: " + health);
            assertTrue(worst < 100_000_000, "read() took " + worst / 1e6 + " ms");
        }
    }

    @Test
    void aDeviceSlowerThanTheTimeoutIsMarkedAndRetriedLater() throws Exception {
        try (PymodbusServer device = PymodbusServer.builder(1).holding(0, 11).delayMs(1_000).start();
                ModbusSource source = start(map("\"timeoutMs\": 300",
                        "{\"channel\": \"dev0/A\", \"address\": 0, \"type\": \"int16\"}"), device.port())) {
            ModbusHealth health = await(source, h -> h.state() == ModbusHealth.State.DISCONNECTED, "a timeout");
            assertTrue(health.lastError().contains("holding 0..0"), health.lastError());
            assertNull(value(source, "dev0/A"));
            assertNull(value(source, "dev0/ModbusCommunicationFailed"));
            assertEquals(io.uplink.core.SourceHealth.State.UNAVAILABLE, source.health().state());
        }
    }
}
