package io.uplink.backend.local.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.Problem;

/**
 * Every malformed Edge message becomes a Problem with a precise reason, is not applied, and the
 * connection stays usable (a barrier is still answered on it).
 */
class LocalBackendMalformedTest {

    private static final long NOW = System.currentTimeMillis() / 1000 * 1000;
    private static final long WINDOW = NOW / 300_000 * 300_000 - 300_000;

    private LocalBackend backend;
    private TestEdge edge;

    private record Variant(String name, String text, String expectedReason) {
    }

    @AfterEach
    void close() throws IOException {
        if (edge != null) {
            edge.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> malformedMessagesBecomeProblemsAndTheConnectionStaysUsable() throws IOException {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of("key-0", "edge0"));
        edge = TestEdge.connect(backend.port(), "key-0");
        backend.awaitConnected("edge0", TestEdge.WAIT);
        return variants().map(variant -> DynamicTest.dynamicTest(variant.name(), () -> {
            int before = backend.problems().size();
            edge.send(variant.text());
            edge.barrier();
            List<Problem> problems = backend.problems();
            assertEquals(before + 1, problems.size(), "exactly one new problem: " + problems);
            Problem problem = problems.getLast();
            assertEquals("edge0", problem.edgeId());
            assertTrue(problem.reason().contains(variant.expectedReason()),
                    "reason '" + problem.reason() + "' should contain '" + variant.expectedReason() + "'");
            assertTrue(problem.raw().startsWith(variant.text().substring(0, Math.min(40, variant.text().length()))));
            assertTrue(edge.isOpen());
            assertEquals(1, backend.edge("edge0").connectCount());
        }));
    }

    private static Stream<Variant> variants() {
        return Stream.of(
                new Variant("not JSON", "{\"jsonrpc\":\"2.0\",\"method\":", "invalid JSON-RPC frame: invalid JSON"),
                new Variant("array params", notification("timestampedData", "[]"), "params must be a JSON object"),
                new Variant("non-UUID id", "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"xAgentBarrier\",\"params\":{}}",
                        "id must be a UUID"),
                new Variant("NaN value (lenient JSON)",
                        notification("timestampedData", "{\"" + NOW + "\":{\"a0/B\":NaN}}"),
                        "not strict JSON (e.g. NaN, single quotes): "),
                new Variant("single quotes (lenient JSON)", "{'jsonrpc':'2.0','method':'timestampedData','params':{}}",
                        "not strict JSON"),
                new Variant("duplicate channel address",
                        notification("timestampedData", "{\"" + NOW + "\":{\"a0/B\":1,\"a0/B\":2}}"),
                        "duplicate member name at $.params." + NOW + ".a0/B"),
                new Variant("no jsonrpc member", "{\"method\":\"timestampedData\",\"params\":{}}",
                        "member \"jsonrpc\":\"2.0\" is missing"),
                new Variant("bad timestamp key", notification("timestampedData", "{\"abc\":{\"a0/B\":1}}"),
                        "timestampedData: params key 'abc' is not a decimal epoch-ms timestamp"),
                new Variant("timestamp in seconds",
                        notification("timestampedData", "{\"" + NOW / 1000 + "\":{\"a0/B\":1}}"),
                        "(seconds sent instead of ms?)"),
                new Variant("future timestamp",
                        notification("timestampedData", "{\"" + (NOW + 3_600_000) + "\":{\"a0/B\":1}}"),
                        "s in the future"),
                new Variant("bad address", notification("timestampedData", "{\"" + NOW + "\":{\"meter0.ActivePower\":1}}"),
                        "This [meter0.ActivePower] is not a valid channel address"),
                new Variant("lower-case channel id", notification("timestampedData", "{\"" + NOW + "\":{\"meter0/activePower\":1}}"),
                        "This [meter0/activePower] is not a valid channel address"),
                new Variant("object value", notification("timestampedData", "{\"" + NOW + "\":{\"a0/B\":{\"x\":1}}}"),
                        "value of 'a0/B' at " + NOW + " is an object; only JSON primitives or null"),
                new Variant("boolean value", notification("timestampedData", "{\"" + NOW + "\":{\"a0/B\":true}}"),
                        "OpenEMS sends booleans as 0/1"),
                new Variant("row not an object", notification("timestampedData", "{\"" + NOW + "\":5}"),
                        "row " + NOW + " is the number 5"),
                // several windows in one aggregatedData are valid: a replay packs them (backlog-replay.md §6.2)
                new Variant("aggregatedData not at a window start",
                        notification("aggregatedData", "{\"" + (WINDOW + 1000) + "\":{\"a0/B\":1}}"),
                        "is not a 5-minute window start"),
                new Variant("resendData span over 300 s", notification("resendData",
                        "{\"" + (WINDOW - 600_000) + "\":{\"a0/B\":1},\"" + WINDOW + "\":{\"a0/B\":2}}"),
                        "resendData: timestamps span 600 s"),
                new Variant("resendData string value",
                        notification("resendData", "{\"" + WINDOW + "\":{\"a0/B\":\"x\"}}"),
                        "only numbers or null are allowed"),
                new Variant("edgeConfig factory missing", notification("edgeConfig",
                        "{\"components\":{\"meter0\":{\"alias\":\"Grid\",\"factoryId\":\"Meter.Sim\",\"properties\":{}}},"
                                + "\"factories\":{}}"),
                        "component 'meter0' has factoryId 'Meter.Sim' that is missing from factories"),
                new Variant("edgeConfig without factories", notification("edgeConfig", "{\"components\":{}}"),
                        "edgeConfig: 'factories' must be an object, is missing"),
                new Variant("edgeConfig natureIds not strings", notification("edgeConfig",
                        "{\"components\":{},\"factories\":{\"F\":{\"name\":\"n\",\"description\":\"d\",\"natureIds\":[1]}}}"),
                        "natureIds contains the number 1"),
                new Variant("systemLog level", notification("systemLog", "{\"line\":{\"time\":\"2026-04-04T12:13:20+02:00\","
                        + "\"level\":\"DEBUG\",\"source\":\"s\",\"message\":\"m\"}}"),
                        "level 'DEBUG' is not one of INFO, WARN, ERROR"),
                new Variant("systemLog time without offset", notification("systemLog",
                        "{\"line\":{\"time\":\"2026-04-04T12:13:20\",\"level\":\"INFO\",\"source\":\"s\",\"message\":\"m\"}}"),
                        "is not ISO-8601 with offset"),
                new Variant("logMessage without msg", notification("logMessage", "{\"level\":\"info\"}"),
                        "logMessage: 'msg' must be a string, is missing"),
                new Variant("unknown notification", notification("currentData", "{}"),
                        "unknown notification method 'currentData'"),
                new Variant("response without request",
                        "{\"jsonrpc\":\"2.0\",\"id\":\"" + UUID.randomUUID() + "\",\"result\":{}}",
                        "response without request"));
    }

    @Test
    void aMalformedMessageIsNotApplied() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of("key-0", "edge0"));
        edge = TestEdge.connect(backend.port(), "key-0");
        backend.awaitConnected("edge0", TestEdge.WAIT);
        edge.send(notification("timestampedData", "{\"" + NOW + "\":{\"a0/Good\":1,\"a0/bad\":2}}"));
        edge.send(notification("edgeConfig", "{\"components\":{},\"factories\":[]}"));
        edge.barrier();
        assertEquals(0, backend.edge("edge0").currentDataSize());
        assertTrue(backend.edge("edge0").lastEdgeConfig().isEmpty());
        assertEquals(2, backend.problems("edge0").size());
        // still recorded as received, with no values counted
        assertEquals(1, backend.edge("edge0").methodStats("timestampedData").messages());
        assertEquals(0, backend.edge("edge0").methodStats("timestampedData").values());
    }

    @Test
    void problemsKeepOnlyTheStartOfLongMessages() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of("key-0", "edge0"));
        edge = TestEdge.connect(backend.port(), "key-0");
        backend.awaitConnected("edge0", TestEdge.WAIT);
        StringBuilder values = new StringBuilder("{\"" + NOW + "\":{\"a0/bad\":0");
        for (int i = 0; i < 1000; i++) {
            values.append(",\"a0/V").append(i).append("\":").append(i);
        }
        String text = notification("timestampedData", values.append("}}").toString());
        edge.send(text);
        edge.barrier();
        String raw = backend.problems().getFirst().raw();
        assertTrue(raw.length() < 500 && raw.endsWith("…(" + text.length() + " chars)"), raw);
    }

    private static String notification(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }
}
