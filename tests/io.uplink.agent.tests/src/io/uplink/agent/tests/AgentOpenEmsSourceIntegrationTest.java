package io.uplink.agent.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import io.uplink.agent.AgentCommandLine;
import io.uplink.agent.AgentOptions;
import io.uplink.agent.CommandLineException;
import io.uplink.agent.internal.AgentRuntimeComponent;
import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.core.SourceHealth;
import io.uplink.testkit.modbus.SilentTcpDevice;
import io.uplink.testkit.openems.FakeOpenEmsEdge;

/** The real agent with {@code --source=openems:ws://…} against the fake OpenEMS Edge, sending to a local Backend. */
class AgentOpenEmsSourceIntegrationTest {
    private static final String KEY = "openems-source-key";
    private static final String EDGE = "edge0";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;
    private LocalBackend backend;
    private final List<FakeOpenEmsEdge> edges = new ArrayList<>();
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
        edges.forEach(FakeOpenEmsEdge::close);
        backend.close();
    }

    private FakeOpenEmsEdge edge(String password) throws Exception {
        FakeOpenEmsEdge edge = FakeOpenEmsEdge.small(password).startWebsocket(Duration.ofMillis(200));
        edges.add(edge);
        return edge;
    }

    private AgentOptions options(String... sourceArgs) throws Exception {
        Path key = Files.writeString(directory.resolve("key"), KEY);
        List<String> args = new ArrayList<>(List.of("--data-dir=" + directory.resolve("data"),
                "--uri=ws://127.0.0.1:" + backend.port(), "--apikey-file=" + key));
        args.addAll(List.of(sourceArgs));
        return AgentCommandLine.parse(args);
    }

    private Path passwordFile(String password) throws Exception {
        return Files.writeString(directory.resolve("edge-password"), password + "\n");
    }

    /** The next timestampedData with a value (not null: before the Edge's first currentData the source has none). */
    private JsonObject nextData(String requiredChannel) {
        ReceivedMessage message = backend.awaitMessage(EDGE, m -> m.isNotification("timestampedData")
                && data(m).has(requiredChannel) && !data(m).get(requiredChannel).isJsonNull(), WAIT);
        return data(message);
    }

    private static JsonObject data(ReceivedMessage message) {
        JsonObject params = message.params();
        return params.size() == 0 ? new JsonObject() : params.getAsJsonObject(params.keySet().iterator().next());
    }

    @Test
    void theEdgesChannelsReachTheBackendWithTheEdgesPriorities() throws Exception {
        FakeOpenEmsEdge edge = edge("user");
        String source = "--source=openems:" + edge.websocketUri();
        runtime = new AgentRuntimeComponent();
        runtime.start(options(source, "--source-password-file=" + passwordFile("user")));
        backend.awaitConnected(EDGE, WAIT);

        JsonObject data = nextData("meter0/ActivePower");
        assertEquals(512, data.get("meter0/ActivePower").getAsInt());
        assertEquals(-1234, data.get("_sum/GridActivePower").getAsInt());
        assertEquals(0, data.get("meter0/ModbusCommunicationFailed").getAsInt(), "booleans go as 0/1");
        assertFalse(data.has("ess0/Temperature"), "LOW on the Edge, below persistencePriority HIGH: " + data);
        assertTrue(runtime.control().orElseThrow().sourceHealth().isOk());

        edge.setValue("meter0/ActivePower", 777);
        backend.awaitMessage(EDGE, m -> m.isNotification("timestampedData") && data(m).has("meter0/ActivePower")
                && data(m).get("meter0/ActivePower").getAsInt() == 777, WAIT);

        // the password stays in secure storage: the next start needs no file
        runtime.stop();
        long restarted = System.currentTimeMillis();
        runtime = new AgentRuntimeComponent();
        runtime.start(options(source));
        backend.awaitMessage(EDGE, m -> m.receivedAtMillis() > restarted && m.isNotification("timestampedData")
                && data(m).has("meter0/ActivePower"), WAIT);
    }

    @Test
    void twoEdgesWithTheSameAddressesAreACollisionNamingBothAndTheAgentKeepsRunning() throws Exception {
        FakeOpenEmsEdge first = edge("user");
        FakeOpenEmsEdge second = edge("user");
        Path password = passwordFile("user");
        runtime = new AgentRuntimeComponent();
        runtime.start(options("--source=openems:" + first.websocketUri(), "--source-password-file=" + password,
                "--source=openems:" + second.websocketUri(), "--source-password-file=" + password));
        backend.awaitConnected(EDGE, WAIT);
        String firstId = "openems@127.0.0.1:" + first.websocketUri().getPort();
        String secondId = "openems@127.0.0.1:" + second.websocketUri().getPort();
        long end = System.nanoTime() + WAIT.toNanos();
        SourceHealth health = runtime.control().orElseThrow().sourceHealth();
        while (!(health.state() == SourceHealth.State.DEGRADED && health.message().contains(secondId))
                && System.nanoTime() < end) {
            Thread.sleep(50);
            health = runtime.control().orElseThrow().sourceHealth();
        }
        assertEquals(SourceHealth.State.DEGRADED, health.state(), health.toString());
        assertTrue(health.message().contains(firstId) && health.message().contains(secondId), health.message());
        // the first Edge's values still arrive
        assertEquals(512, nextData("meter0/ActivePower").get("meter0/ActivePower").getAsInt());
    }

    @Test
    void aModbusDeviceAndAnEdgeThatCollideOnlyOnceTheEdgeIsConnectedLeaveTheEdgesChannelOut() throws Exception {
        FakeOpenEmsEdge edge = edge("user");
        Path map = Files.writeString(directory.resolve("meter.json"), """
                {"format": "uplink.modbus-map/1", "defaults": {"pollIntervalMs": 200, "timeoutMs": 300},
                 "components": [{"id": "meter0", "alias": "Grid meter"}],
                 "points": [{"channel": "meter0/ActivePower", "address": 0, "type": "int16", "unit": "W"}]}
                """);
        try (SilentTcpDevice device = new SilentTcpDevice()) {
            String modbusId = "modbus://127.0.0.1:" + device.port();
            runtime = new AgentRuntimeComponent();
            // the map's channels are known at start, the Edge's only once it is connected: no refusal at start
            runtime.start(options("--source=" + modbusId + "?map=" + map, "--source=openems:" + edge.websocketUri(),
                    "--source-password-file=" + passwordFile("user")));
            backend.awaitConnected(EDGE, WAIT);
            String edgeId = "openems@127.0.0.1:" + edge.websocketUri().getPort();
            long end = System.nanoTime() + WAIT.toNanos();
            SourceHealth health = runtime.control().orElseThrow().sourceHealth();
            while (!(health.state() == SourceHealth.State.DEGRADED && health.message().contains(edgeId))
                    && System.nanoTime() < end) {
                Thread.sleep(50);
                health = runtime.control().orElseThrow().sourceHealth();
            }
            assertEquals(SourceHealth.State.DEGRADED, health.state(), health.toString());
            assertTrue(health.message().contains("[meter0/ActivePower] is offered by both [" + modbusId + "] and ["
                    + edgeId + "]"), health.message());
            // the Edge's other channels still arrive; the device's channel stays the silent device's (empty)
            JsonObject data = nextData("_sum/GridActivePower");
            assertEquals(-1234, data.get("_sum/GridActivePower").getAsInt());
            assertTrue(!data.has("meter0/ActivePower") || data.get("meter0/ActivePower").isJsonNull(), data.toString());
        }
    }

    @Test
    void anOpenemsSourceWithoutAPasswordIsRefusedAtStart() throws Exception {
        FakeOpenEmsEdge edge = edge("user");
        runtime = new AgentRuntimeComponent();
        var e = assertThrows(io.uplink.connector.ConfigException.class,
                () -> runtime.start(options("--source=openems:" + edge.websocketUri())));
        assertTrue(e.getMessage().contains("--source-password-file"), e.getMessage());
    }

    @Test
    void badSourceOptionsAreNamed() {
        CommandLineException unknown = assertThrows(CommandLineException.class, () -> options("--source=bacnet:x"));
        assertTrue(unknown.getMessage().contains("openems:ws://HOST:8085"), unknown.getMessage());
        CommandLineException badUri = assertThrows(CommandLineException.class, () -> options("--source=openems:ftp://x"));
        assertTrue(badUri.getMessage().contains("ftp://x"), badUri.getMessage());
        CommandLineException orphan = assertThrows(CommandLineException.class,
                () -> options("--source-password-file=" + passwordFile("user")));
        assertTrue(orphan.getMessage().contains("--source before it"), orphan.getMessage());
        CommandLineException simPassword = assertThrows(CommandLineException.class,
                () -> options("--source=sim", "--source-password-file=" + passwordFile("user")));
        assertTrue(simPassword.getMessage().contains("takes no password"), simPassword.getMessage());
    }
}
