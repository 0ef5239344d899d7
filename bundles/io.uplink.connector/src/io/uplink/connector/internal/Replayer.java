package io.uplink.connector.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.ReplayMode;
import io.uplink.connector.ReplayProgress;
import io.uplink.core.PersistencePriority;
import io.uplink.protocol.AggregatedDataNotification;
import io.uplink.protocol.ResendDataNotification;
import io.uplink.protocol.TimestampedDataNotification;
import io.uplink.store.Backlog;
import io.uplink.store.BacklogException;
import io.uplink.store.RowKind;
import io.uplink.store.StoredRow;

/**
 * Replays the backlog after a (re)connect, following backlog-replay.md §6.2: grace period, anchors (a full live
 * snapshot and the newest window, then a barrier), the missed windows oldest first as {@code aggregatedData} plus a
 * {@code resendData} copy (phase A), then the raw rows as {@code timestampedData} (phase B), then one more full
 * snapshot. Rows are sent in barrier windows (≤ 50 messages or 1 MB, one in flight) and deleted only when the
 * barrier on the same connection answered; a broken connection leaves them for the next replay, which starts over
 * from the oldest remaining row. Pacing is measured on the agent's clock, so a test clock replays hours in seconds.
 *
 * <p>Runs on its own thread ({@code uplink-replay}), ticked once per cycle; live data never waits for it except
 * behind one replay frame (≤ 256 KB).
 */
public final class Replayer {

    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    static final int MAX_WINDOWS_PER_MESSAGE = 12;
    static final int MAX_RAW_ROWS_PER_MESSAGE = 60;
    static final int MAX_MESSAGE_CHARS = 256 * 1024;
    static final long MAX_RESEND_SPAN_MILLIS = 300_000;
    static final int MAX_MESSAGES_PER_BARRIER = 50;
    static final long MAX_CHARS_PER_BARRIER = 1024 * 1024;
    /** Rows stamped later than now plus this would poison the Backend's cache guard (§1a). */
    static final long FUTURE_TOLERANCE_MILLIS = 2000;
    private static final long SETTLE_MILLIS = 1000;
    /** Timeouts on the agent's clock also wait at least this long in real time. */
    static final long MIN_REAL_TIMEOUT_MILLIS = 10_000;
    private static final int READ_BATCH = 500;

    /** What the replay needs from the connector. */
    public interface Hooks {
        /** The current connection's epoch, or -1 when not connected. */
        long epoch();

        void requestFullSnapshot();

        /** Clock time of the last full snapshot the Backend was sent (the anchor waits for a newer one). */
        long lastFullSnapshotMillis();

        /** The newest completed window's aggregatedData, or null if none was completed yet. */
        String newestWindowText();

        /** Sends on the current connection; false if it is closed. */
        boolean send(String text, String what);

        /** A barrier request; true when the Backend answered 4001 or success. */
        CompletableFuture<Boolean> barrier();

        /** Confirmed replay data up to this time: the {@code LastSuccessfulResend} channel (epoch seconds). */
        void resent(long epochSeconds);
    }

    enum Phase {
        IDLE, WAIT_BOUNDARY, ANCHOR_SNAPSHOT, ANCHOR_BARRIER, SETTLE, WINDOWS_WAIT, WINDOWS, RAW_WAIT, RAW, DONE, STOPPED
    }

    private final Backlog backlog;
    private final Outbox outbox;
    private final Clock clock;
    private final RandomGenerator random;
    private final ExecutorService thread;
    private final Hooks hooks;
    private final Supplier<ConnectorConfig> config;
    private final AtomicBoolean ticking = new AtomicBoolean();

    // state of the replay thread
    private Phase phase = Phase.IDLE;
    private long epoch = -1;
    private long boundary = -1;
    private long cursor;
    private long phaseStartsAt;
    private long anchorRequestedAt;
    private long settleUntil;
    private long idleRoundTripMillis = -1;
    private double rateFactor = 1;
    private double rowAllowance;
    private double byteAllowance;
    private double messageAllowance;
    private long lastTick;
    private Flight flight;

    // progress, read by the status
    private volatile Phase shownPhase = Phase.IDLE;
    private volatile long rowsDone;
    private volatile long bytesDone;
    private volatile long startedMillis;
    private volatile long expiredRows;
    private volatile long futureRows;
    private volatile long replayedMessages;

