package io.uplink.agent.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import io.uplink.agent.AgentOptions;
import io.uplink.agent.SourceOption;
import io.uplink.agent.internal.AgentRuntimeComponent;
import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.backend.local.TimedValue;
import io.uplink.connector.ConfigException;
import io.uplink.connector.StatusSnapshot;
import io.uplink.testkit.modbus.PymodbusServer;
import io.uplink.testkit.modbus.SilentTcpDevice;

/**
 * End to end: a Modbus device (pymodbus as a real process) → the agent with {@code --source=modbus://…} beside the
 * simulated edge → a real local Backend; and a silent device that must not hold up the agent's cycle.
 */
class AgentModbusIntegrationTest {
    private static final String KEY = "modbus-test-key";
    private static final String EDGE = "edge0";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MAP = """
            {"format": "uplink.modbus-map/1",
             "defaults": {"priority": "HIGH", "pollIntervalMs": 200, "timeoutMs": 300},
             "components": [{"id": "meter1", "alias": "Grid meter"}],
             "points": [
               {"channel": "meter1/ActivePower", "address": 0, "type": "int32", "wordOrder": "lsw", "scale": 0.1,
                "unit": "W", "openemsType": "INTEGER"},
               {"channel": "meter1/VoltageL1", "address": 2, "type": "uint16", "scale": 100, "unit": "mV"},
               {"channel": "meter1/Frequency", "address": 3, "type": "float32", "unit": "Hz"},
               {"channel": "meter1/ReactivePower", "address": 5, "type": "int16", "invalid": "0x8000", "unit": "var"},
               {"channel": "meter1/SerialNumber", "address": 6, "type": "string", "length": 2}]}
            """;

    @TempDir
    Path directory;
    private LocalBackend backend;
    private AgentRuntimeComponent runtime;

