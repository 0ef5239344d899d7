package io.uplink.backend.local.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonNull;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import io.uplink.backend.local.EdgeState;
import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.MethodStats;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.backend.local.TimedValue;
import io.uplink.protocol.JsonRpcNotification;

/** Valid Edge → Backend notifications (§5) and what the Backend keeps of them. */
class LocalBackendDataTest {

    static final String EDGE_CONFIG = """
            {"components":{"ctrlBackend0":{"alias":"ctrlBackend0","factoryId":"Controller.Api.Backend",
              "properties":{"apikey":"xxx","uri":"ws://localhost:8081","apiTimeout":60}}},
             "factories":{"Controller.Api.Backend":{"name":"Controller Api Backend","description":"",
              "natureIds":["io.openems.edge.controller.api.Controller"]}}}""";

    private LocalBackend backend;
    private TestEdge edge;
    private long now;

    @BeforeEach
    void connect() throws IOException {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of("key-0", "edge0"));
        edge = TestEdge.connect(backend.port(), "key-0");
        backend.awaitConnected("edge0", TestEdge.WAIT);
        now = System.currentTimeMillis() / 1000 * 1000;
    }

    @AfterEach
    void close() throws IOException {
        edge.close();
        backend.close();
    }

    @Test
    void timestampedDataIsRecordedFieldByField() throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{\"" + now
                + "\":{\"load0/Value104\":5030,\"_sum/EssSoc\":57.5,\"_meta/Version\":\"2026.4.0\","
                + "\"meter0/ActivePower\":null,\"ctrlBackend0/_PropertyApiTimeout\":60}}}";
        edge.send(text);
        ReceivedMessage message = backend.awaitMessage("edge0", m -> m.isNotification("timestampedData"),
                TestEdge.WAIT);

        assertEquals("edge0", message.edgeId());
        assertEquals("timestampedData", message.method());
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, message.bytes());
        assertTrue(Math.abs(System.currentTimeMillis() - message.receivedAtMillis()) < 10_000);
        JsonRpcNotification notification = assertInstanceOf(JsonRpcNotification.class, message.message());
        assertEquals(JsonParser.parseString(text).getAsJsonObject().get("params"), notification.params());

        EdgeState state = backend.edge("edge0");
        assertEquals(new TimedValue(now, new JsonPrimitive(5030)), state.currentValue("load0/Value104").orElseThrow());
        assertEquals(new TimedValue(now, new JsonPrimitive(57.5)), state.currentValue("_sum/EssSoc").orElseThrow());
        assertEquals(new JsonPrimitive("2026.4.0"), state.currentValue("_meta/Version").orElseThrow().value());
        assertEquals(JsonNull.INSTANCE, state.currentValue("meter0/ActivePower").orElseThrow().value());
        assertEquals(5, state.currentDataSize());
        assertEquals(new MethodStats(1, 5, message.bytes()), state.methodStats("timestampedData"));
        assertEquals(List.of(), backend.problems());
    }

    @Test
    void theLatestTimestampWinsPerChannel() throws Exception {
        edge.sendNotification("timestampedData", "{\"" + now + "\":{\"ess0/Soc\":60}}");
        edge.sendNotification("timestampedData",
                "{\"" + (now - 5000) + "\":{\"ess0/Soc\":50,\"ess0/State\":0}}");
        edge.barrier();
        EdgeState state = backend.edge("edge0");
        assertEquals(new TimedValue(now, new JsonPrimitive(60)), state.currentValue("ess0/Soc").orElseThrow());
        assertEquals(new TimedValue(now - 5000, new JsonPrimitive(0)), state.currentValue("ess0/State").orElseThrow());
    }

    @Test
    void emptyAndMultiTimestampDataAreAccepted() throws Exception {
        edge.sendNotification("timestampedData", "{}");
        edge.sendNotification("timestampedData",
                "{\"" + (now - 1000) + "\":{\"a0/B\":1},\"" + now + "\":{\"a0/B\":2}}");
        edge.barrier();
        assertEquals(new MethodStats(2, 2, backend.edge("edge0").methodStats("timestampedData").bytes()),
                backend.edge("edge0").methodStats("timestampedData"));
        assertEquals(new JsonPrimitive(2), backend.edge("edge0").currentValue("a0/B").orElseThrow().value());
        assertEquals(List.of(), backend.problems());
    }

    @Test
    void aggregatedDataFillsTheAggregatedCacheAndResendDataNoCache() throws Exception {
        long window = now / 300_000 * 300_000 - 300_000;
        edge.sendNotification("aggregatedData",
                "{\"" + window + "\":{\"_sum/ProductionActiveEnergy\":987654,\"low0/Value3\":4711.5}}");
        edge.sendNotification("aggregatedData", "{}");
        edge.sendNotification("resendData", "{\"" + (window - 300_000) + "\":{\"_sum/EssSoc\":55.0},\"" + window
                + "\":{\"_sum/EssSoc\":55.6,\"meter0/ActivePower\":null}}");
        edge.barrier();
        EdgeState state = backend.edge("edge0");
        assertEquals(new TimedValue(window, new JsonPrimitive(4711.5)), state.aggregatedData().get("low0/Value3"));
        assertEquals(2, state.aggregatedData().size());
        assertEquals(0, state.currentDataSize());
        assertEquals(2, state.methodStats("aggregatedData").messages());
        assertEquals(new MethodStats(1, 3, state.methodStats("resendData").bytes()), state.methodStats("resendData"));
        assertEquals(List.of(), backend.problems());
    }

    @Test
    void edgeConfigSystemLogAndLogMessageAreAcceptedAndKept() throws Exception {
        edge.sendNotification("edgeConfig", EDGE_CONFIG);
        edge.sendNotification("systemLog", "{\"line\":{\"time\":\"2026-04-04T12:13:20.123+02:00\",\"level\":\"WARN\","
                + "\"source\":\"io.uplink.agent\",\"message\":\"hello\"}}");
        edge.sendNotification("logMessage", "{\"level\":\"info\",\"msg\":\"hi\"}");
        edge.barrier();
        EdgeState state = backend.edge("edge0");
        assertEquals(JsonParser.parseString(EDGE_CONFIG), state.lastEdgeConfig().orElseThrow());
        assertEquals(List.of("edgeConfig", "systemLog", "logMessage", "xAgentBarrier"),
                state.messages().stream().map(ReceivedMessage::method).toList());
        assertEquals(List.of(), backend.problems());
    }

    @Test
    void theMessageCapDropsTheOldestAndCountsThem() throws Exception {
        backend.setMessageCap(3);
        for (int i = 1; i <= 5; i++) {
            edge.sendNotification("timestampedData", "{\"" + now + "\":{\"a0/Counter\":" + i + "}}");
        }
        edge.barrier();
        EdgeState state = backend.edge("edge0");
        assertEquals(3, state.messages().size());
        assertEquals(3, state.droppedMessages());
        assertEquals("{\"" + now + "\":{\"a0/Counter\":4}}", state.messages().getFirst().params().toString());
        assertEquals(5, state.methodStats("timestampedData").messages(), "counters cover dropped messages too");
    }

    @Test
    void listenersSeeEveryMessageInOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        backend.addListener(message -> seen.add(message.method()));
        edge.sendNotification("edgeConfig", EDGE_CONFIG);
        edge.sendNotification("timestampedData", "{}");
        edge.barrier();
        assertEquals(List.of("edgeConfig", "timestampedData", "xAgentBarrier"), seen);
    }

    @Test
    void awaitMessageTimeoutDescribesWhatCameInstead() throws Exception {
        edge.sendNotification("timestampedData", "{\"" + now + "\":{\"a0/B\":1}}");
        edge.barrier();
        AssertionError error = assertThrows(AssertionError.class,
                () -> backend.awaitMessage("edge0", m -> m.isNotification("edgeConfig"), Duration.ofMillis(200)));
        assertTrue(error.getMessage().contains("no matching message from edge0"), error.getMessage());
        assertTrue(error.getMessage().contains("timestampedData {\"" + now + "\":{\"a0/B\":1}}"), error.getMessage());
        assertTrue(error.getMessage().contains("timestampedData=1"), error.getMessage());
    }

    @Test
    void summaryLineCountsPerEdge() throws Exception {
        edge.sendNotification("edgeConfig", EDGE_CONFIG);
        edge.sendNotification("timestampedData", "{\"" + now + "\":{\"a0/B\":1,\"a0/C\":2}}");
        edge.barrier();
        String line = backend.summaryLine();
        assertTrue(line.matches("backend :" + backend.port()
                + " \\| edges 1/1 connected \\| edge0 td=1 \\(\\d+\\.\\d kB/s\\) ad=0 rd=0 cfg=1 \\| values 2 \\| problems 0"),
                line);
        edge.close();
        backend.awaitDisconnected("edge0", TestEdge.WAIT);
        assertTrue(backend.summaryLine().contains("edges 0/1 connected | edge0 offline td=1 (0.0 kB/s)"),
                backend.summaryLine());
        assertFalse(backend.edge("edge0").isConnected());
    }
}