    /** The rows of one barrier window, sent and awaiting the barrier's answer. */
    private record Flight(long[] sequences, long rows, long bytes, long newestTimestamp, long sentAt,
            long sentNanos, CompletableFuture<Boolean> answer) {
    }

    public Replayer(Backlog backlog, Outbox outbox, Clock clock, RandomGenerator random, ExecutorService thread,
            Hooks hooks, Supplier<ConnectorConfig> config) {
        this.backlog = backlog;
        this.outbox = outbox;
        this.clock = clock;
        this.random = random;
        this.thread = thread;
        this.hooks = hooks;
        this.config = config;
    }

    public void connected(long newEpoch) {
        this.post(() -> {
            this.epoch = newEpoch;
            this.boundary = -1;
            this.flight = null;
            this.rowsDone = 0; // progress is per connection: a new replay starts from what is left
            this.bytesDone = 0;
            this.startedMillis = 0;
            this.setPhase(this.config.get().replayMode() == ReplayMode.OFF ? Phase.DONE : Phase.WAIT_BOUNDARY);
        });
    }

    public void disconnected() {
        this.post(() -> {
            if (this.flight != null) {
                LOG.info("The connection closed during the replay; {} rows in flight stay in the backlog",
                        this.flight.rows());
            }
            this.flight = null;
            this.epoch = -1;
            this.setPhase(Phase.IDLE);
        });
    }

    /** Once per cycle; skipped while the previous tick still runs (e.g. a slow send). */
    public void tick() {
        if (this.ticking.compareAndSet(false, true)) {
            this.post(() -> {
                try {
                    this.onTick();
                } finally {
                    this.ticking.set(false);
                }
            });
        }
    }

    public ReplayProgress progress() {
        long left = this.backlog.stats().rows();
        long leftBytes = this.backlog.stats().bytes();
        long elapsed = Math.max(1, this.clock.millis() - this.startedMillis);
        boolean active = switch (this.shownPhase) {
            case IDLE, DONE, STOPPED -> false;
            default -> true;
        };
        double rate = this.startedMillis == 0 ? 0 : this.rowsDone * 1000.0 / elapsed;
        long secondsLeft = rate > 0 ? (long) Math.ceil(left / rate) : -1;
        return new ReplayProgress(this.shownPhase.name(), active, this.rowsDone, this.bytesDone, left, leftBytes, rate,
                secondsLeft, this.expiredRows, this.futureRows, this.replayedMessages);
    }

    // ------------------------------------------------------------ the replay thread

    private void onTick() {
        if (this.hooks.epoch() != this.epoch || this.epoch < 0) {
            return;
        }
        ConnectorConfig current = this.config.get();
        long now = this.clock.millis();
        long elapsed = this.lastTick == 0 ? 0 : Math.max(0, now - this.lastTick);
        this.lastTick = now;
        try {
            switch (this.phase) {
                case WAIT_BOUNDARY -> this.awaitBoundary(now, current);
                case ANCHOR_SNAPSHOT -> this.sendAnchors(now);
                case ANCHOR_BARRIER -> this.awaitAnchorBarrier(now, current);
                case SETTLE -> {
                    if (now >= this.settleUntil) {
                        this.phaseStartsAt = now + this.jitter(current.replayWindowJitterSeconds() * 1000L);
                        this.cursor = 0;
                        this.setPhase(Phase.WINDOWS_WAIT);
                    }
                }
                case WINDOWS_WAIT -> {
                    if (now >= this.phaseStartsAt) {
                        this.messageAllowance = 1;
                        this.setPhase(Phase.WINDOWS);
                    }
                }
                case WINDOWS -> this.replayWindows(now, elapsed, current);
                case RAW_WAIT -> {
                    if (now >= this.phaseStartsAt) {
                        this.rowAllowance = 1;
                        this.byteAllowance = 1;
                        this.setPhase(Phase.RAW);
                    }
                }
                case RAW -> this.replayRaw(now, elapsed, current);
                case DONE -> this.awaitLateRows(current);
                default -> {
                    // IDLE, STOPPED: nothing to do until the next connection
                }
            }
        } catch (BacklogException e) {
            LOG.warn("The replay stopped: the backlog cannot be read ({}); it resumes after the next connect",
                    e.getMessage());
            this.setPhase(Phase.STOPPED);
        }
    }

