package io.uplink.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import io.uplink.core.PersistencePriority;

/**
 * The backlog in one SQLite file, {@code <directory>/backlog.db}, in WAL mode.
 *
 * <p>Durability: {@code synchronous=FULL} with WAL syncs the log on every commit, so a commit that returned survives
 * a power loss ({@code NORMAL} may lose the last commits). The outbox batches its commits while connected, so the
 * cost of one fsync per commit is paid rarely.
 *
 * <p>Sequences come from {@code INTEGER PRIMARY KEY AUTOINCREMENT}: SQLite keeps the highest one ever assigned in
 * {@code sqlite_sequence}, so they are never reused, even after the newest rows were deleted or evicted.
 *
 * <p>Bounds: the byte cap is checked in the append's own transaction, the free-disk guard after it (WAL first,
 * then rows). With WAL even a delete needs new space, so a 1 MiB reserve file ({@code backlog.reserve}) is kept
 * while there is room and given up on a full disk to let the eviction commit.
 *
 * <p>Damage: a file that is not a database, is shorter than its header says, or (after a crash) fails
 * {@code PRAGMA quick_check} on open, or SQLITE_CORRUPT /
 * SQLITE_NOTADB later, moves the file (with its -wal and -shm) to {@code backlog.db.corrupt-<UTC time>}, logs a
 * WARN, and continues with a fresh store; see {@link #openReport()} and {@link #quarantines()}.
 */
