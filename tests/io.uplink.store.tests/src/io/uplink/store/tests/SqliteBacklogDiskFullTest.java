package io.uplink.store.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.uplink.core.PersistencePriority;
import io.uplink.store.BacklogFullException;
import io.uplink.store.BacklogOptions;
import io.uplink.store.BacklogStats;
import io.uplink.store.NewRow;
import io.uplink.store.SqliteBacklog;
import io.uplink.store.StoredRow;

/**
 * A real full disk: an 8 MB tmpfs mounted for this class (needs root, as the build machine and CI run the tests;
 * skipped with the reason elsewhere).
 */
class SqliteBacklogDiskFullTest {
    private static final long TMPFS_BYTES = 8L * 1024 * 1024;
    private static Path mountPoint;
    private static Path libraryStore;
    private static String skipReason;

    private Path store;
    private SqliteBacklog backlog;

    @BeforeAll
    static void mountTmpfs() throws Exception {
        // the JVM maps SQLite's library from the first store's directory: that must not be the tmpfs (busy at umount)
        libraryStore = Files.createTempDirectory("uplink-store-library");
        SqliteBacklog.open(libraryStore, BacklogOptions.defaults()).close();
        mountPoint = Files.createTempDirectory("uplink-store-tmpfs");
        String result = run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_BYTES, "tmpfs", mountPoint.toString());
        if (result != null) {
            skipReason = "cannot mount a tmpfs for the disk-full tests (" + result + "); they need root";
            System.out.println("SKIPPED SqliteBacklogDiskFullTest: " + skipReason);
        }
    }

    @AfterAll
    static void unmountTmpfs() throws Exception {
        if (skipReason == null) {
            String result = run("umount", mountPoint.toString());
            assertEquals(null, result, "unmounted the tmpfs");
        }
        Files.deleteIfExists(mountPoint);
        deleteTree(libraryStore);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(SqliteBacklogTest::deleteQuietly);
        }
    }

    @BeforeEach
    void freshDirectory() throws IOException {
        assumeTrue(skipReason == null, skipReason);
        this.store = Files.createDirectories(mountPoint.resolve("store"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (this.backlog != null) {
            this.backlog.close();
        }
        if (this.store != null) {
            try (Stream<Path> files = Files.walk(mountPoint)) {
                files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(mountPoint))
                        .forEach(SqliteBacklogTest::deleteQuietly);
            }
        }
    }

    /**
     * HIGH and VERY_LOW rows mixed, more than the tmpfs holds above the guard: the guard evicts only the oldest
     * VERY_LOW rows, every one counted, and free space never stays below the guard.
     */
    @Test
    void freeDiskGuardEvictsTheOldestLowestPriorityRowsCountedExactly() throws Exception {
        long guard = 3L * 1024 * 1024;
        this.backlog = SqliteBacklog.open(this.store, new BacklogOptions(1L << 40, guard));
        String payload = SqliteBacklogTest.incompressible(new Random(1), 4_000); // same size on disk for every row
        List<Long> high = new ArrayList<>();
        List<Long> veryLow = new ArrayList<>();
        int appended = 2_000;
        for (int i = 0; i < appended; i++) {
            boolean isHigh = i % 4 == 0; // 1.5 MB of HIGH rows fit; 4.5 MB of VERY_LOW do not
            long[] s = this.backlog.append(List.of(new NewRow(io.uplink.store.RowKind.RAW,
                    isHigh ? PersistencePriority.HIGH : PersistencePriority.VERY_LOW, i, payload)));
            (isHigh ? high : veryLow).add(s[0]);
            assertTrue(usable() >= guard, "after append " + i + ": " + usable() + " bytes free, guard " + guard);
        }
        BacklogStats stats = this.backlog.stats();
        List<StoredRow> rows = BacklogContract.readAll(this.backlog);
        int rowBytes = rows.get(0).storedBytes();
        assertTrue(rows.stream().allMatch(r -> r.storedBytes() == rowBytes));
        assertTrue(stats.evictedRows() > 100, "the guard evicted: " + stats);
        assertEquals(appended - rows.size(), stats.evictedRows(), "every evicted row counted");
        assertEquals(stats.evictedRows() * rowBytes, stats.evictedBytes());
        assertEquals(rows.size() * (long) rowBytes, stats.bytes());

        List<Long> present = rows.stream().map(StoredRow::sequence).toList();
        assertTrue(present.containsAll(high), "no HIGH row evicted while VERY_LOW rows were there");
        List<Long> veryLowLeft = present.stream().filter(veryLow::contains).toList();
        assertEquals(veryLow.subList(veryLow.size() - veryLowLeft.size(), veryLow.size()), veryLowLeft,
                "the VERY_LOW rows left are the newest ones");
        System.out.printf("disk-full guard: %d of %d rows evicted, %d bytes free of %d, guard %d%n",
                stats.evictedRows(), appended, usable(), TMPFS_BYTES, guard);
    }

    /** Another file fills the disk: no room even after evicting everything; then space returns. */
    @Test
    void fullDiskRefusesAppendsWithBacklogFullAndRecoversWhenSpaceReturns() throws Exception {
        long guard = 2L * 1024 * 1024; // more than the store's reserve gives back
        this.backlog = SqliteBacklog.open(this.store, new BacklogOptions(1L << 40, guard));
        for (int i = 0; i < 20; i++) {
            this.backlog.append(List.of(SqliteBacklogTest.highRow(i, "{\"i\":" + i + "}")));
        }
        Path filler = fillDisk();
        long started = System.nanoTime();
        BacklogFullException full = assertThrows(BacklogFullException.class,
                () -> this.backlog.append(List.of(SqliteBacklogTest.highRow(99, "{\"refused\":true}"))));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "no busy loop");
        assertTrue(full.getMessage().contains("free"), full.getMessage());
        BacklogStats stats = this.backlog.stats();
        assertEquals(20, stats.evictedRows(), "the guard evicted every row, counted");
        assertEquals(0, stats.rows());
        assertEquals(List.of(), BacklogContract.readAll(this.backlog), "the refused row was not stored");
        // refusing again is just as cheap
        assertThrows(BacklogFullException.class,
                () -> this.backlog.append(List.of(SqliteBacklogTest.highRow(100, "{\"refused\":true}"))));

        Files.delete(filler);
        long[] s = this.backlog.append(List.of(SqliteBacklogTest.highRow(101, "{\"back\":true}")));
        assertEquals(List.of("{\"back\":true}"), BacklogContract.payloads(BacklogContract.readAll(this.backlog)));
        assertTrue(s[0] > stats.lastSequence());
    }

    /**
     * No guard: SQLite itself hits ENOSPC (SQLITE_FULL). The store evicts a chunk of the lowest-priority rows and
     * retries once; when even that fails the append is refused, and the store stays usable.
     */
    @Test
    void sqliteFullEvictsAChunkAndRetriesOnceThenRefuses() throws Exception {
        this.backlog = SqliteBacklog.open(this.store, new BacklogOptions(1L << 40, 0));
        Random random = new Random(4);
        for (int i = 0; i < 60; i++) {
            this.backlog.append(List.of(new NewRow(io.uplink.store.RowKind.RAW,
                    i % 2 == 0 ? PersistencePriority.LOW : PersistencePriority.VERY_HIGH, i,
                    SqliteBacklogTest.incompressible(random, 20_000))));
        }
        Path filler = fillDisk();
        long rowsBefore = this.backlog.stats().rows();
        long[] s = this.backlog.append(List.of(SqliteBacklogTest.highRow(1_000,
                SqliteBacklogTest.incompressible(random, 40_000))));
        BacklogStats stats = this.backlog.stats();
        assertTrue(stats.evictedRows() > 0, "evicted to make room: " + stats);
        assertEquals(rowsBefore + 1 - stats.evictedRows(), stats.rows(), "every evicted row counted");
        List<StoredRow> rows = BacklogContract.readAll(this.backlog);
        assertEquals(s[0], rows.get(rows.size() - 1).sequence(), "stored after the retry");
        assertEquals(30 - stats.evictedRows(),
                rows.stream().filter(r -> r.priority() == PersistencePriority.LOW).count(), "only LOW rows evicted");

        // a full disk and nothing left worth evicting for: refused, not crashed
        this.backlog.deleteOlderThan(Long.MAX_VALUE);
        Path moreFiller = fillDisk();
        assertThrows(BacklogFullException.class, () -> this.backlog.append(List.of(SqliteBacklogTest.highRow(2_000,
                SqliteBacklogTest.incompressible(random, 2_000_000)))));
        assertEquals(0, this.backlog.stats().rows());
        Files.delete(filler);
        Files.delete(moreFiller);
        long[] after = this.backlog.append(List.of(SqliteBacklogTest.highRow(3_000, "{\"back\":true}")));
        assertTrue(after[0] > s[0]);
        assertEquals(List.of("{\"back\":true}"), BacklogContract.payloads(BacklogContract.readAll(this.backlog)));
    }

    // ---- helpers

    private static long usable() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    /** Writes a file until the tmpfs has no space left. */
    private static Path fillDisk() throws IOException {
        Path filler = Files.createTempFile(mountPoint, "filler", ".bin");
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // ENOSPC: full
        }
        return filler;
    }

    /** Null on success, else the command's output. */
    private static String run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
