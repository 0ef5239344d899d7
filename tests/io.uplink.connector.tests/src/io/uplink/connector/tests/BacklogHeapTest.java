package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectorConfig;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.MutableClock;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.store.BacklogOptions;
import io.uplink.store.SqliteBacklog;

/**
 * A long outage grows the backlog on disk, not in memory: 2,000 channels that all change every cycle, 2,000 cycles
 * (about 100 MB of values), heap measured after a GC early and at the end. Budget: about 20 s.
 */
class BacklogHeapTest {
    private static final int CHANNELS = 2000;
    private static final int CYCLES = 2000;

    @Test
    void heapStaysFlatWhileTheBacklogGrowsOnDisk() throws Exception {
        Path directory = Files.createTempDirectory("uplink-heap-test");
        List<ChannelMetadata> channels = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            channels.add(ChannelMetadata.of("meter" + i / 100 + "/Value" + i % 100, OpenemsType.DOUBLE, Unit.NONE,
                    PersistencePriority.HIGH));
        }
        ScriptedSource source = new ScriptedSource(channels);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
        ConnectorConfig config = ConnectorConfig.fromProperties(Map.of("apikey", "heap-test",
                "uri", "ws://127.0.0.1:" + closedPort(), "reconnectBaseSeconds", "300", "reconnectMaxSeconds", "300"));
        SplittableRandom random = new SplittableRandom(3);
        long early = 0;
        try (SqliteBacklog backlog = SqliteBacklog.open(directory, BacklogOptions.defaults());
                BackendConnector connector = new BackendConnector(config, source, clock, random, changes -> {
                }, backlog)) {
            connector.connectOnly();
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                for (ChannelMetadata channel : channels) {
                    source.set(channel.address().toString(), random.nextDouble() * 10_000);
                }
                connector.runCycle();
                clock.advance(Duration.ofSeconds(1));
                if (cycle % 100 == 0) {
                    awaitRows(connector, cycle); // the disk keeps up; nothing queues in memory
                }
                if (cycle == 200) {
                    early = usedHeapAfterGc();
                }
            }
            long late = usedHeapAfterGc();
            long stored = connector.status().backlog().bytes();
            System.out.printf("BacklogHeapTest: heap %.1f MB after 200 cycles, %.1f MB after %d; backlog %.1f MB on disk,"
                    + " %d rows%n", early / 1e6, late / 1e6, CYCLES, stored / 1e6, connector.status().backlog().rows());
            assertTrue(stored > 20_000_000, "the outage must have produced a large backlog: " + stored);
            assertTrue(late - early < 24_000_000, "heap grew by " + (late - early) / 1e6 + " MB during the outage");
        }
    }

    private static void awaitRows(BackendConnector connector, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (connector.status().backlog().rows() < rows) {
            if (System.nanoTime() > deadline) {
                fail("the backlog did not reach " + rows + " rows: " + connector.status().backlog());
            }
            Thread.sleep(5);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
