package io.uplink.connector.internal;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.connector.ConnectorConfig;
import io.uplink.core.ChannelSnapshot;
import io.uplink.store.Backlog;
import io.uplink.store.BacklogException;
import io.uplink.store.BacklogFullException;
import io.uplink.store.NewRow;
import io.uplink.store.RowKind;

/**
 * Every data message the agent sends goes through here: each cycle's values and each window are recorded as
 * backlog rows, and a row leaves the backlog only once the Backend confirmed it (backlog-replay.md §6.2 step 8).
 *
 * <p>Confirmation: a live row counts as confirmable when it was sent on the current connection after its grace
 * period (the Backend may drop what arrives in the first seconds, §1a). Confirmable rows wait in memory; every
 * {@code liveBarrierSeconds} a barrier request follows them, and its 4001 answer drops them. Everything else (not
 * sent, sent during the grace period, sent on a connection that then broke, a failed barrier) is written to the
 * backlog and replayed by the {@link Replayer}; rows that were sent once may thus reach the Backend twice, which is
 * harmless (§6.2 step 8) and counted.
 *
 * <p>Flash wear: while offline the backlog commits once per cycle (a crash loses at most the running cycle).
 * While connected, confirmable rows are written only every {@code backlogCommitSeconds} (default 60 s), and usually
 * they are confirmed before that: about one commit per minute instead of one per second. The price: a kill -9 while
 * connected loses the confirmable rows of the last minute, which did go out on a working link.
 *
 * <p>All state lives on one thread ({@code uplink-backlog}); the cycle and the senders only post to it, so the
 * store's disk writes never delay the cycle or live data.
 */