    private void awaitBoundary(long now, ConnectorConfig current) throws BacklogException {
        long known = this.outbox.replayBoundary(this.epoch);
        if (known < 0) {
            return;
        }
        this.boundary = known;
        long maxAgeMillis = current.replayMaxAgeDays() * 86_400_000L;
        int expired = this.backlog.deleteOlderThan(now - maxAgeMillis);
        if (expired > 0) {
            this.expiredRows += expired;
            LOG.warn("{} backlog rows older than replayMaxAgeDays ({} d) were deleted without replay", expired,
                    current.replayMaxAgeDays());
        }
        if (this.backlog.read(0, EnumSet.allOf(RowKind.class), PersistencePriority.VERY_LOW, 1, 1).stream()
                .noneMatch(row -> row.sequence() <= this.boundary)) {
            this.setPhase(Phase.DONE);
            return;
        }
        this.rowsDone = 0;
        this.bytesDone = 0;
        this.startedMillis = now;
        LOG.info("Replaying the backlog: {} rows ({} bytes) waiting", this.backlog.stats().rows(),
                this.backlog.stats().bytes());
        this.anchorRequestedAt = now;
        this.hooks.requestFullSnapshot();
        this.setPhase(Phase.ANCHOR_SNAPSHOT);
    }

    /**
     * After the replay, rows written later on this connection (not sent: a slow link dropped cycles) are replayed too,
     * without new anchors: the Backend's caches already hold this connection's live data.
     */
    private void awaitLateRows(ConnectorConfig current) {
        long known = this.outbox.replayBoundary(this.epoch);
        if (known > this.boundary && current.replayMode() != ReplayMode.OFF) {
            this.boundary = known;
            this.cursor = 0;
            this.messageAllowance = 1;
            this.setPhase(Phase.WINDOWS);
        }
    }

    /** Anchors (§6.2 step 3): after them both cache timestamps are "now", so every replayed row is older. */
    private void sendAnchors(long now) {
        if (this.hooks.lastFullSnapshotMillis() < this.anchorRequestedAt) {
            return; // the forced full snapshot has not gone out yet
        }
        String window = this.hooks.newestWindowText();
        if (window != null && !this.hooks.send(window, "anchor aggregatedData")) {
            return;
        }
        this.flight = new Flight(new long[0], 0, 0, 0, now, System.nanoTime(), this.hooks.barrier());
        this.setPhase(Phase.ANCHOR_BARRIER);
    }

    private void awaitAnchorBarrier(long now, ConnectorConfig current) {
        Boolean passed = this.answer(now, current);
        if (passed == null) {
            return;
        }
        this.idleRoundTripMillis = Math.max(1, now - this.flight.sentAt());
        this.flight = null;
        if (!passed) {
            this.stop("the anchor barrier was not confirmed");
            return;
        }
        this.settleUntil = now + SETTLE_MILLIS;
        this.setPhase(Phase.SETTLE);
    }

    /** The flight's answer: null while waiting, false when failed or timed out. */
    private Boolean answer(long now, ConnectorConfig current) {
        CompletableFuture<Boolean> answer = this.flight.answer();
        if (answer.isDone()) {
            try {
                return answer.join();
            } catch (RuntimeException e) {
                return false;
            }
        }
        long timeoutMillis = current.barrierTimeoutSeconds() * 1000L;
        // on the agent's clock, but never sooner in real time: an accelerated test clock must not outrun the network
        boolean late = now - this.flight.sentAt() > timeoutMillis
                && System.nanoTime() - this.flight.sentNanos() > Math.min(timeoutMillis, MIN_REAL_TIMEOUT_MILLIS) * 1_000_000L;
        return late ? Boolean.FALSE : null;
    }

