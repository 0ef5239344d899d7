package io.uplink.store.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.uplink.core.PersistencePriority;
import io.uplink.store.Backlog;
import io.uplink.store.BacklogException;
import io.uplink.store.BacklogOptions;
import io.uplink.store.NewRow;
import io.uplink.store.SqliteBacklog;
import io.uplink.store.StoredRow;

/** The contract on SQLite, plus what only SQLite has: files, WAL, the native library, damaged files. */
class SqliteBacklogTest extends BacklogContract {

    @Override
    protected Backlog create(Path directory, BacklogOptions options) throws BacklogException {
        return SqliteBacklog.open(directory, options);
    }

    @Test
    void nativeLibraryIsExtractedUnderTheStoreDirectoryAndNothingGoesToTmp() throws Exception {
        // a fresh JVM: this one loaded the library once already, from whichever store opened first
        Path tmp = Files.createDirectories(this.directory.resolve("java-tmp"));
        Path store = this.directory.resolve("store");
        try (ChildJvm child = ChildJvm.start(this.directory.resolve("child.log"),
                List.of("-Djava.io.tmpdir=" + tmp), "probe", store.toString())) {
            assertTrue(child.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "probe finished");
            List<String> lines = child.remainingLines();
            assertEquals(0, child.process.exitValue(), "probe output " + lines + ", log: "
                    + Files.readString(this.directory.resolve("child.log")));
            assertTrue(lines.contains("native " + store.resolve("native")), lines.toString());
        }
        try (Stream<Path> files = Files.walk(store.resolve("native"))) {
            List<Path> libraries = files.filter(f -> f.getFileName().toString().startsWith("libsqlitejdbc")).toList();
            assertEquals(1, libraries.size(), "one library under native/: " + libraries);
            assertTrue(Files.size(libraries.get(0)) > 100_000);
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(), files.toList(), "nothing in java.io.tmpdir");
        }
        // and this JVM's library came from a store directory too
        Path loadedFrom = SqliteBacklog.nativeLibraryDirectory();
        assertNotNull(loadedFrom);
        assertEquals(SqliteBacklog.NATIVE_DIRECTORY, loadedFrom.getFileName().toString());
    }

    @Test
    void usesWalWithIncrementalAutoVacuum() throws Exception {
        SqliteBacklog backlog = (SqliteBacklog) open();
        backlog.append(List.of(row(1)));
        assertTrue(Files.exists(this.directory.resolve(SqliteBacklog.FILE_NAME + "-wal")), "a WAL file while open");
        try (Connection other = new SQLiteConfig().createConnection("jdbc:sqlite:" + backlog.file());
                Statement st = other.createStatement()) {
            assertEquals("wal", pragma(st, "journal_mode"));
            assertEquals("2", pragma(st, "auto_vacuum"), "INCREMENTAL");
            assertEquals("1", pragma(st, "user_version"));
        }
    }

    @Test
    void evictionAndDeletesGiveTheSpaceBackToTheFileSystem() throws Exception {
        SqliteBacklog backlog = (SqliteBacklog) open();
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            backlog.append(List.of(raw(PersistencePriority.LOW, i, incompressible(random, 100_000))));
        }
        backlog.close();
        long full = Files.size(backlog.file());
        assertTrue(full > 2_500_000, "3 MB of rows: " + full);

        backlog = (SqliteBacklog) open(this.directory, new BacklogOptions(500_000, 0));
        backlog.append(List.of(row(1)));
        assertTrue(backlog.stats().bytes() <= 500_000);
        assertTrue(backlog.stats().evictedRows() >= 30, "evicted " + backlog.stats().evictedRows());
        backlog.close();
        long afterEviction = Files.size(backlog.file());
        assertTrue(afterEviction < 1_000_000, "the file shrank from " + full + " to " + afterEviction);
    }

    @Test
    void garbageFileIsQuarantinedWithAWarningAndAFreshStoreWorks() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(1).nextBytes(garbage);
        Path file = this.directory.resolve(SqliteBacklog.FILE_NAME);
        Files.write(file, garbage);
        List<ILoggingEvent> logged = new ArrayList<>();
        Backlog backlog = captureLog(logged, this::open);

        Backlog.OpenReport report = backlog.openReport();
        assertTrue(report.quarantined());
        assertTrue(report.reason().contains("not a database"), report.reason());
        assertTrue(report.quarantinedFile().getFileName().toString()
                .matches("backlog\\.db\\.corrupt-\\d{8}T\\d{6}Z"), report.quarantinedFile().toString());
        assertArrayEquals(garbage, Files.readAllBytes(report.quarantinedFile()), "the damaged file is kept as it was");
        assertEquals(1, backlog.quarantines());
        assertWarned(logged, report);
        assertFreshStoreWorks(backlog);
    }

    @Test
    void truncatedFileIsQuarantined() throws Exception {
        SqliteBacklog backlog = (SqliteBacklog) open();
        Random random = new Random(5);
        for (int i = 0; i < 30; i++) {
            backlog.append(List.of(raw(PersistencePriority.HIGH, i, incompressible(random, 50_000))));
        }
        backlog.close();
        long size = Files.size(backlog.file());
        try (RandomAccessFile file = new RandomAccessFile(backlog.file().toFile(), "rw")) {
            file.setLength(size * 2 / 5);
        }
        List<ILoggingEvent> logged = new ArrayList<>();
        Backlog reopened = captureLog(logged, this::open);
        Backlog.OpenReport report = reopened.openReport();
        assertTrue(report.quarantined(), "a truncated file is damage");
        assertWarned(logged, report);
        assertEquals(size * 2 / 5, Files.size(report.quarantinedFile()));
        assertFreshStoreWorks(reopened);
    }

    /**
     * A power loss in the middle of a commit leaves a torn WAL tail. SQLite's frame checksums make that an
     * uncommitted transaction, not damage: the store opens clean with every earlier commit.
     */
    @Test
    void tornWalTailLosesOnlyTheUnfinishedCommit() throws Exception {
        Backlog backlog = open();
        long[] committed = backlog.append(List.of(row(1), row(2)));
        long[] torn = backlog.append(List.of(raw(PersistencePriority.HIGH, 3, incompressible(new Random(9), 30_000))));
        // the files as a power loss at this moment would leave them (the store is still open)
        Path crash = Files.createDirectories(this.directory.resolve("crash"));
        for (String name : List.of(SqliteBacklog.FILE_NAME, SqliteBacklog.FILE_NAME + "-wal")) {
            Files.copy(this.directory.resolve(name), crash.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        Path wal = crash.resolve(SqliteBacklog.FILE_NAME + "-wal");
        long walSize = Files.size(wal);
        assertTrue(walSize > 30_000, "the last commit is in the WAL: " + walSize);
        try (RandomAccessFile file = new RandomAccessFile(wal.toFile(), "rw")) {
            file.setLength(walSize - 2_000); // inside the last commit's frames
        }
        Backlog afterCrash = open(crash, UNBOUNDED);
        assertFalse(afterCrash.openReport().quarantined(), String.valueOf(afterCrash.openReport()));
        List<StoredRow> rows = readAll(afterCrash);
        assertArrayEquals(committed, sequences(rows));
        long[] next = afterCrash.append(List.of(row(4)));
        assertTrue(next[0] > committed[1]);
        assertTrue(torn[0] > committed[1]);
        afterCrash.close();

        // garbage after the last complete frame is ignored the same way
        Files.copy(this.directory.resolve(SqliteBacklog.FILE_NAME), crash.resolve(SqliteBacklog.FILE_NAME),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(this.directory.resolve(SqliteBacklog.FILE_NAME + "-wal"), wal, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(crash.resolve(SqliteBacklog.FILE_NAME + "-shm"));
        byte[] garbage = new byte[5_000];
        new Random(2).nextBytes(garbage);
        Files.write(wal, garbage, StandardOpenOption.APPEND);
        Backlog withGarbage = open(crash, UNBOUNDED);
        assertFalse(withGarbage.openReport().quarantined(), String.valueOf(withGarbage.openReport()));
        assertArrayEquals(new long[] { committed[0], committed[1], torn[0] }, sequences(readAll(withGarbage)));
    }

    @Test
    void damageFoundAtRunTimeIsQuarantinedAndTheStoreContinues() throws Exception {
        SqliteBacklog backlog = (SqliteBacklog) open();
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            backlog.append(List.of(raw(PersistencePriority.HIGH, i, incompressible(random, 20_000))));
        }
        long lastSequence = backlog.stats().lastSequence();
        backlog = (SqliteBacklog) reopen(backlog, UNBOUNDED); // everything in the main file, nothing cached
        long size = Files.size(backlog.file());
        assertTrue(size > 6_000_000, "larger than SQLite's page cache: " + size);
        byte[] garbage = new byte[(int) (size / 2)];
        random.nextBytes(garbage);
        try (RandomAccessFile file = new RandomAccessFile(backlog.file().toFile(), "rw")) {
            file.seek(size / 8); // the header page stays intact, the tree below it does not
            file.write(garbage);
        }

        List<ILoggingEvent> logged = new ArrayList<>();
        SqliteBacklog damaged = backlog;
        List<StoredRow> rows = captureLog(logged, () -> readAll(damaged));
        assertTrue(rows.size() < 500, "some rows were unreadable: " + rows.size());
        assertEquals(1, backlog.quarantines());
        Backlog.OpenReport report = backlog.lastQuarantine();
        assertTrue(report.quarantined());
        assertTrue(Files.exists(report.quarantinedFile()));
        assertFalse(backlog.openReport().quarantined(), "it opened clean");
        assertWarned(logged, report);
        assertEquals(0, backlog.stats().rows());
        long[] next = backlog.append(List.of(row(1)));
        assertTrue(next[0] > lastSequence, "sequences go on after a quarantine: " + next[0] + " > " + lastSequence);
        assertEquals(List.of("{\"id\":1}"), payloads(readAll(backlog)));
    }

    // ---- helpers

    private interface Action<T> {
        T run() throws Exception;
    }

    private static <T> T captureLog(List<ILoggingEvent> into, Action<T> action) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(SqliteBacklog.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        try {
            return action.run();
        } finally {
            logger.detachAppender(appender);
            into.addAll(appender.list);
        }
    }

    private static void assertWarned(List<ILoggingEvent> logged, Backlog.OpenReport report) {
        List<String> warnings = logged.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("is damaged")
                && w.contains(report.quarantinedFile().toString()) && w.contains("fresh store")),
                "a WARN says what and where: " + warnings);
    }

    private void assertFreshStoreWorks(Backlog backlog) throws BacklogException {
        assertEquals(0, backlog.stats().rows());
        long[] s = backlog.append(List.of(row(1), row(2)));
        assertEquals(List.of("{\"id\":1}", "{\"id\":2}"), payloads(readAll(backlog)));
        Backlog reopened = reopen(backlog, UNBOUNDED);
        assertFalse(reopened.openReport().quarantined(), "the fresh store reopens clean");
        assertArrayEquals(s, sequences(readAll(reopened)));
    }

    static String incompressible(Random random, int length) {
        char[] text = new char[length];
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < length; i++) {
            text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return "{\"x\":\"" + new String(text) + "\"}";
    }

    private static String pragma(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static NewRow highRow(long timestamp, String payload) {
        return raw(PersistencePriority.HIGH, timestamp, payload);
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort
        }
    }
}
