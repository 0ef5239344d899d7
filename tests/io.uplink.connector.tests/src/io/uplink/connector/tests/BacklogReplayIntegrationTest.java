package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.BacklogStatus;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectorConfig;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.MutableClock;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.store.BacklogOptions;
import io.uplink.store.SqliteBacklog;

/**
 * Outages of simulated hours against the local Backend over real WebSockets, with a real SQLite backlog on disk and
 * a test clock (cycles of 10 s driven by the test): after reconnect every row kept reaches the Backend in the shapes
 * of backlog-replay.md §6.2, while live data keeps flowing. Budget: about 30 s for the class.
 */
class BacklogReplayIntegrationTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "replay-test-key";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long CYCLE_MILLIS = 10_000;
    /** Far enough in the past that hours of test time stay before the Backend's wall clock. */
    private static final Instant START = Instant.parse("2026-11-26T06:00:00Z");

    private LocalBackend backend;
    private int port;
    private BackendConnector connector;
    private SqliteBacklog backlog;
    private MutableClock clock;
    private ScriptedSource source;
    private Path directory;
    private final List<ReceivedMessage> received = Collections.synchronizedList(new ArrayList<>());
    private long cycle;

    @BeforeEach
    void start() throws Exception {
        directory = Files.createTempDirectory("uplink-replay-test");
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        port = backend.port();
        backend.addListener(received::add);
        clock = new MutableClock(START, ZoneOffset.UTC);
        source = new ScriptedSource(List.of(
                ChannelMetadata.of("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.HIGH),
                ChannelMetadata.of("meter0/Current", OpenemsType.DOUBLE, Unit.NONE, PersistencePriority.HIGH),
                ChannelMetadata.of("meter0/Frequency", OpenemsType.INTEGER, Unit.HERTZ, PersistencePriority.LOW),
                ChannelMetadata.of("_sum/State", OpenemsType.INTEGER, Unit.NONE, PersistencePriority.VERY_HIGH),
                ChannelMetadata.of("_meta/Version", OpenemsType.STRING, Unit.NONE, PersistencePriority.VERY_HIGH)));
        source.set("_sum/State", 0L);
        source.set("_meta/Version", "2026.4.0");
        backlog = SqliteBacklog.open(directory.resolve("backlog"), BacklogOptions.defaults());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", KEY);
        properties.put("uri", "ws://127.0.0.1:" + port);
        properties.put("cycleTime", Long.toString(CYCLE_MILLIS));
        properties.put("aggregationMaxDelay", "0");
        properties.put("reconnectBaseSeconds", "1");
        properties.put("reconnectMaxSeconds", "1");
        properties.put("replayWindowJitterSeconds", "0");
        properties.put("replayRawJitterMaxSeconds", "0");
        properties.put("replaySpeed", "100");
        properties.put("replayWindowMessagesPerSecond", "50");
        properties.put("replayBytesPerSecond", "10000000");
        properties.put("liveBarrierSeconds", "60");
        properties.put("backlogCommitSeconds", "30");
        connector = new BackendConnector(ConnectorConfig.fromProperties(properties), source, clock,
                new SplittableRandom(11), changes -> {
                }, backlog);
        connector.connectOnly();
        backend.awaitConnected(EDGE, WAIT);
        await(() -> connector.status().snapshot().state() == ConnectionState.CONNECTED, "connected");
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        backlog.close();
        backend.close();
    }

    /** Values that differ every cycle and keep their JSON types: an integer, a double with a fraction, a LOW integer. */
    private void cycle() {
        source.set("meter0/ActivePower", 1000 + cycle);
        source.set("meter0/Current", cycle + 0.25);
        source.set("meter0/Frequency", 50_000 + cycle % 7);
        connector.runCycle();
        clock.advance(Duration.ofMillis(CYCLE_MILLIS));
        cycle++;
    }

    @Test
    void twoHourOutageIsReplayedInThePrescribedShapesWhileLiveDataFlows() throws Exception {
        for (int i = 0; i < 30; i++) { // 5 minutes online: one live barrier confirms the live rows
            cycle();
            Thread.sleep(5);
        }
        await(() -> connector.status().backlog().liveConfirmed() > 0, "live rows confirmed by a barrier");

        backend.close();
        await(() -> connector.status().snapshot().state() != ConnectionState.CONNECTED, "disconnected");
        long outageStart = clock.millis();
        for (int i = 0; i < 720; i++) { // 2 hours at 10 s
            cycle();
        }
        long outageEnd = clock.millis();
        await(() -> connector.status().backlog().rows() >= 720, "outage rows on disk");
        BacklogStatus filled = connector.status().backlog();
        assertTrue(filled.oldestRowAgeSeconds() >= 7200, "oldest row age " + filled.oldestRowAgeSeconds());

        received.clear();
        restartBackend();
        long reconnectedAt = runUntilReplayed();

        // raw rows: every outage cycle reached the Backend as timestampedData, with its original JSON types
        Map<Long, JsonObject> rows = rowsOf("timestampedData");
        for (long t = outageStart; t < outageEnd; t += CYCLE_MILLIS) {
            JsonObject row = rows.get(t);
            assertTrue(row != null, "no timestampedData row for " + Instant.ofEpochMilli(t));
            assertTrue(row.has("meter0/ActivePower"), "row " + t + ": " + row);
            String power = row.get("meter0/ActivePower").getAsJsonPrimitive().getAsString();
            assertFalse(power.contains("."), "an integer must stay an integer: " + power);
            assertTrue(row.get("meter0/Current").getAsString().endsWith(".25"), row.toString());
            assertFalse(row.has("meter0/Frequency"), "LOW is below resendPriority: " + row);
        }
        // nothing replayed carries the state or version channels, nothing is stamped in the future
        for (ReceivedMessage message : received) {
            if (message.method().equals("timestampedData") || message.method().equals("aggregatedData")) {
                for (Map.Entry<String, JsonElement> row : message.params().entrySet()) {
                    long timestamp = Long.parseLong(row.getKey());
                    assertTrue(timestamp <= clock.millis() + 2000, "future-dated row " + timestamp);
                    // older than the anchor window (the newest window before reconnect, sent as it was live)
                    if (timestamp < Math.floorDiv(reconnectedAt, 300_000) * 300_000 - 300_000) {
                        JsonObject values = row.getValue().getAsJsonObject();
                        assertFalse(values.has("_sum/State") || values.has("_meta/Version"),
                                "replayed row with a state channel: " + values);
                    }
                }
            }
        }
        // windows: each 5-minute window of the outage as aggregatedData (LOW included) and a resendData copy (HIGH)
        Map<Long, JsonObject> windows = rowsOf("aggregatedData");
        Map<Long, JsonObject> resent = rowsOf("resendData");
        // windows completed during the outage (the last one completes with the first cycle after reconnect, live)
        for (long w = outageStart + 300_000; w + 300_000 < outageEnd; w += 300_000) {
            assertTrue(windows.containsKey(w) && windows.get(w).has("meter0/Frequency"),
                    "no aggregatedData window " + Instant.ofEpochMilli(w));
            assertTrue(resent.containsKey(w) && resent.get(w).has("meter0/ActivePower"),
                    "no resendData window " + Instant.ofEpochMilli(w));
            assertFalse(resent.get(w).has("meter0/Frequency"), "resendData carries only ≥ resendPriority");
        }
        // anchors first: a barrier was answered before the first replayed row
        int firstBarrier = indexOf(m -> m.method().equals("xAgentBarrier"));
        int firstOld = indexOf(m -> m.method().equals("resendData"));
        assertTrue(firstBarrier >= 0 && firstBarrier < firstOld, "anchor barrier " + firstBarrier + " before " + firstOld);

        BacklogStatus after = connector.status().backlog();
        assertEquals(0, after.rows(), "backlog drained: " + after);
        assertTrue(after.lastSuccessfulResend() >= (outageEnd - 300_000) / 1000, "LastSuccessfulResend " + after);
        assertEquals(0, after.evictedRows());
        assertTrue(backend.problems(EDGE).isEmpty(), "the strict Backend found problems: " + backend.problems(EDGE));
    }

    @Test
    void backendRestartDuringReplayResumesWhereItStopped() throws Exception {
        backend.close();
        await(() -> connector.status().snapshot().state() != ConnectionState.CONNECTED, "disconnected");
        long outageStart = clock.millis();
        for (int i = 0; i < 360; i++) {
            cycle();
        }
        long outageEnd = clock.millis();
        await(() -> connector.status().backlog().rows() >= 360, "outage rows on disk");
        restartBackend();
        // let part of the replay land, then take the Backend away again
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (connector.status().backlog().replay().rowsDone() == 0) {
            cycle();
            Thread.sleep(10);
            if (System.nanoTime() > deadline) {
                fail("no replay progress: " + connector.status().backlog());
            }
        }
        long left = connector.status().backlog().rows();
        assertTrue(left > 0, "the replay must not be finished yet for this test: " + connector.status().backlog());
        backend.close();
        await(() -> connector.status().snapshot().state() != ConnectionState.CONNECTED, "disconnected again");
        restartBackend();
        runUntilReplayed();
        Map<Long, JsonObject> rows = rowsOf("timestampedData");
        for (long t = outageStart; t < outageEnd; t += CYCLE_MILLIS) {
            assertTrue(rows.containsKey(t), "row " + Instant.ofEpochMilli(t) + " lost across the restart");
        }
        assertEquals(0, connector.status().backlog().rows());
    }

    private void restartBackend() throws Exception {
        backend = LocalBackend.start("127.0.0.1", port, Map.of(KEY, EDGE));
        backend.addListener(received::add);
        backend.awaitConnected(EDGE, WAIT);
        await(() -> connector.status().snapshot().state() == ConnectionState.CONNECTED, "reconnected");
    }

    /**
     * Runs cycles until the backlog is empty and the replay done; checks on the way that every live cycle's
     * timestampedData arrives within 2 cycles. Returns the reconnect time on the agent's clock.
     */
    private long runUntilReplayed() throws Exception {
        long reconnectedAt = clock.millis();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Long> liveTimestamps = new ArrayList<>();
        while (true) {
            BacklogStatus status = connector.status().backlog();
            if (status.rows() == 0 && status.replay().phase().equals("DONE")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("replay not done within 60 s: " + status);
            }
            liveTimestamps.add(clock.millis());
            long sendsBefore = dataSends();
            cycle();
            // as with a real cycle time, each cycle's send completes before the next cycle (otherwise the sender's
            // one-slot queue drops a cycle, as OpenEMS does on a lagging link, and that row arrives by replay later)
            await(() -> dataSends() > sendsBefore, "the cycle's live data sent");
            Thread.sleep(5);
            // live data within 2 cycles, whatever the replay does
            if (liveTimestamps.size() > 2) {
                long due = liveTimestamps.get(liveTimestamps.size() - 3);
                await(() -> rowsOf("timestampedData").containsKey(due), "live row " + Instant.ofEpochMilli(due));
            }
        }
        return reconnectedAt;
    }

    private long dataSends() {
        var counters = connector.status().snapshot().counters();
        return counters.fullSnapshots() + counters.deltaMessages();
    }

    /** Every row of every message of the method received since the last restart, by timestamp (merged). */
    private Map<Long, JsonObject> rowsOf(String method) {
        Map<Long, JsonObject> rows = new TreeMap<>();
        List<ReceivedMessage> copy;
        synchronized (received) {
            copy = new ArrayList<>(received);
        }
        for (ReceivedMessage message : copy) {
            if (!message.method().equals(method)) {
                continue;
            }
            for (Map.Entry<String, JsonElement> row : message.params().entrySet()) {
                JsonObject merged = rows.computeIfAbsent(Long.parseLong(row.getKey()), k -> new JsonObject());
                row.getValue().getAsJsonObject().entrySet().forEach(e -> merged.add(e.getKey(), e.getValue()));
            }
        }
        return rows;
    }

    private int indexOf(java.util.function.Predicate<ReceivedMessage> predicate) {
        synchronized (received) {
            for (int i = 0; i < received.size(); i++) {
                if (predicate.test(received.get(i))) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder threads = new StringBuilder();
                Thread.getAllStackTraces().forEach((thread, stack) -> {
                    if (thread.getName().startsWith("uplink")) {
                        threads.append('\n').append(thread.getName()).append(' ').append(thread.getState());
                        for (StackTraceElement frame : stack) {
                            threads.append("\n    at ").append(frame);
                        }
                    }
                });
                System.out.println("Threads when '" + what + "' was not reached:" + threads);
                fail("not reached within " + WAIT + ": " + what);
            }
            Thread.sleep(10);
        }
    }
}