    @BeforeEach
    void startBackend() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
    }

    @AfterEach
    void stopAll() {
        if (runtime != null) {
            runtime.stop();
        }
        backend.close();
    }

    private AgentOptions options(List<String> sources, Map<String, String> attributes) throws Exception {
        Path key = Files.writeString(directory.resolve("key"), KEY);
        Map<String, String> all = new java.util.HashMap<>(attributes);
        all.put("uri", "ws://127.0.0.1:" + backend.port());
        return new AgentOptions(directory.resolve("data"), Optional.empty(), all, Optional.of(key),
                sources.stream().map(SourceOption::parse).toList(), 0, 0, false, false, Optional.empty(), Optional.empty());
    }

    @Test
    void modbusValuesArriveAtTheBackendWithAddressesTypesAndUnits() throws Exception {
        Assumptions.assumeTrue(PymodbusServer.python().isPresent(), "python3-pymodbus is not installed");
        Path map = Files.writeString(directory.resolve("meter.json"), MAP);
        int f = Float.floatToIntBits(50.02f);
        try (PymodbusServer device = PymodbusServer.builder(4)
                .holding(0, 12340 & 0xFFFF, 12340 >>> 16, 2305, f >>> 16, f, 0x8000, 'E' << 8 | 'M', '1' << 8 | '0')
                .start()) {
            runtime = new AgentRuntimeComponent();
            runtime.start(options(List.of("modbus://127.0.0.1:" + device.port() + "?unit=4&map=" + map, "sim"),
                    Map.of()));
            backend.awaitConnected(EDGE, WAIT);
            ReceivedMessage message = backend.awaitMessage(EDGE, m -> m.isNotification("timestampedData")
                    && data(m).has("meter1/ActivePower") && !data(m).get("meter1/ActivePower").isJsonNull(), WAIT);
            JsonObject data = data(message);
            assertEquals(1234, data.get("meter1/ActivePower").getAsLong());
            assertEquals(230500, data.get("meter1/VoltageL1").getAsLong());
            assertEquals(50.02, data.get("meter1/Frequency").getAsDouble(), 1e-9);
            assertEquals("EM10", data.get("meter1/SerialNumber").getAsString());
            assertTrue(data.has("_sum/GridActivePower"), "the simulated edge is read beside it: " + data.keySet());
            TimedValue failed = backend.edge(EDGE).currentValue("meter1/ModbusCommunicationFailed").orElseThrow();
            assertEquals(0, failed.value().getAsInt());
            assertTrue(backend.edge(EDGE).currentValue("meter1/ReactivePower").map(v -> v.value().isJsonNull())
                    .orElse(true), "0x8000 is no value");

            String config = backend.edge(EDGE).lastEdgeConfig().orElseThrow().toString();
            assertTrue(config.contains("\"meter1\""), config);
            assertTrue(runtime.status().orElseThrow().snapshot().channelCount() > 6);
        }
    }

    @Test
    void aSilentDeviceDoesNotHoldUpTheAgentsCycle() throws Exception {
        // a long timeout makes a stall unmistakable: a cycle that waited for the device would take ≥ 1 s
        Path map = Files.writeString(directory.resolve("meter.json"), MAP.replace("\"timeoutMs\": 300", "\"timeoutMs\": 1000"));
        try (SilentTcpDevice silent = new SilentTcpDevice()) {
            runtime = new AgentRuntimeComponent();
            runtime.start(options(List.of("sim", "modbus://127.0.0.1:" + silent.port() + "?map=" + map),
                    Map.of("cycleTime", "200")));
            backend.awaitConnected(EDGE, WAIT);
            backend.awaitMessage(EDGE, m -> m.isNotification("timestampedData"), WAIT);
            long from = System.currentTimeMillis();
            long worstCycleNanos = 0;
            while (System.currentTimeMillis() - from < 5_000) {
                StatusSnapshot snapshot = runtime.status().orElseThrow().snapshot();
                worstCycleNanos = Math.max(worstCycleNanos, snapshot.lastCycleNanos());
                Thread.sleep(50);
            }
            List<Long> arrivals = new ArrayList<>();
            for (ReceivedMessage m : backend.edge(EDGE).messages()) {
                if (m.isNotification("timestampedData") && m.receivedAtMillis() >= from) {
                    arrivals.add(m.receivedAtMillis());
                }
            }
            long worstGap = 0;
            for (int i = 1; i < arrivals.size(); i++) {
                worstGap = Math.max(worstGap, arrivals.get(i) - arrivals.get(i - 1));
            }
            System.out.printf("AgentModbusIntegrationTest: silent device (timeout 1 s), cycleTime 200 ms: %d timestampedData in 5 s,"
                    + " worst gap %d ms, worst cycle %.2f ms; device saw %d connections%n", arrivals.size(), worstGap,
                    worstCycleNanos / 1e6, silent.connections());
            // 25 cycles in 5 s; a cycle waiting for the device's 1 s timeout would show as a gap ≥ 1.2 s and a cycle
            // ≥ 1 s; the limits leave room for a loaded machine
            assertTrue(arrivals.size() >= 12, "timestampedData in 5 s: " + arrivals.size());
            assertTrue(worstGap < 900, "worst gap between cycles: " + worstGap + " ms");
            assertTrue(worstCycleNanos < 500_000_000L, "worst cycle " + worstCycleNanos / 1e6 + " ms");
            assertTrue(silent.connections() >= 1 && silent.connections() <= 4, "connections: " + silent.connections());
        }
    }

    @Test
    void twoSourcesOfferingOneAddressAreRefusedNamingBoth() throws Exception {
        Path map = Files.writeString(directory.resolve("clash.json"), MAP.replace("meter1", "meter0"));
        runtime = new AgentRuntimeComponent();
        String modbus = "modbus://127.0.0.1:1502?map=" + map;
        ConfigException e = assertThrows(ConfigException.class,
                () -> runtime.start(options(List.of("sim", modbus), Map.of())));
        assertTrue(e.getMessage().contains("[meter0/ActivePower]"), e.getMessage());
        assertTrue(e.getMessage().contains("[simulatedEdge]") && e.getMessage().contains("[modbus://127.0.0.1:1502]"),
                e.getMessage());
        runtime = null;
    }

    private static JsonObject data(ReceivedMessage message) {
        JsonObject params = message.params();
        return params.size() == 0 ? new JsonObject() : params.getAsJsonObject(params.keySet().iterator().next());
    }
}
