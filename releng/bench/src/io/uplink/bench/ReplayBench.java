package io.uplink.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.uplink.backend.local.LocalBackend;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.internal.Replayer;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.MutableClock;
import io.uplink.core.PersistencePriority;
import io.uplink.edge.sim.SimulatedEdge;
import io.uplink.protocol.DataMessageWriter;
import io.uplink.protocol.TimestampedDataNotification;
import io.uplink.store.BacklogOptions;
import io.uplink.store.RowKind;
import io.uplink.store.SqliteBacklog;
import io.uplink.store.StoredRow;

/**
 * The backlog's figures through the real connector (issue "Lossless"), on a test clock at 5,000 simulated channels:
 * heap growth over a 10-minute outage, commits per hour connected and offline, and the replay's unthrottled read +
 * encode throughput compared with plain encoding of the same values (the limit). Run by
 * {@code releng/scripts/bench.sh --replay}.
 */
public final class ReplayBench {
    private static final int EXTRA_CHANNELS = 5_000;

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("uplink-replay-bench");
        System.out.printf(Locale.ROOT, "Uplink replay bench on %d cores, Java %s, under %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), work);
        Path offline = work.resolve("offline");
        outage(offline, 600, "10-minute outage");
        outage(work.resolve("offline-hour"), 3600, "1-hour outage");
        connectedHour(work.resolve("connected"));
        readAndEncode(work.resolve("offline-hour"));
    }

    private static ConnectorConfig config(String uri) throws Exception {
        return ConnectorConfig.fromProperties(Map.of("apikey", "bench-key", "uri", uri, "reconnectBaseSeconds", "1",
                "reconnectMaxSeconds", "1", "aggregationMaxDelay", "0", "replayMode", "full"));
    }

