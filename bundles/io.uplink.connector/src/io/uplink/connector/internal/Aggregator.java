package io.uplink.connector.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.connector.ConnectorConfig;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.PersistencePriority;
import io.uplink.protocol.DataMessageWriter;

/**
 * Builds {@code aggregatedData} for 5-minute windows (OpenEMS §6.3, §8.3). Windows are aligned to the local time
 * of the given zone; the window holding a cycle's time is [start, start + 5 min). When a cycle falls into a later
 * window, the current one is complete and is returned, stamped with its start. The first window after start-up
 * is partial (nothing from before start-up is known), as in OpenEMS. A window's inputs are its cycles' values
 * plus the carry-in: the last value before the window start, if that came from the window just before.
 * Channels: priority at least {@code aggregationPriority}, not WRITE_ONLY. Channels without any value in the
 * window are left out unless the send-all flag is set (start-up, connect, config change). Thread-safe.
 *
 * <p>Unlike OpenEMS, after a gap of several windows the window that holds the samples is sent (OpenEMS would
 * aggregate the empty window just before the gap's end and drop it); if time goes backwards the window is
 * discarded and a new one starts.
 */
public final class Aggregator {

    private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);


    /**
     * One completed window.
     *
     * @param windowStartMillis the start of the window, which is the message's timestamp
     * @param text the complete aggregatedData notification
     * @param valueCount how many values it carries
     * @param addresses the channels of the message, in message order
     * @param values their aggregated values
     * @param priorities their persistence priorities (the backlog stores a window split by priority)
     */
    public record Window(long windowStartMillis, String text, int valueCount, String[] addresses, Object[] values,
            PersistencePriority[] priorities) {
    }

    private final ZoneId zone;
    private final AtomicBoolean sendAll = new AtomicBoolean(true);
    private PersistencePriority threshold;
    private PersistencePriority layoutThreshold;
    private int windowMinutes;

    private AggregationWindow window;
    private boolean started;
    private long windowStart;
    private Object[] lastValues;
    private Object[] results = new Object[0];
    private int[] included = new int[0];

    /** @param zone the zone whose local time the windows align to (the Edge clock's zone) */
    public Aggregator(ConnectorConfig config, ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.threshold = config.aggregationPriority();
        this.windowMinutes = config.aggregationWindowMinutes();
    }

    /**
     * Takes over the aggregation threshold and window length; the running window keeps the samples of channels
     * that stay (a new length applies from the next window).
     */
    public synchronized void configure(ConnectorConfig config) {
        this.threshold = config.aggregationPriority();
        this.windowMinutes = config.aggregationWindowMinutes();
    }

    private long windowMillis() {
        return this.windowMinutes * 60_000L;
    }

    /** The next window also lists channels without a value, as null. Safe from any thread. */
    public void requestFullSend() {
        this.sendAll.set(true);
    }

    /** The start of the 5-minute window holding this time, aligned to local time in the zone. */
    public synchronized long windowStartOf(long millis) {
        ZonedDateTime time = Instant.ofEpochMilli(millis).atZone(this.zone);
        return time.truncatedTo(ChronoUnit.MINUTES).minusMinutes(time.getMinute() % this.windowMinutes).toInstant()
                .toEpochMilli();
    }

    /**
     * Adds one cycle's snapshot (its timestamp is the cycle time).
     *
     * @return the window that this cycle completed, if any
     */
    public synchronized Optional<Window> record(ChannelSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        long time = snapshot.timestampMillis();
        this.alignLayout(snapshot.channels());
        ChannelLayout layout = this.window.layout();
        Optional<Window> completed = Optional.empty();
        if (this.started && time < this.windowStart) {
            LOG.warn("The clock went back from the window starting {} to {}; the window's aggregates are discarded",
                    Instant.ofEpochMilli(this.windowStart), Instant.ofEpochMilli(time));
            this.started = false;
        }
        if (!this.started) {
            this.startWindow(this.windowStartOf(time), false);
            this.started = true;
        } else if (time >= this.windowStart + this.windowMillis()) {
            completed = Optional.of(this.complete());
            long next = this.windowStartOf(time);
            // the carry-in is the last value at or before the start; a sample exactly at the start is its own
            boolean carryIn = next == this.windowStart + this.windowMillis() && time > next;
            this.startWindow(next, carryIn);
        }
        int[] positions = layout.positions();
        Object[] values = this.lastValues;
        for (int k = 0; k < values.length; k++) {
            values[k] = snapshot.value(positions[k]);
        }
        this.window.addAll(values);
        return completed;
    }

    private void startWindow(long start, boolean carryIn) {
        this.window.reset();
        if (carryIn) {
            this.window.addAll(this.lastValues);
        }
        this.windowStart = start;
    }

    private Window complete() {
        boolean withNulls = this.sendAll.getAndSet(false);
        ChannelLayout layout = this.window.layout();
        int size = layout.size();
        if (this.results.length < size) {
            this.results = new Object[size];
            this.included = new int[size];
        }
        int count = 0;
        for (int k = 0; k < size; k++) {
            Object value = this.window.result(k);
            if (value != null || withNulls) {
                this.results[k] = value;
                this.included[count++] = k;
            }
        }
        String text = DataMessageWriter.aggregatedData(this.windowStart, layout.addresses(), this.results,
                this.included, count);
        String[] addresses = new String[count];
        Object[] values = new Object[count];
        PersistencePriority[] priorities = new PersistencePriority[count];
        for (int i = 0; i < count; i++) {
            int k = this.included[i];
            addresses[i] = layout.addresses()[k];
            values[i] = this.results[k];
            priorities[i] = layout.channel(k).priority();
        }
        return new Window(this.windowStart, text, count, addresses, values, priorities);
    }

    /** Rebuilds the per-channel state when the channel list or the threshold changed, keeping what still fits. */
    private void alignLayout(List<ChannelMetadata> channels) {
        ChannelLayout current = this.window == null ? null : this.window.layout();
        if (current != null && current.isFor(channels) && this.layoutThreshold == this.threshold) {
            return;
        }
        ChannelLayout layout = ChannelLayout.of(channels, this.threshold);
        this.layoutThreshold = this.threshold;
        if (current == null) {
            this.window = new AggregationWindow(layout);
            this.lastValues = new Object[layout.size()];
        } else {
            this.lastValues = layout.remap(this.lastValues, current, null);
            this.window = this.window.remapTo(layout);
        }
    }
}