public final class SqliteBacklog implements Backlog {
    public static final String FILE_NAME = "backlog.db";
    /** Where sqlite-jdbc's native library is extracted, under the store's directory (never java.io.tmpdir). */
    public static final String NATIVE_DIRECTORY = "native";
    /** What a row costs beyond its stored payload: its other columns, record header and two index entries. */
    public static final int ROW_OVERHEAD_BYTES = 48;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteBacklog.class);
    private static final int SCHEMA_VERSION = 1;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_NOTADB = 26;
    /** Free pages are reused by later appends; give them back to the file system only when this many are free. */
    private static final long VACUUM_THRESHOLD_BYTES = 1L << 20;
    /** A WAL that grew (a large transaction) is cut back to this after a checkpoint; below it, it is reused. */
    private static final long WAL_SIZE_LIMIT_BYTES = 1L << 20;
    /** On SQLITE_FULL at least this much is evicted before the one retry. */
    private static final long FULL_DISK_EVICTION_MIN_BYTES = 256L * 1024;
    /** The free-disk guard measures, evicts and measures again at most this often per call: never a busy loop. */
    private static final int FREE_DISK_GUARD_ROUNDS = 8;
    private static final int EVICTION_BATCH = 256;
    /** Space held back for evicting on a full disk: an eviction plus its vacuum writes about twice what it frees. */
    static final long RESERVE_BYTES = 1L << 20;
    public static final String RESERVE_FILE_NAME = "backlog.reserve";
    private static final DateTimeFormatter QUARANTINE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final int PRIORITIES = PersistencePriority.values().length;

    private final Path directory;
    private final Path file;
    private final BacklogOptions options;
    private final Path reserve;
    private final Object lock = new Object();

    private Connection connection;
    private OpenReport openReport;
    private OpenReport lastQuarantine = OpenReport.CLEAN;
    private long quarantines;
    private boolean closed;

    private final long[] rowsByRank = new long[PRIORITIES];
    private final long[] bytesByRank = new long[PRIORITIES];
    private long oldestTimestamp = -1;
    private long lastSequence;
    private long evictedRows;
    private long evictedBytes;
    private long commits;

    private SqliteBacklog(Path directory, BacklogOptions options) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.options = options;
        this.reserve = directory.resolve(RESERVE_FILE_NAME);
    }

    /**
     * Opens (or creates) the store in this directory. A damaged file is set aside and a fresh store created; the
     * returned store's {@link #openReport()} says so.
     */
    public static SqliteBacklog open(Path directory, BacklogOptions options) throws BacklogException {
        try {
            Files.createDirectories(directory);
            SqliteNative.load(directory.resolve(NATIVE_DIRECTORY));
        } catch (IOException e) {
            throw new BacklogException("Cannot prepare the backlog directory " + directory + ": " + e.getMessage(), e);
        }
        SqliteBacklog backlog = new SqliteBacklog(directory, options);
        synchronized (backlog.lock) {
            backlog.openReport = backlog.openOrQuarantine();
            if (backlog.openReport.quarantined()) {
                backlog.lastQuarantine = backlog.openReport;
                backlog.quarantines = 1;
            }
            backlog.restoreReserve();
        }
        LOG.info("Backlog {} opened: {} rows, {} bytes, last sequence {}", backlog.file, backlog.totalRows(),
                backlog.totalBytes(), backlog.lastSequence);
        return backlog;
    }

    /**
     * Where this JVM loaded SQLite's native library from: {@code <directory>/native} of the first store opened (a
     * JVM loads it once), or null before that.
     */
    public static Path nativeLibraryDirectory() {
        return SqliteNative.loadedFrom();
    }

    /** The database file. */
    public Path file() {
        return this.file;
    }

    @Override
    public long[] append(List<NewRow> rows) throws BacklogException {
        if (rows.isEmpty()) {
            return new long[0];
        }
        // compression outside the lock: readers need not wait for it
        List<Encoded> encoded = new ArrayList<>(rows.size());
        for (NewRow row : rows) {
            PayloadCodec.Encoded payload = PayloadCodec.encode(row.payload());
            encoded.add(new Encoded(row, payload, payload.bytes().length + ROW_OVERHEAD_BYTES));
        }
        synchronized (this.lock) {
            ensureOpen();
            try {
                return appendLocked(encoded);
            } catch (SQLException e) {
                if (!isDamage(e)) {
                    throw failure("append", e);
                }
                quarantineAtRunTime(e);
                try {
                    return appendLocked(encoded);
                } catch (SQLException again) {
                    throw failure("append to the fresh store", again);
                }
            }
        }
    }

    @Override
    public List<StoredRow> read(long afterSequence, Set<RowKind> kinds, PersistencePriority minPriority, int maxRows,
            long maxPayloadChars) throws BacklogException {
        if (kinds.isEmpty() || maxRows <= 0) {
            return List.of();
        }
        synchronized (this.lock) {
            ensureOpen();
            try {
                return readLocked(afterSequence, kinds, minPriority, maxRows, maxPayloadChars);
            } catch (SQLException e) {
                if (!isDamage(e)) {
                    throw failure("read", e);
                }
                quarantineAtRunTime(e);
                return List.of();
            }
        }
    }

    @Override
    public int delete(long[] sequences) throws BacklogException {
        if (sequences.length == 0) {
            return 0;
        }
        synchronized (this.lock) {
            ensureOpen();
            try {
                return deleteLocked(sequences);
            } catch (SQLException e) {
                if (!isDamage(e)) {
                    throw failure("delete", e);
                }
                quarantineAtRunTime(e);
                return 0;
            }
        }
    }

    @Override
    public int deleteOlderThan(long timestampMillis) throws BacklogException {
        synchronized (this.lock) {
            ensureOpen();
            try {
                return deleteOlderThanLocked(timestampMillis);
            } catch (SQLException e) {
                if (!isDamage(e)) {
                    throw failure("delete old rows", e);
                }
                quarantineAtRunTime(e);
                return 0;
            }
        }
    }

    @Override
    public BacklogStats stats() {
        synchronized (this.lock) {
            Map<PersistencePriority, Long> rows = new EnumMap<>(PersistencePriority.class);
            Map<PersistencePriority, Long> bytes = new EnumMap<>(PersistencePriority.class);
            for (PersistencePriority p : PersistencePriority.values()) {
                rows.put(p, this.rowsByRank[p.rank()]);
                bytes.put(p, this.bytesByRank[p.rank()]);
            }
            return new BacklogStats(Map.copyOf(rows), Map.copyOf(bytes), this.oldestTimestamp, this.lastSequence,
                    this.evictedRows, this.evictedBytes, this.commits);
        }
    }

    @Override
    public OpenReport openReport() {
        return this.openReport;
    }

    @Override
    public long quarantines() {
        synchronized (this.lock) {
            return this.quarantines;
        }
    }

    @Override
    public OpenReport lastQuarantine() {
        synchronized (this.lock) {
            return this.lastQuarantine;
        }
    }

    @Override
    public void close() {
        synchronized (this.lock) {
            if (this.closed) {
                return;
            }
            this.closed = true;
            closeConnectionQuietly();
        }
    }

    // ---- append and eviction

    private record Encoded(NewRow row, PayloadCodec.Encoded payload, int storedBytes) {
    }

    /** Rows and bytes a transaction removed, per priority rank; applied to the stats only after its commit. */
    private static final class Removed {
        final long[] rows = new long[PRIORITIES];
        final long[] bytes = new long[PRIORITIES];
        long totalRows;
        long totalBytes;

        void add(int rank, long storedBytes) {
            this.rows[rank]++;
            this.bytes[rank] += storedBytes;
            this.totalRows++;
            this.totalBytes += storedBytes;
        }
    }

    private long[] appendLocked(List<Encoded> encoded) throws SQLException, BacklogException {
        long appendBytes = encoded.stream().mapToLong(Encoded::storedBytes).sum();
        enforceFreeDisk();
        if (usableSpace() < this.options.minFreeDiskBytes()) {
            throw new BacklogFullException("No room for " + encoded.size() + " rows: " + usableSpace()
                    + " bytes free on the backlog's file system, below the guard of " + this.options.minFreeDiskBytes()
                    + " bytes, with " + totalRows() + " rows left in the backlog", null);
        }
        long[] sequences;
        try {
            sequences = insertWithinCap(encoded, appendBytes);
        } catch (SQLException e) {
            if (!isFull(e)) {
                throw e;
            }
            LOG.warn("Backlog {}: disk full while appending {} rows; evicting the lowest-priority rows and retrying once",
                    this.file, encoded.size());
            try {
                checkpointQuietly();
                evictAndShrink(Math.max(4 * appendBytes, FULL_DISK_EVICTION_MIN_BYTES));
                sequences = insertWithinCap(encoded, appendBytes);
            } catch (SQLException again) {
                if (!isFull(again)) {
                    throw again;
                }
                throw new BacklogFullException("Disk full: " + encoded.size() + " rows not stored (" + usableSpace()
                        + " bytes free, " + totalRows() + " rows left in the backlog)", again);
            }
        }
        try {
            enforceFreeDisk();
        } catch (SQLException e) {
            // the rows are committed, so the append succeeded; the guard tries again on the next call
            LOG.warn("Backlog {}: free-disk guard failed after an append: {}", this.file, describe(e));
        }
        restoreReserve();
        return sequences;
    }

    /** One transaction: the rows, then the byte cap's evictions. */
    private long[] insertWithinCap(List<Encoded> encoded, long appendBytes) throws SQLException {
        long[] sequences = new long[encoded.size()];
        Removed evicted;
        execute("BEGIN IMMEDIATE");
        try {
            try (PreparedStatement insert = this.connection.prepareStatement(
                    "INSERT INTO backlog_row (kind, priority, ts, compressed, stored_bytes, payload)"
                            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING seq")) {
                for (int i = 0; i < sequences.length; i++) {
                    Encoded e = encoded.get(i);
                    insert.setInt(1, kindCode(e.row().kind()));
                    insert.setInt(2, e.row().priority().rank());
                    insert.setLong(3, e.row().timestampMillis());
                    insert.setInt(4, e.payload().compressed() ? 1 : 0);
                    insert.setInt(5, e.storedBytes());
                    insert.setBytes(6, e.payload().bytes());
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        sequences[i] = rs.getLong(1);
                    }
                }
            }
            long over = totalBytes() + appendBytes - this.options.maxBytes();
            evicted = over > 0 ? evictLowestFirst(over) : new Removed();
            execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
        this.commits++;
        for (Encoded e : encoded) {
            int rank = e.row().priority().rank();
            this.rowsByRank[rank]++;
            this.bytesByRank[rank] += e.storedBytes();
            long ts = e.row().timestampMillis();
            if (this.oldestTimestamp == -1 || ts < this.oldestTimestamp) {
                this.oldestTimestamp = ts;
            }
        }
        this.lastSequence = Math.max(this.lastSequence, sequences[sequences.length - 1]);
        if (evicted.totalRows > 0) {
            applyRemoved(evicted, true);
            LOG.debug("Backlog {}: byte cap {} evicted {} rows ({} bytes)", this.file, this.options.maxBytes(),
                    evicted.totalRows, evicted.totalBytes);
            shrinkQuietly();
        }
        return sequences;
    }

    /** Inside an open transaction: deletes rows, lowest priority first and then oldest, until this much is freed. */
    private Removed evictLowestFirst(long bytesToFree) throws SQLException {
        Removed removed = new Removed();
        try (PreparedStatement select = this.connection.prepareStatement(
                "SELECT seq, priority, stored_bytes FROM backlog_row ORDER BY priority, seq LIMIT " + EVICTION_BATCH);
                PreparedStatement delete = this.connection.prepareStatement("DELETE FROM backlog_row WHERE seq = ?")) {
            while (removed.totalBytes < bytesToFree) {
                int found = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (removed.totalBytes < bytesToFree && rs.next()) {
                        found++;
                        delete.setLong(1, rs.getLong(1));
                        delete.addBatch();
                        removed.add(rs.getInt(2), rs.getLong(3));
                    }
                }
                delete.executeBatch();
                if (found == 0) {
                    break;
                }
            }
        }
        return removed;
    }

    /**
     * The free-disk guard, bounded: first gives the WAL back (it is transient), then evicts in rounds, each
     * measured again after the file shrank.
     */
    private void enforceFreeDisk() throws SQLException {
        if (usableSpace() >= this.options.minFreeDiskBytes()) {
            return;
        }
        checkpointQuietly();
        for (int round = 0; round < FREE_DISK_GUARD_ROUNDS; round++) {
            long deficit = this.options.minFreeDiskBytes() - usableSpace();
            if (deficit <= 0 || totalRows() == 0) {
                return;
            }
            evictAndShrink(Math.max(deficit, 64L * 1024));
        }
    }

    /**
     * Evicts in its own transaction and shrinks the file at once. With WAL even a delete needs new disk space, so
     * on a full disk the reserve file is given up to let the eviction through.
     */
    private void evictAndShrink(long bytesToFree) throws SQLException {
        Removed evicted;
        try {
            evicted = evictTransaction(bytesToFree);
        } catch (SQLException e) {
            if (!isFull(e) || !releaseReserve()) {
                throw e;
            }
            checkpointQuietly();
            evicted = evictTransaction(bytesToFree);
        }
        applyRemoved(evicted, true);
        LOG.debug("Backlog {}: evicted {} rows ({} bytes) for disk space", this.file, evicted.totalRows,
                evicted.totalBytes);
        try {
            shrinkIfMuchFree(true);
        } catch (SQLException e) {
            if (!isFull(e)) {
                throw e;
            }
            // the rows are gone and counted; their pages are reused by the next append even unshrunk
            LOG.debug("Backlog {}: no disk space to shrink the file", this.file, e);
        }
    }

    private Removed evictTransaction(long bytesToFree) throws SQLException {
        execute("BEGIN IMMEDIATE");
        try {
            Removed evicted = evictLowestFirst(bytesToFree);
            execute("COMMIT");
            this.commits++;
            return evicted;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * Gives free pages back to the file system. With WAL the file only shrinks at a checkpoint; {@code force}
     * (disk space is short) checkpoints and truncates the WAL at once.
     */
    private void shrinkIfMuchFree(boolean force) throws SQLException {
        long freeBytes = pragmaLong("freelist_count") * pragmaLong("page_size");
        if (force || freeBytes > VACUUM_THRESHOLD_BYTES) {
            try (Statement st = this.connection.createStatement()) {
                // executeUpdate steps it to completion; each step frees one page
                st.executeUpdate("PRAGMA incremental_vacuum");
            }
            this.commits++;
        }
        if (force) {
            checkpoint();
        }
    }

    /** After a commit: a failure to shrink must not turn a committed change into a reported failure. */
    private void shrinkQuietly() {
        try {
            shrinkIfMuchFree(false);
        } catch (SQLException e) {
            LOG.debug("Backlog {}: could not shrink the file", this.file, e);
        }
    }

    /** Copies the WAL into the database file and truncates it to zero; the file's vacuumed tail is cut too. */
    private void checkpoint() throws SQLException {
        try (Statement st = this.connection.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next();
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (SQLException e) {
            LOG.debug("Backlog {}: checkpoint failed", this.file, e);
        }
    }

    /**
     * The reserve: a file of {@link #RESERVE_BYTES} kept next to the store while there is room, given up when the
     * disk is full so that evicting (which with WAL needs new space first) can still commit.
     */
    private boolean releaseReserve() {
        try {
            boolean released = Files.deleteIfExists(this.reserve);
            if (released) {
                LOG.warn("Backlog {}: disk full; gave up the {} byte reserve to evict rows", this.file, RESERVE_BYTES);
            }
            return released;
        } catch (IOException e) {
            return false;
        }
    }

    private void restoreReserve() {
        if (Files.exists(this.reserve)
                || usableSpace() < this.options.minFreeDiskBytes() + 2 * RESERVE_BYTES) {
            return;
        }
        try {
            Path partial = this.directory.resolve(RESERVE_FILE_NAME + ".partial");
            Files.write(partial, new byte[(int) RESERVE_BYTES]);
            Files.move(partial, this.reserve, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("Backlog {}: could not write the disk reserve", this.file, e);
        }
    }

    /** After a commit, so it never fails: a committed change is never reported as a failure. */
    private void applyRemoved(Removed removed, boolean evicted) {
        for (int rank = 0; rank < PRIORITIES; rank++) {
            this.rowsByRank[rank] -= removed.rows[rank];
            this.bytesByRank[rank] -= removed.bytes[rank];
        }
        if (evicted) {
            this.evictedRows += removed.totalRows;
            this.evictedBytes += removed.totalBytes;
        }
        if (removed.totalRows > 0) {
            try {
                this.oldestTimestamp = queryOldestTimestamp();
            } catch (SQLException e) {
                LOG.debug("Backlog {}: could not read the oldest timestamp", this.file, e);
            }
        }
    }

    // ---- read and delete

    private List<StoredRow> readLocked(long afterSequence, Set<RowKind> kinds, PersistencePriority minPriority,
            int maxRows, long maxPayloadChars) throws SQLException {
        String kindFilter = kinds.size() == RowKind.values().length ? ""
                : " AND kind IN (" + String.join(",", kinds.stream().map(k -> String.valueOf(kindCode(k))).toList())
                        + ")";
        List<StoredRow> rows = new ArrayList<>();
        long chars = 0;
        try (PreparedStatement select = this.connection.prepareStatement(
                "SELECT seq, kind, priority, ts, compressed, stored_bytes, payload FROM backlog_row"
                        + " WHERE seq > ? AND priority >= ?" + kindFilter + " ORDER BY seq LIMIT ?")) {
            select.setLong(1, afterSequence);
            select.setInt(2, minPriority.rank());
            select.setInt(3, maxRows);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long sequence = rs.getLong(1);
                    String payload;
                    try {
                        payload = PayloadCodec.decode(rs.getBytes(7), rs.getInt(5) != 0);
                    } catch (DataFormatException e) {
                        throw new SQLException("damaged payload of row " + sequence + ": " + e.getMessage(), null,
                                SQLITE_CORRUPT, e);
                    }
                    if (!rows.isEmpty() && chars + payload.length() > maxPayloadChars) {
                        break;
                    }
                    chars += payload.length();
                    rows.add(new StoredRow(sequence, kindOf(rs.getInt(2)), PersistencePriority.values()[rs.getInt(3)],
                            rs.getLong(4), payload, rs.getInt(6)));
                }
            }
        }
        return rows;
    }

    private int deleteLocked(long[] sequences) throws SQLException {
        Removed removed = new Removed();
        execute("BEGIN IMMEDIATE");
        try (PreparedStatement select = this.connection.prepareStatement(
                "SELECT priority, stored_bytes FROM backlog_row WHERE seq = ?");
                PreparedStatement delete = this.connection.prepareStatement("DELETE FROM backlog_row WHERE seq = ?")) {
            for (long sequence : Arrays.stream(sequences).distinct().toArray()) {
                select.setLong(1, sequence);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    removed.add(rs.getInt(1), rs.getLong(2));
                }
                delete.setLong(1, sequence);
                delete.executeUpdate();
            }
            execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
        this.commits++;
        applyRemoved(removed, false);
        shrinkQuietly();
        return (int) removed.totalRows;
    }

    private int deleteOlderThanLocked(long timestampMillis) throws SQLException {
        Removed removed = new Removed();
        execute("BEGIN IMMEDIATE");
        try (PreparedStatement select = this.connection.prepareStatement(
                "SELECT priority, stored_bytes FROM backlog_row WHERE ts < ?");
                PreparedStatement delete = this.connection.prepareStatement("DELETE FROM backlog_row WHERE ts < ?")) {
            select.setLong(1, timestampMillis);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    removed.add(rs.getInt(1), rs.getLong(2));
                }
            }
            delete.setLong(1, timestampMillis);
            delete.executeUpdate();
            execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
        this.commits++;
        applyRemoved(removed, false);
        shrinkQuietly();
        return (int) removed.totalRows;
    }

    // ---- open, schema, stats

    private OpenReport openOrQuarantine() throws BacklogException {
        String damage;
        try {
            // SQLite removes the WAL when it closes cleanly: a WAL left over means a crash or power loss
            boolean cleanShutdown = !Files.exists(this.directory.resolve(FILE_NAME + "-wal"));
            boolean existed = Files.exists(this.file);
            connect();
            damage = checkExisting(existed && cleanShutdown);
            if (damage == null) {
                createSchema();
                loadStats();
                return OpenReport.CLEAN;
            }
        } catch (SQLException e) {
            if (!isDamage(e)) {
                closeConnectionQuietly();
                throw failure("open " + this.file, e);
            }
            damage = describe(e);
        } catch (IOException e) {
            closeConnectionQuietly();
            throw new BacklogException("Cannot read " + this.file + ": " + e, e);
        }
        closeConnectionQuietly();
        Path moved = quarantineFiles(damage);
        try {
            connect();
            createSchema();
            loadStats();
        } catch (SQLException e) {
            closeConnectionQuietly();
            throw failure("create a fresh store at " + this.file, e);
        }
        return new OpenReport(moved, damage);
    }

    private void connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5_000);
        // created by the SQLite driver class itself: DriverManager cannot see it across bundle class loaders
        this.connection = config.createConnection("jdbc:sqlite:" + this.file.toAbsolutePath());
        try (Statement st = this.connection.createStatement()) {
            // auto_vacuum only takes effect before the first table exists: a fresh file gets it, an old one keeps its
            st.execute("PRAGMA auto_vacuum = INCREMENTAL");
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                rs.next();
                if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException("SQLite refused WAL mode (journal_mode is " + rs.getString(1) + ")");
                }
            }
            st.execute("PRAGMA synchronous = FULL");
            st.execute("PRAGMA temp_store = MEMORY"); // SQLite's own temporary files would otherwise go to /var/tmp or /tmp
            st.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT_BYTES);
        }
    }

    /** Null when the file is healthy (or new), else what is wrong with it. */
    /**
     * Header, schema version and size always; the full {@code quick_check} (it reads every page: 8.6 s for a 141 MB
     * store with a cold cache here, far more on device flash) only after an unclean shutdown. Damage in a cleanly
     * closed file is still caught when a read or append meets it, and quarantined then.
     */
    private String checkExisting(boolean cleanlyClosed) throws SQLException, IOException {
        try (Statement st = this.connection.createStatement()) {
            int version;
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                rs.next();
                version = rs.getInt(1);
            }
            if (version > SCHEMA_VERSION) {
                return "schema version " + version + " is newer than this agent's " + SCHEMA_VERSION;
            }
            if (cleanlyClosed) {
                long expected = pragmaLong("page_count") * pragmaLong("page_size");
                long actual = Files.size(this.file);
                return actual == expected ? null
                        : "file is " + actual + " bytes, its header says " + expected + " (truncated or torn)";
            }
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check(5)")) {
                while (rs.next()) {
                    problems.add(rs.getString(1));
                }
            }
            if (problems.size() == 1 && "ok".equals(problems.get(0))) {
                return null;
            }
            return "quick_check: " + String.join("; ", problems);
        }
    }

    private void createSchema() throws SQLException {
        try (Statement st = this.connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS backlog_row ("
                    + " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " kind INTEGER NOT NULL,"
                    + " priority INTEGER NOT NULL,"
                    + " ts INTEGER NOT NULL,"
                    + " compressed INTEGER NOT NULL,"
                    // before the payload: reading it must not walk the payload's overflow pages
                    + " stored_bytes INTEGER NOT NULL,"
                    + " payload BLOB NOT NULL)");
            st.execute("CREATE INDEX IF NOT EXISTS backlog_row_eviction ON backlog_row (priority, seq)");
            st.execute("CREATE INDEX IF NOT EXISTS backlog_row_ts ON backlog_row (ts)");
            st.execute("PRAGMA user_version = " + SCHEMA_VERSION);
        }
    }

    private void loadStats() throws SQLException {
        Arrays.fill(this.rowsByRank, 0);
        Arrays.fill(this.bytesByRank, 0);
        try (Statement st = this.connection.createStatement()) {
            try (ResultSet rs = st.executeQuery(
                    "SELECT priority, COUNT(*), TOTAL(stored_bytes) FROM backlog_row GROUP BY priority")) {
                while (rs.next()) {
                    this.rowsByRank[rs.getInt(1)] = rs.getLong(2);
                    this.bytesByRank[rs.getInt(1)] = rs.getLong(3);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'backlog_row'")) {
                // kept across a run-time quarantine, so sequences never go back
                this.lastSequence = Math.max(this.lastSequence, rs.next() ? rs.getLong(1) : 0);
            }
        }
        this.oldestTimestamp = queryOldestTimestamp();
    }

    private long queryOldestTimestamp() throws SQLException {
        try (Statement st = this.connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT MIN(ts) FROM backlog_row")) {
            rs.next();
            long value = rs.getLong(1);
            return rs.wasNull() ? -1 : value;
        }
    }

    // ---- damage

    private void quarantineAtRunTime(SQLException cause) throws BacklogException {
        String reason = describe(cause);
        long lostRows = totalRows();
        closeConnectionQuietly();
        Path moved = quarantineFiles(reason + " (at run time; " + lostRows + " rows held)");
        long keptSequence = this.lastSequence;
        try {
            connect();
            createSchema();
            if (keptSequence > 0) {
                try (PreparedStatement st = this.connection.prepareStatement(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES ('backlog_row', ?)")) {
                    st.setLong(1, keptSequence);
                    st.executeUpdate();
                }
            }
            loadStats();
        } catch (SQLException e) {
            closeConnectionQuietly();
            this.closed = true;
            throw failure("create a fresh store after quarantining the damaged one", e);
        }
        this.oldestTimestamp = -1;
        this.quarantines++;
        this.lastQuarantine = new OpenReport(moved, reason);
    }

    /** Moves the file and its -wal/-shm aside; returns the new name of the main file. */
    private Path quarantineFiles(String reason) throws BacklogException {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(QUARANTINE_TIME);
        Path target = this.directory.resolve(FILE_NAME + ".corrupt-" + stamp);
        for (int n = 2; Files.exists(target); n++) {
            target = this.directory.resolve(FILE_NAME + ".corrupt-" + stamp + "-" + n);
        }
        try {
            Files.move(this.file, target);
            for (String suffix : new String[] { "-wal", "-shm" }) {
                Path side = this.directory.resolve(FILE_NAME + suffix);
                try {
                    Files.move(side, target.resolveSibling(target.getFileName() + suffix));
                } catch (NoSuchFileException e) {
                    // no WAL or shared memory file: nothing to move
                }
            }
        } catch (IOException e) {
            throw new BacklogException("The backlog " + this.file + " is damaged (" + reason
                    + ") and could not be moved aside: " + e, e);
        }
        LOG.warn("Backlog {} is damaged ({}); moved it to {} and started a fresh store: the rows it held are lost",
                this.file, reason, target);
        return target;
    }

    private static boolean isDamage(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
    }

    private static boolean isFull(SQLException e) {
        return (e.getErrorCode() & 0xff) == SQLITE_FULL;
    }

    private static String describe(SQLException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    // ---- helpers

    private void ensureOpen() throws BacklogException {
        if (this.closed) {
            throw new BacklogException("The backlog " + this.file + " is closed");
        }
    }

    private BacklogException failure(String what, SQLException e) {
        return new BacklogException("Backlog " + this.file + ": could not " + what + ": " + describe(e), e);
    }

    private long usableSpace() {
        try {
            return Files.getFileStore(this.directory).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: the byte cap still bounds the store
        }
    }

    private long totalRows() {
        return Arrays.stream(this.rowsByRank).sum();
    }

    private long totalBytes() {
        return Arrays.stream(this.bytesByRank).sum();
    }

    private long pragmaLong(String pragma) throws SQLException {
        try (Statement st = this.connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = this.connection.createStatement()) {
            st.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            if (this.connection != null) {
                execute("ROLLBACK");
            }
        } catch (SQLException e) {
            // SQLite rolls back itself after some errors (SQLITE_FULL among them): no transaction is left to end
        }
    }

    private void closeConnectionQuietly() {
        if (this.connection == null) {
            return;
        }
        try {
            this.connection.close();
        } catch (SQLException e) {
            LOG.debug("Backlog {}: closing the connection failed", this.file, e);
        }
        this.connection = null;
    }

    private static int kindCode(RowKind kind) {
        return switch (kind) {
        case RAW -> 0;
        case WINDOW -> 1;
        };
    }

    private static RowKind kindOf(int code) {
        return switch (code) {
        case 0 -> RowKind.RAW;
        case 1 -> RowKind.WINDOW;
        default -> throw new IllegalStateException("unknown row kind code " + code);
        };
    }
}