public final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** Payload kept in memory while the disk refuses rows; beyond this the oldest rows are lost (and counted). */
    private static final long MAX_UNWRITTEN_CHARS = 32L * 1024 * 1024;

    /** Sends a barrier request; completes true when the Backend answered 4001 or success. */
    public interface Barriers {
        CompletableFuture<Boolean> send();
    }

    /** A recorded message whose send outcome the senders report. */
    public static final class Pending {
        private final long recordedMillis;
        private final long recordedNanos = System.nanoTime();
        private final ChannelSnapshot snapshot;
        private final long timestampMillis;
        private final Aggregator.Window window;
        private List<NewRow> rows;
        private volatile long sentEpoch = -1;
        private volatile long sentAtMillis;
        private volatile boolean unsent;

        private Pending(long recordedMillis, ChannelSnapshot snapshot, long timestampMillis, Aggregator.Window window) {
            this.recordedMillis = recordedMillis;
            this.snapshot = snapshot;
            this.timestampMillis = timestampMillis;
            this.window = window;
        }

        /** The message went out on the connection of this epoch. */
        public void sent(long epoch, long atMillis) {
            this.sentAtMillis = atMillis;
            this.sentEpoch = epoch;
        }

        /** The message was not sent (no connection, or the send failed). */
        public void notSent() {
            this.unsent = true;
        }

        boolean decided() {
            return this.unsent || this.sentEpoch >= 0;
        }
    }

    private final Backlog backlog;
    private final Clock clock;
    private final ExecutorService thread;
    private final Barriers barriers;
    private final Supplier<ConnectorConfig> config;
    private final BacklogRows rowBuilder;

    // state of the backlog thread
    private final ArrayDeque<Pending> undecided = new ArrayDeque<>();
    private final List<Pending> liveInMemory = new ArrayList<>();
    private final List<Long> liveWritten = new ArrayList<>();
    private final ArrayDeque<NewRow> unwritten = new ArrayDeque<>();
    private long unwrittenChars;
    private boolean connected;
    private long epoch = -1;
    private long openMillis;
    private long lastCommitMillis;
    private long lastBarrierMillis;
    private long barrierGeneration;
    private boolean barrierInFlight;
    private long barrierSentMillis;
    private long barrierSentNanos;
    private boolean warnedFull;

    /** Sequences up to here are the replay's; -1 until the grace period of the current connection ended. */
    private volatile long replayBoundary = -1;
    private volatile long boundaryEpoch = -1;
    private final AtomicLong possibleDuplicates = new AtomicLong();
    private final AtomicLong lostRows = new AtomicLong();
    private final AtomicLong liveConfirmed = new AtomicLong();
    private volatile String problem;
    private volatile long awaiting;

    public Outbox(Backlog backlog, Clock clock, ExecutorService thread, Barriers barriers,
            Supplier<ConnectorConfig> config) {
        this.backlog = backlog;
        this.clock = clock;
        this.thread = thread;
        this.barriers = barriers;
        this.config = config;
        ConnectorConfig current = config.get();
        this.rowBuilder = new BacklogRows(current.resendPriority(), current.fullSendInterval() * 1000L);
    }

    public Backlog backlog() {
        return this.backlog;
    }

    // ------------------------------------------------------------ called from the cycle and the senders

    /** Records one cycle's values; report the send outcome on the returned handle. */
    public Pending recordCycle(ChannelSnapshot snapshot, long timestampMillis) {
        Pending pending = new Pending(this.clock.millis(), snapshot, timestampMillis, null);
        this.post(() -> this.undecided.add(pending));
        return pending;
    }

    /** Records a completed window (sent now, or later, or never). */
    public Pending recordWindow(Aggregator.Window window) {
        Pending pending = new Pending(this.clock.millis(), null, window.windowStartMillis(), window);
        this.post(() -> this.undecided.add(pending));
        return pending;
    }

    /** Once per cycle, after recording: decides what to write, commits, sends the live barrier. */
    public void tick() {
        this.post(this::onTick);
    }

    public void connected(long newEpoch, long openedMillis) {
        this.post(() -> {
            this.connected = true;
            this.epoch = newEpoch;
            this.openMillis = openedMillis;
            this.lastCommitMillis = openedMillis;
            this.lastBarrierMillis = openedMillis;
            this.replayBoundary = -1;
        });
    }

    public void disconnected() {
        this.post(() -> {
            this.connected = false;
            this.replayBoundary = -1;
            this.barrierGeneration++;
            this.barrierInFlight = false;
            // what went out without a barrier may or may not have arrived: keep it, replay it
            List<NewRow> rows = new ArrayList<>();
            for (Pending pending : this.liveInMemory) {
                rows.addAll(pending.rows);
                this.possibleDuplicates.addAndGet(pending.rows.size());
            }
            this.possibleDuplicates.addAndGet(this.liveWritten.size());
            this.liveInMemory.clear();
            this.liveWritten.clear();
            this.awaiting = 0;
            this.drainUndecided(rows, true);
            this.write(rows);
        });
    }

    /** Writes what is still in memory (orderly stop); waits for it. */
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        this.post(() -> {
            List<NewRow> rows = new ArrayList<>();
            for (Pending pending : this.liveInMemory) {
                rows.addAll(pending.rows);
            }
            this.liveInMemory.clear();
            this.drainUndecided(rows, true);
            this.write(rows);
            done.complete(null);
        });
        try {
            done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("The backlog could not be written completely before stopping: {}", e.toString());
        }
    }

    /** The replay covers sequences up to this on the connection of {@code epoch}; -1 while not known yet. */
    public long replayBoundary(long forEpoch) {
        return this.boundaryEpoch == forEpoch ? this.replayBoundary : -1;
    }

    public long possibleDuplicates() {
        return this.possibleDuplicates.get();
    }

    /** Rows the disk could not take even after eviction, and that memory could not hold either. */
    public long lostRows() {
        return this.lostRows.get();
    }

    public long liveConfirmed() {
        return this.liveConfirmed.get();
    }

    /** Rows in the backlog that went out live and wait for the next barrier (written by the periodic commit). */
    public long awaitingConfirmation() {
        return this.awaiting;
    }

    /** The backlog's current problem in plain words (disk full, write errors), or null. */
    public String problem() {
        return this.problem;
    }

    // ------------------------------------------------------------ the backlog thread

    private void onTick() {
        ConnectorConfig current = this.config.get();
        this.rowBuilder.configure(current.resendPriority(), current.fullSendInterval() * 1000L);
        long now = this.clock.millis();
        boolean graceOver = this.connected && now >= this.openMillis + current.replayGraceSeconds() * 1000L;
        List<NewRow> toWrite = new ArrayList<>();
        long undecidedLimit = 2L * current.cycleTime() + 2000;
        while (!this.undecided.isEmpty()) {
            Pending pending = this.undecided.peek();
            boolean overdue = now - pending.recordedMillis >= undecidedLimit
                    && System.nanoTime() - pending.recordedNanos >= Math.min(undecidedLimit, 5000) * 1_000_000L;
            if (!pending.decided() && !overdue) {
                break; // keep the order: rows are written in the order they were recorded
            }
            this.undecided.poll();
            this.encode(pending, current);
            if (pending.rows.isEmpty()) {
                continue;
            }
            boolean confirmable = this.connected && pending.sentEpoch == this.epoch
                    && pending.sentAtMillis >= this.openMillis + current.replayGraceSeconds() * 1000L;
            if (confirmable) {
                this.liveInMemory.add(pending);
            } else {
                toWrite.addAll(pending.rows);
                if (pending.sentEpoch >= 0) {
                    this.possibleDuplicates.addAndGet(pending.rows.size());
                }
            }
        }
        boolean boundaryDue = graceOver && this.boundaryEpoch != this.epoch;
        if (this.connected && !boundaryDue && now - this.lastCommitMillis >= current.backlogCommitSeconds() * 1000L) {
            this.lastCommitMillis = now;
            if (!this.liveInMemory.isEmpty()) {
                List<NewRow> live = new ArrayList<>();
                this.liveInMemory.forEach(pending -> live.addAll(pending.rows));
                long[] sequences = this.write(concat(toWrite, live));
                toWrite.clear();
                this.liveInMemory.clear(); // written, or held with the unwritten rows (then no longer confirmable)
                if (sequences != null) {
                    // the live rows are the tail of what was written
                    for (int i = sequences.length - live.size(); i < sequences.length; i++) {
                        this.liveWritten.add(sequences[i]);
                    }
                }
            }
        }
        boolean lateRows = !toWrite.isEmpty();
        this.write(toWrite);
        if (lateRows && graceOver && this.boundaryEpoch == this.epoch) {
            // rows not sent while connected (e.g. a slow link dropped cycles) join the replay of this connection;
            // live rows written meanwhile may be replayed once more, which is harmless
            this.replayBoundary = this.backlog.stats().lastSequence();
        }
        if (boundaryDue) {
            // everything before the grace period ended is written now: it belongs to the replay
            this.replayBoundary = this.backlog.stats().lastSequence();
            this.boundaryEpoch = this.epoch;
        }
        this.liveBarrier(now, current, graceOver);
        this.countAwaiting();
    }

    private void countAwaiting() {
        this.awaiting = this.liveWritten.size();
    }

    private void liveBarrier(long now, ConnectorConfig current, boolean graceOver) {
        long timeoutMillis = current.barrierTimeoutSeconds() * 1000L;
        if (this.barrierInFlight && now - this.barrierSentMillis > timeoutMillis && System.nanoTime()
                - this.barrierSentNanos > Math.min(timeoutMillis, Replayer.MIN_REAL_TIMEOUT_MILLIS) * 1_000_000L) {
            LOG.warn("The Backend did not answer the barrier request within {} s; the live rows it covers stay in the"
                    + " backlog", current.barrierTimeoutSeconds());
            this.barrierGeneration++;
            this.barrierInFlight = false;
        }
        if (!graceOver || this.barrierInFlight || now - this.lastBarrierMillis < current.liveBarrierSeconds() * 1000L
                || (this.liveInMemory.isEmpty() && this.liveWritten.isEmpty())) {
            return;
        }
        List<Pending> coveredMemory = new ArrayList<>(this.liveInMemory);
        List<Long> coveredWritten = new ArrayList<>(this.liveWritten);
        long generation = ++this.barrierGeneration;
        this.barrierInFlight = true;
        this.barrierSentMillis = now;
        this.barrierSentNanos = System.nanoTime();
        this.lastBarrierMillis = now;
        this.barriers.send().whenComplete((passed, error) -> this.post(() -> {
            if (generation != this.barrierGeneration) {
                return; // timed out or the connection changed meanwhile
            }
            this.barrierInFlight = false;
            if (error != null || !Boolean.TRUE.equals(passed)) {
                LOG.info("The live barrier failed ({}); its rows stay in the backlog",
                        error != null ? error.toString() : "not confirmed");
                return;
            }
            this.liveInMemory.removeAll(coveredMemory);
            this.liveWritten.removeAll(coveredWritten);
            long rows = coveredMemory.stream().mapToLong(p -> p.rows.size()).sum() + coveredWritten.size();
            this.liveConfirmed.addAndGet(rows);
            if (!coveredWritten.isEmpty()) {
                try {
                    this.backlog.delete(coveredWritten.stream().mapToLong(Long::longValue).toArray());
                } catch (BacklogException e) {
                    LOG.warn("Confirmed rows could not be deleted from the backlog ({}); they will be sent again",
                            e.getMessage());
                }
            }
        }));
    }

    private void encode(Pending pending, ConnectorConfig current) {
        if (pending.rows != null) {
            return;
        }
        if (pending.window != null) {
            pending.rows = current.replayMode().keepsWindows() ? BacklogRows.window(pending.window) : List.of();
        } else {
            // the delta state must see every cycle, also those not kept
            List<NewRow> raw = this.rowBuilder.raw(pending.snapshot, pending.timestampMillis);
            pending.rows = current.replayMode().keepsRawRows() ? raw : List.of();
        }
    }

    /** Moves undecided entries into rows to write (on disconnect and stop nothing can confirm them any more). */
    private void drainUndecided(List<NewRow> rows, boolean all) {
        ConnectorConfig current = this.config.get();
        Iterator<Pending> it = this.undecided.iterator();
        while (it.hasNext()) {
            Pending pending = it.next();
            this.encode(pending, current);
            rows.addAll(pending.rows);
            if (pending.sentEpoch >= 0) {
                this.possibleDuplicates.addAndGet(pending.rows.size());
            }
            it.remove();
        }
    }

    /** Appends in one transaction, behind rows an earlier full disk refused; returns the new rows' sequences. */
    private long[] write(List<NewRow> rows) {
        if (rows.isEmpty() && this.unwritten.isEmpty()) {
            return new long[0];
        }
        List<NewRow> all = this.unwritten.isEmpty() ? rows : concat(new ArrayList<>(this.unwritten), rows);
        try {
            long[] sequences = this.backlog.append(all);
            if (!this.unwritten.isEmpty()) {
                LOG.info("The backlog takes rows again; {} rows held in memory are written", this.unwritten.size());
            }
            this.unwritten.clear();
            this.unwrittenChars = 0;
            this.warnedFull = false;
            this.problem = null;
            return java.util.Arrays.copyOfRange(sequences, sequences.length - rows.size(), sequences.length);
        } catch (BacklogException e) {
            boolean full = e instanceof BacklogFullException;
            this.problem = full ? "disk full: rows wait in memory" : "cannot write the backlog: " + e.getMessage();
            if (!this.warnedFull) {
                LOG.warn("The backlog cannot take rows ({}); they wait in memory (up to {} MiB)", e.getMessage(),
                        MAX_UNWRITTEN_CHARS >> 20);
                this.warnedFull = true;
            }
            for (NewRow row : rows) {
                this.unwritten.add(row);
                this.unwrittenChars += row.payload().length();
            }
            while (this.unwrittenChars > MAX_UNWRITTEN_CHARS && this.unwritten.size() > 1) {
                this.unwrittenChars -= this.unwritten.poll().payload().length();
                this.lostRows.incrementAndGet();
                this.rowBuilder.requestFull(); // later rows must not be deltas against lost ones
            }
            return null;
        }
    }

    private static List<NewRow> concat(List<NewRow> first, List<NewRow> second) {
        if (first.isEmpty()) {
            return second;
        }
        List<NewRow> all = new ArrayList<>(first.size() + second.size());
        all.addAll(first);
        all.addAll(second);
        return all;
    }

    private void post(Runnable task) {
        try {
            this.thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Backlog bookkeeping failed: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }
}