    /** Phase A: windows as aggregatedData (≥ aggregationPriority) plus a resendData copy (≥ resendPriority). */
    private void replayWindows(long now, long elapsed, ConnectorConfig current) throws BacklogException {
        if (this.flight != null && !this.landed(now, current)) {
            return;
        }
        double rate = current.replayWindowMessagesPerSecond() * this.rateFactor;
        this.messageAllowance = Math.min(this.messageAllowance + rate * elapsed / 1000.0, Math.max(1, rate * 2));
        if (this.messageAllowance <= 0) {
            return;
        }
        ReplayMode mode = current.replayMode();
        List<StoredRow> rows = this.next(RowKind.WINDOW, now, current);
        if (rows.isEmpty()) {
            this.endWindows(now, current);
            return;
        }
        Batch batch = new Batch();
        int messages = 0;
        int start = 0;
        while (start < rows.size() && messages < MAX_MESSAGES_PER_BARRIER && batch.chars < MAX_CHARS_PER_BARRIER
                && this.messageAllowance > 0) {
            int end = start;
            List<StoredRow> group = new ArrayList<>();
            int windows = 0;
            long lastTimestamp = Long.MIN_VALUE;
            long chars = 0;
            while (end < rows.size()) {
                StoredRow row = rows.get(end);
                boolean newWindow = row.timestampMillis() != lastTimestamp;
                if (newWindow && (windows == MAX_WINDOWS_PER_MESSAGE || (chars > 0 && chars + row.payload().length() > MAX_MESSAGE_CHARS))) {
                    break;
                }
                if (newWindow) {
                    windows++;
                    lastTimestamp = row.timestampMillis();
                }
                group.add(row);
                chars += row.payload().length();
                end++;
            }
            if (mode != ReplayMode.RESEND_ONLY) {
                String aggregated = message(AggregatedDataNotification.METHOD, group, current.aggregationPriority());
                if (aggregated != null && !this.send(aggregated, "replayed aggregatedData", batch)) {
                    return;
                }
            }
            for (String resend : resendMessages(group, current.resendPriority())) {
                if (!this.send(resend, "resendData", batch)) {
                    return;
                }
                messages++;
                this.messageAllowance--;
            }
            messages++;
            this.messageAllowance--;
            batch.add(group);
            start = end;
        }
        this.launch(batch, now);
    }

    private void endWindows(long now, ConnectorConfig current) throws BacklogException {
        if (current.replayMode() != ReplayMode.FULL) {
            this.finish();
            return;
        }
        long oldest = this.oldestRaw();
        long outage = oldest < 0 ? 0 : Math.max(0, now - oldest);
        this.phaseStartsAt = now + this.jitter(Math.min(outage, current.replayRawJitterMaxSeconds() * 1000L));
        this.cursor = 0;
        this.setPhase(Phase.RAW_WAIT);
    }

    private long oldestRaw() throws BacklogException {
        List<StoredRow> first = this.backlog.read(0, EnumSet.of(RowKind.RAW), PersistencePriority.VERY_LOW, 1, 1);
        return first.isEmpty() || first.get(0).sequence() > this.boundary ? -1 : first.get(0).timestampMillis();
    }

    /** Phase B: raw rows as timestampedData, original JSON text, at most replaySpeed × real time and the byte rate. */
    private void replayRaw(long now, long elapsed, ConnectorConfig current) throws BacklogException {
        if (this.flight != null && !this.landed(now, current)) {
            return;
        }
        double cycleSeconds = current.cycleTime() / 1000.0;
        double rowRate = current.replaySpeed() / cycleSeconds * this.rateFactor;
        double byteRate = current.replayBytesPerSecond() * this.rateFactor;
        this.rowAllowance = Math.min(this.rowAllowance + rowRate * elapsed / 1000.0, Math.max(1, rowRate * 2));
        this.byteAllowance = Math.min(this.byteAllowance + byteRate * elapsed / 1000.0, Math.max(1, byteRate * 2));
        if (this.rowAllowance <= 0 || this.byteAllowance <= 0) {
            return;
        }
        List<StoredRow> rows = this.next(RowKind.RAW, now, current);
        if (rows.isEmpty()) {
            this.finish();
            return;
        }
        Batch batch = new Batch();
        int messages = 0;
        int start = 0;
        while (start < rows.size() && messages < MAX_MESSAGES_PER_BARRIER && batch.chars < MAX_CHARS_PER_BARRIER
                && this.rowAllowance > 0 && this.byteAllowance > 0) {
            int end = start;
            List<StoredRow> group = new ArrayList<>();
            int timestamps = 0;
            long lastTimestamp = Long.MIN_VALUE;
            long chars = 0;
            int budget = (int) Math.max(1, Math.min(MAX_RAW_ROWS_PER_MESSAGE, Math.ceil(this.rowAllowance)));
            while (end < rows.size()) {
                StoredRow row = rows.get(end);
                boolean newRow = row.timestampMillis() != lastTimestamp;
                if (newRow && (timestamps == budget || (chars > 0 && chars + row.payload().length() > MAX_MESSAGE_CHARS))) {
                    break;
                }
                if (newRow) {
                    timestamps++;
                    lastTimestamp = row.timestampMillis();
                }
                group.add(row);
                chars += row.payload().length();
                end++;
            }
            String text = message(TimestampedDataNotification.METHOD, group, current.resendPriority());
            if (text != null) {
                if (!this.send(text, "replayed timestampedData", batch)) {
                    return;
                }
                this.byteAllowance -= text.length();
                messages++;
            }
            this.rowAllowance -= timestamps;
            batch.add(group);
            start = end;
        }
        this.launch(batch, now);
    }

