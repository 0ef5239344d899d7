package io.uplink.store.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.uplink.core.PersistencePriority;
import io.uplink.store.Backlog;
import io.uplink.store.BacklogException;
import io.uplink.store.BacklogFullException;
import io.uplink.store.BacklogOptions;
import io.uplink.store.BacklogStats;
import io.uplink.store.NewRow;
import io.uplink.store.RowKind;
import io.uplink.store.StoredRow;

/**
 * The specification of {@link Backlog}: every implementation extends this class with its factory and must pass it.
 * Real files in a fresh directory per test.
 */
public abstract class BacklogContract {
    protected static final BacklogOptions UNBOUNDED = new BacklogOptions(1L << 40, 0);
    protected static final Set<RowKind> ALL_KINDS = EnumSet.allOf(RowKind.class);
    protected static final PersistencePriority LOWEST = PersistencePriority.VERY_LOW;

    @TempDir
    protected Path directory;

    private final List<Backlog> opened = new ArrayList<>();

    /** Opens (or creates) the implementation's store in this directory. */
    protected abstract Backlog create(Path directory, BacklogOptions options) throws BacklogException;

    protected final Backlog open(Path directory, BacklogOptions options) throws BacklogException {
        Backlog backlog = create(directory, options);
        this.opened.add(backlog);
        return backlog;
    }

    protected final Backlog open() throws BacklogException {
        return open(this.directory, UNBOUNDED);
    }

    /** Closes the store and opens it again from its files, as after a restart. */
    protected Backlog reopen(Backlog backlog, BacklogOptions options) throws BacklogException {
        backlog.close();
        return open(this.directory, options);
    }

    @AfterEach
    void closeAll() {
        this.opened.forEach(Backlog::close);
    }

    // ---- helpers

    protected static NewRow raw(PersistencePriority priority, long timestamp, String payload) {
        return new NewRow(RowKind.RAW, priority, timestamp, payload);
    }

    protected static NewRow row(int id) {
        return raw(PersistencePriority.HIGH, 1_000L * id, "{\"id\":" + id + "}");
    }

    protected static List<StoredRow> readAll(Backlog backlog) throws BacklogException {
        return readAll(backlog, ALL_KINDS, LOWEST);
    }

