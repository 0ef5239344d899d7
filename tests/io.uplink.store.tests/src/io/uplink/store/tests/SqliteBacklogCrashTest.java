package io.uplink.store.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.uplink.store.BacklogOptions;
import io.uplink.store.SqliteBacklog;
import io.uplink.store.StoredRow;

/**
 * kill -9 of a real writer process at random moments: after every kill the store opens clean, holds every row the
 * writer reported committed, exactly once, with strictly increasing sequences that never go back.
 *
 * <p>Kills: {@code -Duplink.store.crashKills=N} (default 30). The longer run by hand:
 * {@code ./mvnw -B -o verify -pl releng/io.uplink.target,bundles/io.uplink.core,bundles/io.uplink.store,tests/io.uplink.store.tests
 * -Dtest=SqliteBacklogCrashTest -Duplink.test.vmargs=-Duplink.store.crashKills=100}
 */
class SqliteBacklogCrashTest {
    private static final int KILLS = Integer.getInteger("uplink.store.crashKills", 30);
    /** A guard against a hang, not a speed goal: 30 kills take 34-57 s on the busy 2-core build machine. */
    private static final long BUDGET_MILLIS = 30_000L + KILLS * 3_000L;

    @TempDir
    Path work;

    @Test
    void killedWriterLosesNoCommittedRowAndSequencesNeverRepeat() throws Exception {
        Path store = this.work.resolve("store");
        Path log = this.work.resolve("writer.log");
        Random random = new Random();
        long seed = random.nextLong();
        Set<Long> reported = new HashSet<>();
        long previousMax = 0;
        int killsWhileWriting = 0;
        int killsEarly = 0;
        long started = System.currentTimeMillis();
        List<String> timeline = new ArrayList<>();
        while (killsWhileWriting < KILLS) {
            assertTrue(System.currentTimeMillis() - started < BUDGET_MILLIS, "budget of " + BUDGET_MILLIS + " ms for "
                    + KILLS + " kills exceeded after " + killsWhileWriting + "; seed " + seed);
            boolean early = random.nextInt(6) == 0; // sometimes during JVM start or store open
            List<String> printed = new ArrayList<>();
            try (ChildJvm writer = ChildJvm.start(log, List.of(), "write", store.toString(),
                    Long.toString(random.nextLong()))) {
                if (early) {
                    Thread.sleep(random.nextInt(400));
                } else {
                    String ready = writer.nextLine(30_000);
                    assertNotNull(ready, "the writer opened the store; log: " + Files.readString(log));
                    assertTrue(ready.startsWith("ready "), ready);
                    printed.add(ready);
                    String first = writer.nextLine(30_000);
                    assertNotNull(first, "the writer committed; log: " + Files.readString(log));
                    printed.add(first);
                    Thread.sleep(random.nextInt(250));
                }
                writer.kill();
                printed.addAll(writer.remainingLines());
            }
            if (early) {
                killsEarly++;
            } else {
                killsWhileWriting++;
            }
            long newMin = Long.MAX_VALUE;
            for (String line : printed) {
                if (line.startsWith("committed ")) {
                    for (String sequence : line.substring("committed ".length()).split(" ")) {
                        long s = Long.parseLong(sequence);
                        assertTrue(reported.add(s), "sequence " + s + " reported twice");
                        newMin = Math.min(newMin, s);
                    }
                } else if (line.startsWith("ready ")) {
                    assertTrue(Long.parseLong(line.substring(6)) >= previousMax, "the writer saw every earlier row");
                }
            }
            if (newMin != Long.MAX_VALUE) {
                assertTrue(newMin > previousMax, "new sequences " + newMin + " above every earlier one " + previousMax);
            }
            previousMax = verify(store, reported, previousMax);
            timeline.add(String.format(Locale.ROOT, "%s%d", early ? "e" : "w", printed.size()));
        }
        System.out.printf(Locale.ROOT,
                "crash test: %d kills while writing + %d early, %d committed sequences checked, %.1f s, seed %d%n",
                killsWhileWriting, killsEarly, reported.size(), (System.currentTimeMillis() - started) / 1000.0, seed);
    }

    /** Opens the store as the restarted agent would; returns its highest sequence. */
    private static long verify(Path store, Set<Long> reported, long previousMax) throws Exception {
        try (SqliteBacklog backlog = SqliteBacklog.open(store, BacklogOptions.defaults())) {
            assertFalse(backlog.openReport().quarantined(), "opens clean after kill -9: " + backlog.openReport());
            List<StoredRow> rows = BacklogContract.readAll(backlog);
            Set<Long> present = new HashSet<>();
            long last = 0;
            for (StoredRow row : rows) {
                assertTrue(row.sequence() > last, "strictly increasing: " + row.sequence() + " after " + last);
                last = row.sequence();
                present.add(row.sequence());
                assertEquals(BacklogWriter.expectedPayload(row.payload()), row.payload(),
                        "payload of row " + row.sequence() + " intact");
            }
            for (long s : reported) {
                assertTrue(present.contains(s), "committed sequence " + s + " is present");
            }
            assertTrue(backlog.stats().lastSequence() >= last);
            assertEquals(rows.size(), backlog.stats().rows());
            assertTrue(last >= previousMax, "no row vanished at the top");
            return Math.max(last, backlog.stats().lastSequence());
        }
    }
}
