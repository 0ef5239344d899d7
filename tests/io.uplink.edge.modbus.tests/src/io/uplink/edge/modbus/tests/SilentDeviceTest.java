package io.uplink.edge.modbus.tests;

import static io.uplink.edge.modbus.tests.Sources.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.uplink.core.ChannelSnapshot;
import io.uplink.edge.modbus.ModbusHealth;
import io.uplink.edge.modbus.ModbusSource;
import io.uplink.testkit.modbus.SilentTcpDevice;

/** A device that accepts the connection and never answers must not hold up the cycle, nor be hammered. */
class SilentDeviceTest {

    @Test
    void aSilentDeviceNeverStallsTheCycleAndIsNotHammered() throws Exception {
        try (SilentTcpDevice silent = new SilentTcpDevice();
                ModbusSource source = new ModbusSource("silent", "127.0.0.1", silent.port(),
                        map("\"timeoutMs\": 300, \"pollIntervalMs\": 200",
                                "{\"channel\": \"dev0/A\", \"address\": 0, \"type\": \"int16\"}"),
                        ModbusSource.BACKOFF_BASE_MILLIS, ModbusSource.BACKOFF_MAX_MILLIS)) {
            source.start();
            // the agent's cycle: read every 100 ms for 4 s
            long worstNanos = 0;
            int cycles = 40;
            long started = System.nanoTime();
            for (int i = 0; i < cycles; i++) {
                long t0 = System.nanoTime();
                ChannelSnapshot snapshot = source.read(System.currentTimeMillis());
                worstNanos = Math.max(worstNanos, System.nanoTime() - t0);
                assertNull(value(snapshot, "dev0/A"));
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            ModbusHealth health = source.deviceHealth();
            List<Long> bytes = silent.bytesPerConnection();
            System.out.printf("SilentDeviceTest: worst read() %.3f ms over %d cycles in %.1f s; %d connections, "
                    + "bytes per connection %s; health %s%n", worstNanos / 1e6, cycles, seconds, silent.connections(),
                    bytes, health);
            // read() copies an array; 100 ms leaves room for a loaded machine and is still far below the 300 ms timeout
            assertTrue(worstNanos < 100_000_000, "read() took " + worstNanos / 1e6 + " ms");
            assertEquals(ModbusHealth.State.DISCONNECTED, health.state());
            assertTrue(health.lastError().contains("holding 0..0"), health.lastError());
            assertNull(value(source, "dev0/ModbusCommunicationFailed"));
            assertEquals(io.uplink.core.SourceHealth.State.UNAVAILABLE, source.health().state());
            // one 12-byte request per connection (no retries inside a poll), and the backoff (0.5–1 s, 1–2 s,
            // 2–4 s) allows at most 4 connections in 4 s
            assertEquals(12L, bytes.get(0));
            assertTrue(bytes.stream().allMatch(b -> b <= 12), bytes.toString());
            assertTrue(silent.connections() >= 2 && silent.connections() <= 4, bytes.toString());
            assertTrue(health.consecutiveFailures() >= 2, health.toString());
        }
    }

    @Test
    void anUnreachableDeviceBacksOff() throws Exception {
        int closedPort = SlaveDevice.freePort();
        try (ModbusSource source = new ModbusSource("unreachable", "127.0.0.1", closedPort,
                map("\"timeoutMs\": 300, \"pollIntervalMs\": 100",
                        "{\"channel\": \"dev0/A\", \"address\": 0, \"type\": \"int16\"}"), 100,
                800)) {
            source.start();
            ModbusHealth health = await(source, h -> h.consecutiveFailures() >= 4, "4 failed connects");
            assertEquals(ModbusHealth.State.DISCONNECTED, health.state());
            assertTrue(health.lastError().startsWith("cannot connect to 127.0.0.1:" + closedPort), health.lastError());
            assertTrue(health.nextAttemptMillis() > System.currentTimeMillis() - 1_000, health.toString());
            assertNull(value(source, "dev0/A"));
            assertNull(value(source, "dev0/ModbusCommunicationFailed"));
            assertEquals(io.uplink.core.SourceHealth.State.UNAVAILABLE, source.health().state());
            // waits of 50–100, 100–200, 200–400, 400–800 ms: 4 failures take at least 750 ms
            long since = System.currentTimeMillis();
            int before = source.deviceHealth().consecutiveFailures();
            Thread.sleep(2_000);
            int after = source.deviceHealth().consecutiveFailures();
            assertTrue(after - before <= 5, "failures in 2 s: " + (after - before) + " (since " + since + ")");
        }
    }
}