    protected static List<StoredRow> readAll(Backlog backlog, Set<RowKind> kinds, PersistencePriority min)
            throws BacklogException {
        List<StoredRow> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<StoredRow> page = backlog.read(after, kinds, min, 1000, Long.MAX_VALUE);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1).sequence();
        }
    }

    protected static long[] sequences(List<StoredRow> rows) {
        return rows.stream().mapToLong(StoredRow::sequence).toArray();
    }

    protected static List<String> payloads(List<StoredRow> rows) {
        return rows.stream().map(StoredRow::payload).toList();
    }

    protected static void assertStrictlyIncreasing(long[] sequences) {
        for (int i = 1; i < sequences.length; i++) {
            assertTrue(sequences[i] > sequences[i - 1], "sequence " + sequences[i] + " after " + sequences[i - 1]);
        }
    }

    // ---- append and read

    @Test
    void appendAssignsIncreasingSequencesAndReadReturnsRowsInAppendOrder() throws Exception {
        Backlog backlog = open();
        assertEquals(0, backlog.append(List.of()).length);
        long[] first = backlog.append(List.of(row(1), row(2), row(3)));
        long[] second = backlog.append(List.of(row(4)));
        assertEquals(3, first.length);
        long[] all = { first[0], first[1], first[2], second[0] };
        assertStrictlyIncreasing(all);
        assertTrue(first[0] > 0, "sequences are positive");

        List<StoredRow> rows = readAll(backlog);
        assertArrayEquals(all, sequences(rows));
        assertEquals(List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}"), payloads(rows));
        StoredRow third = rows.get(2);
        assertEquals(RowKind.RAW, third.kind());
        assertEquals(PersistencePriority.HIGH, third.priority());
        assertEquals(3_000L, third.timestampMillis());
        assertTrue(third.storedBytes() > 0);

        assertArrayEquals(new long[] { first[2], second[0] },
                sequences(backlog.read(first[1], ALL_KINDS, LOWEST, 100, Long.MAX_VALUE)));
        assertEquals(List.of(), backlog.read(second[0], ALL_KINDS, LOWEST, 100, Long.MAX_VALUE));
    }

    @Test
    void readFiltersByKindAndMinimumPriority() throws Exception {
        Backlog backlog = open();
        long[] s = backlog.append(List.of(
                new NewRow(RowKind.RAW, PersistencePriority.LOW, 1, "{\"a\":1}"),
                new NewRow(RowKind.WINDOW, PersistencePriority.HIGH, 2, "{\"b\":2}"),
                new NewRow(RowKind.RAW, PersistencePriority.VERY_HIGH, 3, "{\"c\":3}"),
                new NewRow(RowKind.WINDOW, PersistencePriority.VERY_LOW, 4, "{\"d\":4}"),
                new NewRow(RowKind.RAW, PersistencePriority.HIGH, 5, "{\"e\":5}")));
        assertArrayEquals(new long[] { s[0], s[2], s[4] },
                sequences(readAll(backlog, EnumSet.of(RowKind.RAW), LOWEST)));
        assertArrayEquals(new long[] { s[1], s[3] }, sequences(readAll(backlog, EnumSet.of(RowKind.WINDOW), LOWEST)));
        assertArrayEquals(new long[] { s[1], s[2], s[4] },
                sequences(readAll(backlog, ALL_KINDS, PersistencePriority.HIGH)));
        assertArrayEquals(new long[] { s[2], s[4] },
                sequences(readAll(backlog, EnumSet.of(RowKind.RAW), PersistencePriority.HIGH)));
        assertEquals(List.of(), backlog.read(0, EnumSet.noneOf(RowKind.class), LOWEST, 10, Long.MAX_VALUE));
    }

    @Test
    void readStopsAtMaxRows() throws Exception {
        Backlog backlog = open();
        long[] s = backlog.append(List.of(row(1), row(2), row(3), row(4), row(5)));
        assertArrayEquals(new long[] { s[0], s[1] }, sequences(backlog.read(0, ALL_KINDS, LOWEST, 2, Long.MAX_VALUE)));
        assertArrayEquals(new long[] { s[2], s[3] },
                sequences(backlog.read(s[1], ALL_KINDS, LOWEST, 2, Long.MAX_VALUE)));
        assertEquals(List.of(), backlog.read(0, ALL_KINDS, LOWEST, 0, Long.MAX_VALUE));
    }

    @Test
    void readStopsBeforeMaxPayloadCharsButAlwaysReturnsTheFirstRow() throws Exception {
        Backlog backlog = open();
        String ten = "{\"x\":\"ab\"}";
        String thirty = "{\"x\":\"" + "y".repeat(22) + "\"}";
        assertEquals(10, ten.length());
        assertEquals(30, thirty.length());
        long[] s = backlog.append(List.of(raw(LOWEST, 1, thirty), raw(LOWEST, 2, ten), raw(LOWEST, 3, ten),
                raw(LOWEST, 4, ten)));
        // the first row is returned even though it alone exceeds the limit
        assertArrayEquals(new long[] { s[0] }, sequences(backlog.read(0, ALL_KINDS, LOWEST, 100, 5)));
        assertArrayEquals(new long[] { s[0] }, sequences(backlog.read(0, ALL_KINDS, LOWEST, 100, 39)));
        // exactly reaching the limit is allowed, one more character is not
        assertArrayEquals(new long[] { s[0], s[1] }, sequences(backlog.read(0, ALL_KINDS, LOWEST, 100, 40)));
        assertArrayEquals(new long[] { s[1], s[2], s[3] }, sequences(backlog.read(s[0], ALL_KINDS, LOWEST, 100, 30)));
        assertArrayEquals(new long[] { s[1], s[2] }, sequences(backlog.read(s[0], ALL_KINDS, LOWEST, 100, 29)));
    }

    @Test
    void payloadsRoundTripExactly() throws Exception {
        Backlog backlog = open();
        StringBuilder large = new StringBuilder("{");
        Random random = new Random(42);
        while (large.length() < 1_048_576) {
            large.append("\"meter").append(random.nextInt(100)).append("/ActivePower").append(random.nextInt(1000))
                    .append("\":").append(random.nextInt()).append(',');
        }
        large.append("\"end\":null}");
        char[] noise = new char[200_000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (char) (' ' + random.nextInt(0x5000)); // mostly non-ASCII, barely compressible
        }
        List<String> texts = List.of(
                "{}",
                "{\"_sum/EssSoc\":55,\"a\":55.0,\"b\":1e3,\"c\":-0,\"d\":12345678901234567890123,\"e\":0.1000,"
                        + "\"f\":-1.5E-7,\"g\":null,\"h\":true,\"i\":\"55\"}",
                "{\"text\":\"Grüße, 電力, ⚡🔋 \\u0000 \\\"quoted\\\" e\u0301\",\"rtl\":\"مرحبا\"}",
                "{ \"spaced\" :\t1 ,\n\"kept\": [1, 2.50, 3] }",
                "{\"noise\":\"" + new String(noise).replace('"', '\'').replace('\\', '/') + "\"}",
                large.toString());
        List<NewRow> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(raw(PersistencePriority.values()[i % 5], i, texts.get(i)));
        }
        backlog.append(rows);
        assertEquals(texts, payloads(readAll(backlog)));
        assertEquals(texts, payloads(readAll(reopen(backlog, UNBOUNDED))));
    }

    // ---- delete

    @Test
    void deleteRemovesExactlyTheGivenRowsAndIgnoresUnknownSequences() throws Exception {
        Backlog backlog = open();
        long[] s = backlog.append(List.of(row(1), row(2), row(3), row(4)));
        assertEquals(2, backlog.delete(new long[] { s[1], s[3], s[3] + 1000, -1 }));
        assertArrayEquals(new long[] { s[0], s[2] }, sequences(readAll(backlog)));
        assertEquals(0, backlog.delete(new long[] { s[1] }));
        assertEquals(0, backlog.delete(new long[0]));
        assertEquals(2, backlog.stats().rows());
    }

    @Test
    void deleteOlderThanGoesByTimestampNotBySequence() throws Exception {
        Backlog backlog = open();
        // the clock jumped back between the second and third row
        long[] s = backlog.append(List.of(raw(LOWEST, 5_000, "{\"a\":1}"), raw(LOWEST, 9_000, "{\"a\":2}"),
                raw(LOWEST, 1_000, "{\"a\":3}"), raw(LOWEST, 7_000, "{\"a\":4}")));
        assertEquals(1_000, backlog.stats().oldestTimestampMillis());
        assertEquals(2, backlog.deleteOlderThan(7_000));
        assertArrayEquals(new long[] { s[1], s[3] }, sequences(readAll(backlog)));
        assertEquals(7_000, backlog.stats().oldestTimestampMillis());
        assertEquals(0, backlog.deleteOlderThan(7_000));
        assertEquals(2, backlog.deleteOlderThan(Long.MAX_VALUE));
        assertEquals(-1, backlog.stats().oldestTimestampMillis());
    }

    // ---- sequences

    @Test
    void sequencesKeepIncreasingAcrossReopen() throws Exception {
        Backlog backlog = open();
        long[] before = backlog.append(List.of(row(1), row(2)));
        backlog = reopen(backlog, UNBOUNDED);
        assertEquals(before[1], backlog.stats().lastSequence());
        long[] after = backlog.append(List.of(row(3)));
        assertTrue(after[0] > before[1]);
        assertArrayEquals(new long[] { before[0], before[1], after[0] }, sequences(readAll(backlog)));
    }

    @Test
    void sequencesAreNeverReusedAfterTheNewestRowsWereDeleted() throws Exception {
        Backlog backlog = open();
        long[] s = backlog.append(List.of(row(1), row(2), row(3)));
        backlog.delete(new long[] { s[1], s[2] });
        long[] next = backlog.append(List.of(row(4)));
        assertTrue(next[0] > s[2], next[0] + " must be above the deleted " + s[2]);
        backlog.delete(next);
        backlog.deleteOlderThan(Long.MAX_VALUE);
        assertEquals(0, backlog.stats().rows());
        backlog = reopen(backlog, UNBOUNDED);
        assertEquals(next[0], backlog.stats().lastSequence());
        long[] afterReopen = backlog.append(List.of(row(5)));
        assertTrue(afterReopen[0] > next[0], afterReopen[0] + " must be above " + next[0]);
    }

    // ---- bounds

    /**
     * A reference model of the policy: after each append, evict the lowest (priority, sequence) until the stored
     * bytes fit. Row sizes come from the same implementation without a cap.
     */
    @Test
    void byteCapEvictsLowestPriorityThenOldestWithExactCounts() throws Exception {
        Random random = new Random(7);
        List<List<NewRow>> batches = new ArrayList<>();
        int id = 0;
        for (int b = 0; b < 60; b++) {
            List<NewRow> batch = new ArrayList<>();
            for (int n = 1 + random.nextInt(3); n > 0; n--, id++) {
                StringBuilder payload = new StringBuilder("{\"id\":" + id);
                for (int c = random.nextInt(40); c >= 0; c--) {
                    payload.append(",\"ch").append(c).append("\":").append(random.nextInt(100_000));
                }
                batch.add(raw(PersistencePriority.values()[random.nextInt(5)], 1_000L * id, payload.append('}').toString()));
            }
            batches.add(batch);
        }
        Map<String, Integer> sizeOf = new java.util.HashMap<>();
        Backlog reference = open(this.directory.resolve("reference"), UNBOUNDED);
        for (List<NewRow> batch : batches) {
            reference.append(batch);
        }
        readAll(reference).forEach(r -> sizeOf.put(r.payload(), r.storedBytes()));
        reference.close();

        long cap = sizeOf.values().stream().mapToLong(Integer::longValue).sum() / 5;
        Backlog backlog = open(this.directory.resolve("capped"), new BacklogOptions(cap, 0));
        record Held(long sequence, PersistencePriority priority, String payload, int bytes) {
        }
        List<Held> model = new ArrayList<>();
        long modelEvictedRows = 0;
        long modelEvictedBytes = 0;
        Comparator<Held> evictionOrder = Comparator.comparing((Held h) -> h.priority().rank())
                .thenComparingLong(Held::sequence);
        for (List<NewRow> batch : batches) {
            long[] s = backlog.append(batch);
            for (int i = 0; i < batch.size(); i++) {
                model.add(new Held(s[i], batch.get(i).priority(), batch.get(i).payload(),
                        sizeOf.get(batch.get(i).payload())));
            }
            while (model.stream().mapToLong(Held::bytes).sum() > cap) {
                Held victim = Collections.min(model, evictionOrder);
                model.remove(victim);
                modelEvictedRows++;
                modelEvictedBytes += victim.bytes();
            }
            BacklogStats stats = backlog.stats();
            assertEquals(modelEvictedRows, stats.evictedRows(), "evicted rows");
            assertEquals(modelEvictedBytes, stats.evictedBytes(), "evicted bytes");
            assertEquals(model.size(), stats.rows(), "rows held");
            assertEquals(model.stream().mapToLong(Held::bytes).sum(), stats.bytes(), "bytes held");
            assertTrue(stats.bytes() <= cap);
        }
        assertTrue(modelEvictedRows > 50, "the scenario evicts: " + modelEvictedRows);
        assertEquals(model.stream().map(Held::payload).toList(), payloads(readAll(backlog)));
        for (PersistencePriority p : PersistencePriority.values()) {
            assertEquals(model.stream().filter(h -> h.priority() == p).count(), backlog.stats().rowsByPriority().get(p),
                    "rows of " + p);
        }
    }

    @Test
    void appendThatCannotMeetTheFreeDiskGuardThrowsBacklogFullAndStoresNothing() throws Exception {
        Backlog backlog = open(this.directory, UNBOUNDED);
        long[] kept = backlog.append(List.of(row(1)));
        Backlog guarded = reopen(backlog, new BacklogOptions(1L << 40, Long.MAX_VALUE));
        long started = System.nanoTime();
        assertThrows(BacklogFullException.class, () -> guarded.append(List.of(row(2), row(3))));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "gives up at once, no busy loop");
        BacklogStats stats = guarded.stats();
        assertEquals(0, stats.rows(), "the guard evicted what there was");
        assertEquals(1, stats.evictedRows());
        assertEquals(List.of(), readAll(guarded), "nothing of the refused append was stored");
        assertTrue(stats.lastSequence() >= kept[0]);
        assertThrows(BacklogFullException.class, () -> guarded.append(List.of(row(4))));

        Backlog relaxed = reopen(guarded, UNBOUNDED);
        long[] after = relaxed.append(List.of(row(5)));
        assertTrue(after[0] > kept[0]);
        assertEquals(List.of("{\"id\":5}"), payloads(readAll(relaxed)));
    }

    // ---- stats

    @Test
    void statsFollowAppendsAndDeletesAndSurviveReopen() throws Exception {
        Backlog backlog = open();
        BacklogStats empty = backlog.stats();
        assertEquals(0, empty.rows());
        assertEquals(0, empty.bytes());
        assertEquals(-1, empty.oldestTimestampMillis());
        assertEquals(0, empty.lastSequence());
        for (PersistencePriority p : PersistencePriority.values()) {
            assertEquals(0L, empty.rowsByPriority().get(p), "every priority present");
            assertEquals(0L, empty.bytesByPriority().get(p));
        }
        long[] s = backlog.append(List.of(raw(PersistencePriority.LOW, 3_000, "{\"a\":1}"),
                raw(PersistencePriority.HIGH, 2_000, "{\"b\":2}"), raw(PersistencePriority.HIGH, 4_000, "{\"c\":3}")));
        backlog.append(List.of(new NewRow(RowKind.WINDOW, PersistencePriority.VERY_LOW, 5_000, "{\"d\":4}")));
        backlog.delete(new long[] { s[0] });
        List<StoredRow> rows = readAll(backlog);
        BacklogStats stats = backlog.stats();
        assertEquals(3, stats.rows());
        assertEquals(2L, stats.rowsByPriority().get(PersistencePriority.HIGH));
        assertEquals(0L, stats.rowsByPriority().get(PersistencePriority.LOW));
        assertEquals(1L, stats.rowsByPriority().get(PersistencePriority.VERY_LOW));
        assertEquals(rows.stream().mapToLong(StoredRow::storedBytes).sum(), stats.bytes());
        assertEquals(rows.stream().filter(r -> r.priority() == PersistencePriority.HIGH)
                .mapToLong(StoredRow::storedBytes).sum(), stats.bytesByPriority().get(PersistencePriority.HIGH));
        assertEquals(2_000, stats.oldestTimestampMillis());
        assertEquals(rows.get(2).sequence(), stats.lastSequence());
        assertTrue(stats.commits() >= 3, "two appends and a delete committed: " + stats.commits());
        assertEquals(0, stats.evictedRows());

        BacklogStats reopened = reopen(backlog, UNBOUNDED).stats();
        assertEquals(stats.rowsByPriority(), reopened.rowsByPriority());
        assertEquals(stats.bytesByPriority(), reopened.bytesByPriority());
        assertEquals(stats.oldestTimestampMillis(), reopened.oldestTimestampMillis());
        assertEquals(stats.lastSequence(), reopened.lastSequence());
        assertEquals(0, reopened.commits(), "counted since open");
        assertEquals(0, reopened.evictedRows());
    }

    // ---- threads and lifecycle

    @Test
    void concurrentAppendsAndReadsFromSeveralThreads() throws Exception {
        Backlog backlog = open();
        int writers = 4;
        int appendsPerWriter = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Long> assigned = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                tasks.add(pool.submit(() -> {
                    start.await();
                    long previous = 0;
                    for (int i = 0; i < appendsPerWriter; i++) {
                        List<NewRow> rows = new ArrayList<>();
                        for (int n = 0; n <= i % 3; n++) {
                            rows.add(raw(PersistencePriority.values()[(i + n) % 5], i,
                                    "{\"writer\":" + writer + ",\"i\":" + i + ",\"n\":" + n + "}"));
                        }
                        long[] s = backlog.append(rows);
                        assertStrictlyIncreasing(s);
                        assertTrue(s[0] > previous, "one thread's appends are ordered");
                        previous = s[s.length - 1];
                        Arrays.stream(s).forEach(assigned::add);
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    while (writing.get()) {
                        List<StoredRow> rows = backlog.read(0, ALL_KINDS, LOWEST, 500, Long.MAX_VALUE);
                        assertStrictlyIncreasing(sequences(rows));
                        backlog.stats();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> reader : readers) {
                reader.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long expected = writers * (long) (appendsPerWriter / 3) * (1 + 2 + 3);
        assertEquals(expected, assigned.size());
        assertEquals(expected, new HashSet<>(assigned).size(), "no sequence assigned twice");
        List<StoredRow> stored = readAll(backlog);
        assertEquals(expected, stored.size());
        assertEquals(new HashSet<>(assigned), new HashSet<>(Arrays.stream(sequences(stored)).boxed().toList()));
        assertEquals(expected, backlog.stats().rows());
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() throws Exception {
        Backlog backlog = open();
        backlog.append(List.of(row(1)));
        backlog.close();
        backlog.close();
        assertThrows(BacklogException.class, () -> backlog.append(List.of(row(2))));
        assertThrows(BacklogException.class, () -> backlog.read(0, ALL_KINDS, LOWEST, 1, 1));
        assertFalse(backlog.openReport().quarantined());
        assertEquals(List.of("{\"id\":1}"), payloads(readAll(open())));
    }
}
