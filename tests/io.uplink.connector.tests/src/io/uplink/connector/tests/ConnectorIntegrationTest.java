package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ChannelRow;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectorConfig;
import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.MutableClock;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcResponse;
import io.uplink.protocol.JsonRpcSuccess;

/**
 * The real connector against the local OpenEMS-compatible Backend over real WebSockets on loopback. Cycles are
 * driven by the test on a test clock, so windows and timeouts of minutes take milliseconds.
 */
class ConnectorIntegrationTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "integration-test-key";
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** A 5-minute boundary in the past, so the Backend's future-timestamp guard is not involved. */
    private static final Instant WINDOW_START = Instant.parse("2026-11-27T06:00:00Z");

    private LocalBackend backend;
    private BackendConnector connector;
    private MutableClock clock;
    private ScriptedSource source;
    private final List<Map<String, String>> persisted = new ArrayList<>();

    @BeforeEach
    void startBackend() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        clock = new MutableClock(WINDOW_START, ZoneOffset.UTC);
        source = new ScriptedSource(List.of(
                ChannelMetadata.of("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.HIGH),
                ChannelMetadata.of("meter0/Voltage", OpenemsType.INTEGER, Unit.MILLIVOLT, PersistencePriority.HIGH),
                ChannelMetadata.of("meter0/Frequency", OpenemsType.INTEGER, Unit.HERTZ, PersistencePriority.LOW),
                ChannelMetadata.of("meter0/ActiveProductionEnergy", OpenemsType.LONG, Unit.CUMULATED_WATT_HOURS, PersistencePriority.LOW),
                ChannelMetadata.builder(ChannelAddress.parse("ess0/GridMode"), OpenemsType.INTEGER)
                        .enumOptions(Map.of(1, "On-Grid", 2, "Off-Grid")).priority(PersistencePriority.LOW).build(),
                ChannelMetadata.builder(ChannelAddress.parse("ess0/SetActivePowerEquals"), OpenemsType.INTEGER)
                        .unit(Unit.WATT).accessMode(AccessMode.WRITE_ONLY).priority(PersistencePriority.HIGH).build(),
                ChannelMetadata.of("_sum/State", OpenemsType.INTEGER, Unit.NONE, PersistencePriority.VERY_HIGH),
                ChannelMetadata.of("_meta/Version", OpenemsType.STRING, Unit.NONE, PersistencePriority.VERY_HIGH)));
        source.set("meter0/ActivePower", 1500L);
        source.set("meter0/Voltage", 230_000L);
        source.set("_sum/State", 0L);
        source.set("_meta/Version", "2026.4.0");
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        backend.close();
    }

    private void connect(String apikey, Map<String, String> extra) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", apikey);
        properties.put("uri", "ws://127.0.0.1:" + backend.port() + "/openems?edge=test");
        properties.put("aggregationMaxDelay", "0");
        properties.put("reconnectBaseSeconds", "1");
        properties.put("reconnectMaxSeconds", "1");
        properties.putAll(extra);
        connector = new BackendConnector(ConnectorConfig.fromProperties(properties), source, clock,
                new SplittableRandom(7), persisted::add);
        connector.connectOnly();
    }

    private void connect() throws Exception {
        connect(KEY, Map.of());
        backend.awaitConnected(EDGE, WAIT);
        backend.awaitMessage(EDGE, m -> m.isNotification("edgeConfig"), WAIT);
        // the Backend can read edgeConfig before the agent finished its connect sequence; data flows after that
        waitForState(ConnectionState.CONNECTED);
    }

    /** Runs one cycle and waits until its timestampedData arrived. */
    private JsonObject cycleAndAwaitData() {
        List<ReceivedMessage> seen = backend.edge(EDGE).messages();
        long timestamp = Math.floorDiv(clock.millis(), 1000) * 1000;
        long sendsBefore = dataSends();
        connector.runCycle();
        ReceivedMessage message = awaitNew(seen, m -> m.isNotification("timestampedData")
                && (m.params().size() == 0 || m.params().has(Long.toString(timestamp))));
        // the agent confirms a send after the socket took it; the next delta is computed against it only then
        try {
            waitFor(() -> dataSends() > sendsBefore, "send confirmed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clock.advance(Duration.ofSeconds(1));
        JsonObject params = message.params();
        return params.size() == 0 ? new JsonObject() : params.getAsJsonObject(Long.toString(timestamp));
    }

    private long dataSends() {
        var counters = connector.status().snapshot().counters();
        return counters.fullSnapshots() + counters.deltaMessages();
    }

    /** The first message matching that arrived after {@code seen} was taken. */
    private ReceivedMessage awaitNew(List<ReceivedMessage> seen, java.util.function.Predicate<ReceivedMessage> predicate) {
        // identity, not equality: two empty timestampedData messages in the same millisecond are equal records
        java.util.Set<ReceivedMessage> before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        before.addAll(seen);
        return backend.awaitMessage(EDGE, m -> predicate.test(m) && !before.contains(m), WAIT);
    }

    private JsonRpcResponse rpc(String role, String method, JsonObject params) throws Exception {
        return backend.sendAuthenticatedRpc(EDGE, "tester", role, JsonRpcRequest.create(method, params))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void connectSequenceIsEdgeConfigThenFullSnapshotThenDeltasThenSecondFullSnapshot() throws Exception {
        connect();
        assertEquals(List.of("/openems?edge=test"), backend.edge(EDGE).requestPaths(), "custom path and query sent unchanged");

        JsonObject first = cycleAndAwaitData();
        List<ReceivedMessage> messages = backend.edge(EDGE).messages();
        assertEquals("edgeConfig", messages.get(0).method(), "edgeConfig is the first message after the upgrade");
        // full snapshot: every channel with priority >= HIGH, including nulls; LOW ones and WRITE_ONLY ones never
        assertEquals(1500, first.get("meter0/ActivePower").getAsInt());
        assertTrue(first.has("ess0/GridMode") == false && first.has("meter0/Frequency") == false, "LOW channels are not in timestampedData: " + first);
        assertFalse(first.has("ess0/SetActivePowerEquals"), "WRITE_ONLY channels are never sent");
        assertEquals(0, first.get("_sum/State").getAsInt(), "_sum/State is sent as the Backend expects it");
        assertEquals("2026.4.0", first.get("_meta/Version").getAsString());
        assertTrue(first.has("ctrlBackend0/UnableToSend") && first.has("ctrlBackend0/LastSuccessfulResend"), first.toString());
        assertTrue(first.has("ctrlBackend0/_PropertyPersistencePriority"), "config properties are channels: " + first);

        source.set("meter0/ActivePower", 1600L);
        JsonObject delta = cycleAndAwaitData();
        assertEquals(1600, delta.get("meter0/ActivePower").getAsInt());
        assertFalse(delta.has("meter0/Voltage"), "an unchanged value is not in a delta: " + delta);

        JsonObject unchanged = cycleAndAwaitData();
        assertFalse(unchanged.has("meter0/ActivePower") || unchanged.has("meter0/Voltage"), unchanged.toString());

        // about 10 s after connecting the agent sends a second full snapshot (a 2026.x Backend drops the first seconds)
        JsonObject full = null;
        for (int i = 0; i < 12 && full == null; i++) {
            JsonObject data = cycleAndAwaitData();
            if (data.has("meter0/Voltage")) {
                full = data;
            }
        }
        assertNotNull(full, "a second full snapshot within 12 s of connecting");
        assertEquals(230_000, full.get("meter0/Voltage").getAsInt());
        assertTrue(backend.problems(EDGE).isEmpty(), "the strict Backend found nothing wrong: " + backend.problems(EDGE));
    }

    @Test
    void aggregatedDataMatchesHandComputedWindow() throws Exception {
        connect();
        // cycles at 06:00:00 .. 06:04:59: ActivePower 10 W for 100 s, then 20 W for 200 s; energy grows 1 Wh/s;
        // GridMode 2 for 140 s then 1 for 160 s; the cycle at 06:05:00 closes the window [06:00, 06:05)
        for (int second = 0; second <= 300; second++) {
            source.set("meter0/ActivePower", second < 100 ? 10L : 20L);
            source.set("meter0/ActiveProductionEnergy", 5000L + second);
            source.set("ess0/GridMode", second < 140 ? 2L : 1L);
            connector.runCycle();
            clock.advance(Duration.ofSeconds(1));
        }
        ReceivedMessage aggregated = backend.awaitMessage(EDGE, m -> m.isNotification("aggregatedData"), WAIT);
        JsonObject params = aggregated.params();
        assertEquals(List.of(Long.toString(WINDOW_START.toEpochMilli())), List.copyOf(params.keySet()),
                "one row, keyed by the window start");
        JsonObject row = params.getAsJsonObject(Long.toString(WINDOW_START.toEpochMilli()));
        assertEquals(17, row.get("meter0/ActivePower").getAsLong(), "average (10*100 + 20*200)/300 = 16.67, rounded");
        assertEquals(5299, row.get("meter0/ActiveProductionEnergy").getAsLong(), "cumulated: the maximum in the window");
        assertEquals(1, row.get("ess0/GridMode").getAsLong(), "enum: the most frequent value (1 for 160 s)");
        assertEquals(230_000, row.get("meter0/Voltage").getAsLong(), "constant value");
        assertTrue(backend.problems(EDGE).isEmpty(), backend.problems(EDGE).toString());
    }

    @Test
    void setChannelValueIsReappliedEveryCycleUntilApiTimeout() throws Exception {
        connect(KEY, Map.of("apiTimeout", "60"));
        backend.awaitConnected(EDGE, WAIT);
        JsonObject params = new JsonObject();
        params.addProperty("componentId", "ess0");
        params.addProperty("channelId", "SetActivePowerEquals");
        params.addProperty("value", 4242);

        JsonRpcResponse denied = rpc("owner", "setChannelValue", params);
        JsonRpcError error = assertInstanceOf(JsonRpcError.class, denied);
        assertEquals(1002, error.code(), error.message());
        assertTrue(error.message().contains("setChannelValue") && error.message().contains("OWNER"), error.message());

        JsonRpcSuccess ok = assertInstanceOf(JsonRpcSuccess.class, rpc("admin", "setChannelValue", params));
        assertEquals(new JsonObject(), ok.result().getAsJsonObject("payload").getAsJsonObject("result"), "wrapped {} result");

        for (int second = 0; second < 59; second++) {
            connector.runCycle();
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(59, source.writes().size(), "written again in every cycle: " + source.writes().subList(0, 2));
        assertEquals("ess0/SetActivePowerEquals:4242", source.writes().get(0));
        assertEquals("ess0/SetActivePowerEquals:4242", apiWorkerLog());
        clock.advance(Duration.ofSeconds(2)); // 61 s after the only setChannelValue
        connector.runCycle();
        connector.runCycle();
        assertEquals(60, source.writes().size(), "apiTimeout expired: one release, then the value is no longer forced");
        assertEquals("ess0/SetActivePowerEquals:null", source.writes().get(59), "released back to the device's own control");
        assertEquals("", apiWorkerLog());
    }

    /** updateComponentConfig params for the controller with one property (kept mutable for follow-up requests). */
    private static JsonObject updateControllerConfig(JsonObject property) {
        JsonObject params = new JsonObject();
        params.addProperty("componentId", "ctrlBackend0");
        JsonArray properties = new JsonArray();
        properties.add(property);
        params.add("properties", properties);
        return params;
    }

    private static JsonObject property(String name, String value) {
        JsonObject property = new JsonObject();
        property.addProperty("name", name);
        property.addProperty("value", value);
        return property;
    }

    private String apiWorkerLog() {
        return connector.status().channelTable().stream()
                .filter(row -> row.channel().address().toString().equals("ctrlBackend0/ApiWorkerLog"))
                .map(ChannelRow::value).map(v -> v == null ? "" : v.toString()).findFirst().orElseThrow();
    }

    @Test
    void updateComponentConfigAppliesPersistsAndResendsEdgeConfigAndFullSnapshot() throws Exception {
        connect();
        cycleAndAwaitData();
        JsonObject property = property("persistencePriority", "LOW");
        JsonObject params = updateControllerConfig(property);

        List<ReceivedMessage> seen = backend.edge(EDGE).messages();
        assertInstanceOf(JsonRpcSuccess.class, rpc("owner", "updateComponentConfig", params));
        assertEquals(List.of(Map.of("persistencePriority", "LOW")), persisted, "the change is persisted");
        assertEquals("LOW", connector.config().persistencePriority().name());
        ReceivedMessage edgeConfig = awaitNew(seen, m -> m.isNotification("edgeConfig"));
        assertEquals("LOW", edgeConfig.params().getAsJsonObject("components").getAsJsonObject("ctrlBackend0")
                .getAsJsonObject("properties").get("persistencePriority").getAsString());

        JsonObject full = cycleAndAwaitData();
        assertTrue(full.has("meter0/Frequency") && full.has("meter0/Voltage"), "full snapshot with the LOW channels now: " + full);

        property.addProperty("value", "HIGHEST");
        JsonRpcError invalid = assertInstanceOf(JsonRpcError.class, rpc("owner", "updateComponentConfig", params));
        assertEquals(2002, invalid.code());
        assertTrue(invalid.message().contains("persistencePriority"), "names the attribute: " + invalid.message());
        assertEquals("LOW", connector.config().persistencePriority().name(), "an invalid change is not applied");

        property.addProperty("name", "apikey");
        property.addProperty("value", "a-new-key-from-the-backend");
        JsonRpcError keyRefused = assertInstanceOf(JsonRpcError.class, rpc("owner", "updateComponentConfig", params));
        assertEquals(2002, keyRefused.code());
        assertFalse(keyRefused.toString().contains("a-new-key-from-the-backend"), "the refused key is not echoed");
        property.addProperty("value", "xxx"); // a UI echoing the masked edgeConfig: means unchanged
        assertInstanceOf(JsonRpcSuccess.class, rpc("owner", "updateComponentConfig", params));
        property.addProperty("name", "id");
        property.addProperty("value", "meter0");
        assertInstanceOf(JsonRpcSuccess.class, rpc("owner", "updateComponentConfig", params), "OpenEMS ignores 'id' here");
        assertEquals("ctrlBackend0", connector.config().id(), "the id is OSGi bookkeeping for the Backend: unchanged");
        JsonRpcResponse edgeConfigAnswer = rpc("guest", "getEdgeConfig", new JsonObject());
        assertFalse(edgeConfigAnswer.toString().contains(KEY), "the API key never leaves the agent");
        JsonObject config = ((JsonRpcSuccess) edgeConfigAnswer).result().getAsJsonObject("payload").getAsJsonObject("result");
        assertEquals("xxx", config.getAsJsonObject("components").getAsJsonObject("ctrlBackend0")
                .getAsJsonObject("properties").get("apikey").getAsString());
    }

    @Test
    void badInputFromTheBackendIsAnsweredOrLoggedAndTheAgentKeepsWorking() throws Exception {
        connect();
        backend.sendRaw(EDGE, "this is not JSON").get(5, TimeUnit.SECONDS);
        backend.sendRaw(EDGE, "{\"jsonrpc\":\"2.0\",\"id\":\"not-a-uuid\",\"method\":\"x\",\"params\":{}}").get(5, TimeUnit.SECONDS);
        JsonRpcResponse unknown = backend.sendRequest(EDGE, JsonRpcRequest.create("frobnicate", new JsonObject()))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonRpcError error = assertInstanceOf(JsonRpcError.class, unknown);
        assertEquals(1, error.code());
        assertTrue(error.message().contains("frobnicate"), error.message());

        JsonObject wrongType = new JsonObject();
        wrongType.addProperty("componentId", "ess0");
        wrongType.addProperty("channelId", "SetActivePowerEquals");
        wrongType.add("value", new JsonPrimitive("four thousand"));
        assertInstanceOf(JsonRpcError.class, rpc("admin", "setChannelValue", wrongType));
        JsonObject unknownChannel = new JsonObject();
        unknownChannel.addProperty("componentId", "nosuch0");
        unknownChannel.addProperty("channelId", "Power");
        unknownChannel.addProperty("value", 1);
        assertEquals(2000, ((JsonRpcError) rpc("admin", "setChannelValue", unknownChannel)).code());

        // still healthy: a normal request is answered and data flows
        assertInstanceOf(JsonRpcSuccess.class, rpc("guest", "getEdgeConfig", new JsonObject()));
        assertEquals(1500, cycleAndAwaitData().get("meter0/ActivePower").getAsInt());
    }

    @Test
    void oversizedFrameDropsTheConnectionAndTheAgentReconnects() throws Exception {
        connect();
        String huge = "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}}";
        backend.sendRaw(EDGE, huge);
        backend.awaitConnectCount(EDGE, 2, Duration.ofSeconds(20));
        assertEquals(ConnectionState.CONNECTED, waitForState(ConnectionState.CONNECTED));
        assertInstanceOf(JsonRpcSuccess.class, rpc("guest", "getEdgeConfig", new JsonObject()));
    }

    @Test
    void aUriChangeIsAnsweredFirstThenTheAgentReconnectsThereWithEdgeConfigFirst() throws Exception {
        connect();
        cycleAndAwaitData();
        JsonObject params = updateControllerConfig(property("uri", "ws://127.0.0.1:" + backend.port() + "/moved"));
        assertInstanceOf(JsonRpcSuccess.class, rpc("owner", "updateComponentConfig", params), "answered before reconnecting");
        backend.awaitConnectCount(EDGE, 2, WAIT);
        assertEquals("/moved", backend.edge(EDGE).requestPaths().get(1));
        waitForState(ConnectionState.CONNECTED);
        List<ReceivedMessage> messages = backend.edge(EDGE).messages();
        int firstOnNewConnection = -1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).isNotification("edgeConfig")
                    && messages.get(i).params().toString().contains("/moved")) {
                firstOnNewConnection = i;
            }
        }
        assertTrue(firstOnNewConnection > 0, "edgeConfig with the new uri was sent");
        JsonObject data = cycleAndAwaitData();
        assertTrue(data.has("meter0/Voltage"), "a full snapshot on the new connection");
        assertEquals("ws://127.0.0.1:" + backend.port() + "/moved", data.get("ctrlBackend0/_PropertyUri").getAsString());
    }

    @Test
    void aFailedWriteRaisesRunFailedAndTheEdgesOverallState() throws Exception {
        connect();
        cycleAndAwaitData();
        source.failWrites(true);
        JsonObject params = new JsonObject();
        params.addProperty("componentId", "ess0");
        params.addProperty("channelId", "SetActivePowerEquals");
        params.addProperty("value", 1000);
        assertInstanceOf(JsonRpcSuccess.class, rpc("admin", "setChannelValue", params));
        JsonObject data = cycleAndAwaitData();
        assertEquals(1, data.get("ctrlBackend0/RunFailed").getAsInt(), data.toString());
        assertEquals(3, data.get("ctrlBackend0/State").getAsInt(), "FAULT");
        assertEquals(3, data.get("_sum/State").getAsInt(), "_sum/State carries the highest level of the edge");
        source.failWrites(false);
        JsonObject recovered = cycleAndAwaitData();
        assertEquals(0, recovered.get("ctrlBackend0/RunFailed").getAsInt());
        assertEquals(0, recovered.get("_sum/State").getAsInt());
    }

    @Test
    void theRemainingRequestsOfBothDirectionsOverTheWire() throws Exception {
        connect();
        // _componentManager channel queries served from the agent's channel table
        JsonObject channelsOf = new JsonObject();
        channelsOf.addProperty("componentId", "meter0");
        JsonObject api = new JsonObject();
        api.addProperty("componentId", "_componentManager");
        api.add("payload", io.uplink.protocol.JsonRpcCodec.toJson(JsonRpcRequest.create("getChannelsOfComponent", channelsOf)));
        JsonObject result = ((JsonRpcSuccess) rpc("owner", "componentJsonApi", api)).result().getAsJsonObject("payload")
                .getAsJsonObject("result");
        List<String> ids = new ArrayList<>();
        result.getAsJsonArray("channels").forEach(c -> ids.add(c.getAsJsonObject().get("id").getAsString()));
        assertTrue(ids.containsAll(List.of("ActivePower", "Voltage", "Frequency", "ActiveProductionEnergy")), ids.toString());

        api.addProperty("componentId", "_host");
        api.add("payload", io.uplink.protocol.JsonRpcCodec.toJson(JsonRpcRequest.create("executeSystemCommand", new JsonObject())));
        JsonRpcError host = assertInstanceOf(JsonRpcError.class, rpc("admin", "componentJsonApi", api));
        assertEquals(1, host.code(), "Uplink runs no system commands: " + host.message());

        JsonObject create = new JsonObject();
        create.addProperty("factoryPid", "Controller.Debug.Log");
        create.add("properties", new JsonArray());
        assertEquals(2003, ((JsonRpcError) rpc("installer", "createComponentConfig", create)).code());
        JsonObject delete = new JsonObject();
        delete.addProperty("componentId", "ctrlBackend0");
        assertEquals(2004, ((JsonRpcError) rpc("installer", "deleteComponentConfig", delete)).code());
        JsonObject routes = ((JsonRpcSuccess) rpc("guest", "routes", new JsonObject())).result().getAsJsonObject("payload")
                .getAsJsonObject("result");
        assertTrue(routes.toString().contains("setChannelValue") && routes.toString().contains("getEdgeConfig"), routes.toString());

        // Edge -> Backend requests go out unwrapped and come back matched to their id (§5.8)
        JsonRpcResponse setup = connector.sendRequest(io.uplink.protocol.CheckSetupPasswordRequest.create("wrong").toRequest())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(1003, assertInstanceOf(JsonRpcError.class, setup).code());
        JsonRpcResponse unknown = connector.sendRequest(JsonRpcRequest.create("xAgentBarrier", new JsonObject()))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(4001, assertInstanceOf(JsonRpcError.class, unknown).code(), "the Backend's answer to an unknown method");
        assertTrue(backend.problems(EDGE).stream().noneMatch(p -> !p.reason().contains("xAgentBarrier")),
                "no protocol problem apart from the deliberate unknown request: " + backend.problems(EDGE));
    }

    @Test
    void wrongApikeyIsReportedAndRetried() throws Exception {
        connect("wrong-key", Map.of());
        // the diagnosis is recorded a moment before the warning is raised: wait for both
        waitFor(() -> connector.status().snapshot().lastError() != null && connector.status().snapshot().unableToSend(),
                "a diagnosis recorded and UnableToSend raised while the Backend refuses the agent");
        var status = connector.status().snapshot();
        assertTrue(backend.edge(EDGE).connectCount() == 0, "the Backend never accepted it");
        assertEquals(io.uplink.connector.Diagnosis.CLOSED_AFTER_UPGRADE, status.lastDiagnosis(), status.lastError());
        long attemptsBefore = connector.status().snapshot().counters().connects();
        waitFor(() -> connector.status().snapshot().counters().connects() > attemptsBefore, "a second attempt after the backoff");
    }

    @Test
    void unableToSendIsRaisedOnDisconnectAndClearedByTheFirstSuccessfulSend() throws Exception {
        connect();
        cycleAndAwaitData();
        assertFalse(connector.status().snapshot().unableToSend());
        backend.disconnect(EDGE);
        waitFor(() -> connector.status().snapshot().unableToSend(), "UnableToSend raised after the link dropped");
        backend.awaitConnectCount(EDGE, 2, WAIT);
        waitForState(ConnectionState.CONNECTED);
        // the edgeConfig sent on connect is the first successful send: it clears the warning at once
        // (OpenEMS keeps it until the next aggregatedData, up to ~9.5 minutes later)
        waitFor(() -> !connector.status().snapshot().unableToSend(), "cleared by the first successful send");
        JsonObject afterReconnect = cycleAndAwaitData();
        assertEquals(0, afterReconnect.get("ctrlBackend0/UnableToSend").getAsInt(), "the Backend sees it cleared: " + afterReconnect);
        assertTrue(afterReconnect.has("meter0/Voltage"), "a full snapshot after the reconnect");
        assertNull(connector.status().snapshot().lastError());
    }

    @Test
    void aSilentBackendIsDetectedAsADeadLinkWithinOneAndAHalfPingIntervals() throws Exception {
        connect(KEY, Map.of("pingInterval", "5"));
        backend.awaitConnected(EDGE, WAIT);
        waitForState(ConnectionState.CONNECTED);
        backend.setSilent(EDGE, true); // stops reading: pings go unanswered, like a half-open TCP link
        long silentAt = System.nanoTime();
        long deadline = silentAt + Duration.ofSeconds(20).toNanos();
        while (connector.status().snapshot().state() == ConnectionState.CONNECTED && System.nanoTime() < deadline) {
            connector.runCycle(); // traffic towards the silent peer, as in real operation
            clock.advance(Duration.ofSeconds(1));
            Thread.sleep(200);
        }
        double detectedAfter = (System.nanoTime() - silentAt) / 1e9;
        var status = connector.status().snapshot();
        assertTrue(status.state() != ConnectionState.CONNECTED, "dead link not detected within 20 s");
        assertTrue(detectedAfter <= 10, "detected after " + detectedAfter + " s; 1.5 ping intervals are 7.5 s");
        assertTrue(status.lastError().contains("no pong"), status.lastError());
        assertTrue(status.unableToSend());
        backend.setSilent(EDGE, false);
    }

    @Test
    void systemLogLinesGoToTheBackendOnlyWhileSubscribed() throws Exception {
        connect();
        var line = new io.uplink.protocol.SystemLogNotification(java.time.OffsetDateTime.parse("2026-11-27T07:00:00+01:00"),
                io.uplink.protocol.SystemLogNotification.LogLevel.WARN, "io.uplink.test", "before subscribing");
        connector.publishSystemLog(line);
        JsonObject subscribe = new JsonObject();
        subscribe.addProperty("subscribe", true);
        JsonRpcSuccess subscribed = assertInstanceOf(JsonRpcSuccess.class, rpc("guest", "subscribeSystemLog", subscribe));
        assertTrue(subscribed.result().getAsJsonObject("payload").getAsJsonObject("result").has("payload"),
                "subscribeSystemLog's answer is wrapped twice, as the real Edge does: " + subscribed.result());
        connector.publishSystemLog(new io.uplink.protocol.SystemLogNotification(line.time(), line.level(), line.source(), "while subscribed"));
        ReceivedMessage log = backend.awaitMessage(EDGE, m -> m.isNotification("systemLog"), WAIT);
        JsonObject logLine = log.params().getAsJsonObject("line");
        assertEquals("while subscribed", logLine.get("message").getAsString());
        assertEquals("WARN", logLine.get("level").getAsString());
        assertEquals("io.uplink.test", logLine.get("source").getAsString());
        assertEquals("2026-11-27T07:00:00+01:00", logLine.get("time").getAsString().replace(".000", ""));
        assertEquals(1, backend.edge(EDGE).methodStats("systemLog").messages(), "nothing forwarded before subscribing");

        subscribe.addProperty("subscribe", false);
        assertInstanceOf(JsonRpcSuccess.class, rpc("guest", "subscribeSystemLog", subscribe));
        connector.publishSystemLog(new io.uplink.protocol.SystemLogNotification(line.time(), line.level(), line.source(), "after"));
        assertInstanceOf(JsonRpcSuccess.class, rpc("guest", "getEdgeConfig", new JsonObject())); // a round trip later
        assertEquals(1, backend.edge(EDGE).methodStats("systemLog").messages(), "nothing forwarded after unsubscribing");
        assertTrue(backend.problems(EDGE).isEmpty(), backend.problems(EDGE).toString());
    }

    private ConnectionState waitForState(ConnectionState wanted) throws InterruptedException {
        waitFor(() -> connector.status().snapshot().state() == wanted, "state " + wanted);
        return connector.status().snapshot().state();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