    /** Offline for the given cycles at 1 s: heap after GC before and after, bytes on disk, commits. */
    private static void outage(Path directory, int cycles, String what) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
        SimulatedEdge edge = new SimulatedEdge(clock, 1, EXTRA_CHANNELS);
        try (SqliteBacklog backlog = SqliteBacklog.open(directory, BacklogOptions.defaults());
                BackendConnector connector = new BackendConnector(config("ws://127.0.0.1:9"), edge, clock,
                        new SplittableRandom(1), changes -> {
                        }, backlog)) {
            connector.connectOnly();
            long heapBefore = usedHeapAfterGc();
            long started = System.nanoTime();
            long commitsBefore = backlog.stats().commits();
            for (int cycle = 1; cycle <= cycles; cycle++) {
                connector.runCycle();
                clock.advance(Duration.ofSeconds(1));
                long deadline = System.nanoTime() + 2_000_000_000L; // a cycle without any change commits nothing
                while (backlog.stats().commits() - commitsBefore < cycle && System.nanoTime() < deadline) {
                    Thread.sleep(0, 200_000); // one commit per cycle offline: wait for it, as a real 1 s cycle does
                }
            }
            Thread.sleep(500);
            long heapAfter = usedHeapAfterGc();
            double seconds = (System.nanoTime() - started) / 1e9;
            long fileBytes = Files.size(directory.resolve(SqliteBacklog.FILE_NAME))
                    + sizeIfExists(directory.resolve(SqliteBacklog.FILE_NAME + "-wal"));
            System.out.printf(Locale.ROOT,
                    "%s at %d channels: heap %.1f MB -> %.1f MB (growth %.1f MB); backlog %d rows, %.1f MB stored"
                            + " (%.1f MB file, %.1f MB per hour); %d commits (%.0f per hour); simulated in %.1f s%n",
                    what, edge.channels().size(), heapBefore / 1e6, heapAfter / 1e6, (heapAfter - heapBefore) / 1e6,
                    backlog.stats().rows(), backlog.stats().bytes() / 1e6, fileBytes / 1e6,
                    fileBytes / 1e6 * 3600 / cycles, backlog.stats().commits(), backlog.stats().commits() * 3600.0 / cycles,
                    seconds);
        }
    }

    /** An hour connected to a local Backend on the test clock: how often the backlog commits. */
    private static void connectedHour(Path directory) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
        SimulatedEdge edge = new SimulatedEdge(clock, 1, EXTRA_CHANNELS);
        try (LocalBackend backend = LocalBackend.start("127.0.0.1", 0, Map.of("bench-key", "edge0"));
                SqliteBacklog backlog = SqliteBacklog.open(directory, BacklogOptions.defaults());
                BackendConnector connector = new BackendConnector(config("ws://127.0.0.1:" + backend.port()), edge,
                        clock, new SplittableRandom(1), changes -> {
                        }, backlog)) {
            connector.connectOnly();
            while (connector.status().snapshot().state() != ConnectionState.CONNECTED) {
                Thread.sleep(10);
            }
            long commitsBefore = backlog.stats().commits();
            for (int cycle = 1; cycle <= 3600; cycle++) {
                long sendsBefore = dataSends(connector);
                connector.runCycle();
                while (dataSends(connector) == sendsBefore) {
                    Thread.sleep(0, 200_000); // the cycle's send happened, as it would within a real 1 s cycle
                }
                clock.advance(Duration.ofSeconds(1));
            }
            Thread.sleep(500);
            System.out.printf(Locale.ROOT,
                    "1 hour connected at %d channels: %d commits (live rows confirmed by barrier: %d, rows left %d)%n",
                    edge.channels().size(), backlog.stats().commits() - commitsBefore,
                    connector.status().backlog().liveConfirmed(), backlog.stats().rows());
        }
    }

    /** Reads every raw row of the hour's backlog and encodes replay messages, against plain encoding of the same values. */
    private static void readAndEncode(Path directory) throws Exception {
        try (SqliteBacklog backlog = SqliteBacklog.open(directory, BacklogOptions.defaults())) {
            long values = 0;
            long chars = 0;
            long started = System.nanoTime();
            long after = 0;
            List<List<StoredRow>> groups = new ArrayList<>();
            while (true) {
                List<StoredRow> rows = backlog.read(after, EnumSet.of(RowKind.RAW), PersistencePriority.VERY_LOW, 60,
                        256 * 1024);
                if (rows.isEmpty()) {
                    break;
                }
                after = rows.get(rows.size() - 1).sequence();
                String text = Replayer.message(TimestampedDataNotification.METHOD, rows, PersistencePriority.HIGH);
                chars += text == null ? 0 : text.length();
                for (StoredRow row : rows) {
                    values += countValues(row.payload());
                }
                if (groups.size() < 200) {
                    groups.add(rows);
                }
            }
            double replaySeconds = (System.nanoTime() - started) / 1e9;
            // the limit: encoding the same number of values from arrays, as the live path does
            MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
            SimulatedEdge edge = new SimulatedEdge(clock, 1, EXTRA_CHANNELS);
            ChannelSnapshot snapshot = edge.read(clock.millis());
            String[] addresses = new String[snapshot.size()];
            Object[] snapshotValues = new Object[snapshot.size()];
            for (int i = 0; i < snapshot.size(); i++) {
                addresses[i] = snapshot.channel(i).address().toString();
                snapshotValues[i] = snapshot.value(i);
            }
            long encoded = 0;
            long plainStarted = System.nanoTime();
            while (encoded < values) {
                String text = DataMessageWriter.timestampedData(clock.millis(), addresses, snapshotValues, addresses.length);
                encoded += addresses.length;
                if (text.isEmpty()) {
                    throw new IllegalStateException();
                }
            }
            double plainSeconds = (System.nanoTime() - plainStarted) / 1e9;
            System.out.printf(Locale.ROOT,
                    "replay read + encode (unthrottled): %d values in %.2f s = %.0f values/s (%.1f MB of messages);"
                            + " plain encode of as many values: %.2f s = %.0f values/s%n",
                    values, replaySeconds, values / replaySeconds, chars / 1e6, plainSeconds, encoded / plainSeconds);
        }
    }

    private static long dataSends(BackendConnector connector) {
        var counters = connector.status().snapshot().counters();
        return counters.fullSnapshots() + counters.deltaMessages();
    }

    private static long countValues(String payload) {
        long count = 0;
        boolean inString = false;
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c == '"' && payload.charAt(i - 1) != '\\') {
                inString = !inString;
            } else if (c == ':' && !inString) {
                count++;
            }
        }
        return count;
    }

    private static long sizeIfExists(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