    /**
     * The next rows of a kind up to the boundary, after the cursor; rows stamped in the future are deleted and
     * counted (they would poison the Backend's cache guard), as are rows older than the replay age.
     */
    private List<StoredRow> next(RowKind kind, long now, ConnectorConfig current) throws BacklogException {
        List<StoredRow> rows = this.backlog.read(this.cursor, EnumSet.of(kind), PersistencePriority.VERY_LOW,
                READ_BATCH, MAX_CHARS_PER_BARRIER);
        List<StoredRow> usable = new ArrayList<>(rows.size());
        List<Long> rejected = new ArrayList<>();
        long oldestAllowed = now - current.replayMaxAgeDays() * 86_400_000L;
        for (StoredRow row : rows) {
            if (row.sequence() > this.boundary) {
                break;
            }
            if (row.timestampMillis() > now + FUTURE_TOLERANCE_MILLIS) {
                rejected.add(row.sequence());
                this.futureRows++;
            } else if (row.timestampMillis() < oldestAllowed) {
                rejected.add(row.sequence());
                this.expiredRows++;
            } else {
                usable.add(row);
            }
        }
        if (!rejected.isEmpty()) {
            LOG.warn("{} backlog rows were not replayed: stamped in the future (clock not set?) or older than"
                    + " replayMaxAgeDays", rejected.size());
            this.backlog.delete(rejected.stream().mapToLong(Long::longValue).toArray());
            if (usable.isEmpty() && rows.size() == READ_BATCH) {
                this.cursor = rows.get(rows.size() - 1).sequence();
                return this.next(kind, now, current);
            }
        }
        return usable;
    }

    /**
     * One message for a group of rows, each timestamp one params key; only channels of priority ≥ the threshold;
     * the stored values objects are spliced in as they are, so numbers keep their original JSON text.
     */
    public static String message(String method, List<StoredRow> rows, PersistencePriority threshold) {
        StringBuilder text = new StringBuilder(256);
        text.append("{\"jsonrpc\":\"2.0\",\"method\":\"").append(method).append("\",\"params\":{");
        long openTimestamp = Long.MIN_VALUE;
        boolean anyRow = false;
        boolean anyValue = false;
        for (StoredRow row : rows) {
            if (!row.priority().isAtLeast(threshold) || row.payload().length() <= 2) {
                continue;
            }
            String inner = row.payload().substring(1, row.payload().length() - 1);
            if (row.timestampMillis() != openTimestamp) {
                if (anyRow) {
                    text.append("},");
                }
                text.append('"').append(row.timestampMillis()).append("\":{");
                openTimestamp = row.timestampMillis();
                anyRow = true;
                anyValue = false;
            }
            if (anyValue) {
                text.append(',');
            }
            text.append(inner);
            anyValue = true;
        }
        if (!anyRow) {
            return null;
        }
        return text.append("}}}").toString();
    }

    /**
     * The resendData copies of a group of windows, shaped as OpenEMS Edge sends them (§5.4 of the protocol notes):
     * numbers only (AggregatedInflux casts every value to a number) and at most 300 s between the first and the last
     * timestamp of a message.
     */
    static List<String> resendMessages(List<StoredRow> windows, PersistencePriority threshold) {
        List<String> messages = new ArrayList<>();
        List<StoredRow> chunk = new ArrayList<>();
        long first = Long.MIN_VALUE;
        for (StoredRow row : windows) {
            if (!row.priority().isAtLeast(threshold)) {
                continue;
            }
            if (!chunk.isEmpty() && row.timestampMillis() - first > MAX_RESEND_SPAN_MILLIS) {
                addIfAny(messages, message(ResendDataNotification.METHOD, chunk, threshold));
                chunk.clear();
            }
            if (chunk.isEmpty()) {
                first = row.timestampMillis();
            }
            String numbers = numbersOnly(row.payload());
            chunk.add(new StoredRow(row.sequence(), row.kind(), row.priority(), row.timestampMillis(), numbers,
                    row.storedBytes()));
        }
        if (!chunk.isEmpty()) {
            addIfAny(messages, message(ResendDataNotification.METHOD, chunk, threshold));
        }
        return messages;
    }

    private static void addIfAny(List<String> messages, String message) {
        if (message != null) {
            messages.add(message);
        }
    }

    /** The values object without its non-numeric values; numbers keep their JSON text. */
    static String numbersOnly(String payload) {
        com.google.gson.JsonObject values = com.google.gson.JsonParser.parseString(payload).getAsJsonObject();
        com.google.gson.JsonObject numbers = new com.google.gson.JsonObject();
        values.entrySet().forEach(entry -> {
            com.google.gson.JsonElement value = entry.getValue();
            if (value.isJsonNull() || (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber())) {
                numbers.add(entry.getKey(), value);
            }
        });
        return numbers.toString();
    }

    private boolean send(String text, String what, Batch batch) {
        if (!this.hooks.send(text, what)) {
            LOG.info("The replay paused: the connection closed; it resumes after the next connect");
            this.setPhase(Phase.IDLE);
            return false;
        }
        batch.chars += text.length();
        this.replayedMessages++;
        return true;
    }

    private void launch(Batch batch, long now) {
        if (batch.sequences.isEmpty()) {
            return;
        }
        long[] sequences = batch.sequences.stream().mapToLong(Long::longValue).toArray();
        this.cursor = sequences[sequences.length - 1];
        this.flight = new Flight(sequences, sequences.length, batch.chars, batch.newestTimestamp, now,
                System.nanoTime(), this.hooks.barrier());
    }

    /** True once the flight's barrier answered and its rows are deleted; false while waiting; stops on failure. */
    private boolean landed(long now, ConnectorConfig current) throws BacklogException {
        Boolean passed = this.answer(now, current);
        if (passed == null) {
            return false;
        }
        Flight landed = this.flight;
        this.flight = null;
        if (!passed) {
            this.stop("a barrier was not confirmed within barrierTimeoutSeconds or failed");
            return false;
        }
        long roundTrip = now - landed.sentAt();
        if (this.idleRoundTripMillis > 0 && roundTrip > Math.max(2000, 4 * this.idleRoundTripMillis)) {
            this.rateFactor = Math.max(1.0 / 64, this.rateFactor / 2); // the Backend struggles: halve the pace (§6.2 step 9)
        } else if (this.rateFactor < 1) {
            this.rateFactor = Math.min(1, this.rateFactor * 2);
        }
        this.backlog.delete(landed.sequences());
        this.rowsDone += landed.rows();
        this.bytesDone += landed.bytes();
        if (landed.newestTimestamp() > 0) {
            this.hooks.resent(landed.newestTimestamp() / 1000);
        }
        return true;
    }

    private void finish() {
        this.hooks.requestFullSnapshot(); // self-healing after the replay (§6.2 step 10)
        LOG.info("The backlog replay is complete: {} rows ({} bytes) confirmed", this.rowsDone, this.bytesDone);
        this.setPhase(Phase.DONE);
    }

    private void stop(String why) {
        LOG.warn("The replay stopped: {}; the rows stay in the backlog for the next connection", why);
        this.setPhase(Phase.STOPPED);
    }

    private long jitter(long maxMillis) {
        return maxMillis <= 0 ? 0 : this.random.nextLong(maxMillis + 1);
    }

    private void setPhase(Phase next) {
        this.phase = next;
        this.shownPhase = next;
    }

    private void post(Runnable task) {
        try {
            this.thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("The replay failed: {}", e.toString(), e);
                    this.setPhase(Phase.STOPPED);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private static final class Batch {
        final List<Long> sequences = new ArrayList<>();
        long chars;
        long newestTimestamp;

        void add(List<StoredRow> rows) {
            for (StoredRow row : rows) {
                this.sequences.add(row.sequence());
                this.newestTimestamp = Math.max(this.newestTimestamp, row.timestampMillis());
            }
        }
    }
}
