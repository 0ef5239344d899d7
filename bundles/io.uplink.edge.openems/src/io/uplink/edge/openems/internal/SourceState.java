package io.uplink.edge.openems.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.SourceHealth;

/**
 * What the readers publish and {@code read()} takes: the channel list (one instance per channel set, as the
 * connector caches per instance), the newest values of one Edge cycle, and the health. Written by the reader
 * threads, read by the connector's cycle; every field is an immutable value behind a volatile reference.
 */
public final class SourceState {
    private static final Logger LOG = LoggerFactory.getLogger(SourceState.class);

    /** One channel set, with the index of each address for decoding currentData. */
    public record Layout(long version, List<ChannelMetadata> channels, Map<String, Integer> index) {
    }

    /** The values of one Edge cycle, for one layout. */
    private record Data(Layout layout, Object[] values, long arrivalNanos) {
    }

    private final String sourceId;
    private final Clock clock;
    private final long staleAfterNanos;
    private final Object lock = new Object();
    private volatile Layout layout = new Layout(0, List.of(), Map.of());
    private volatile Data data;
    private volatile SourceHealth health;
    private volatile long lastValuesNanos = Long.MIN_VALUE;

    public SourceState(String sourceId, Clock clock, long staleAfterNanos) {
        this.sourceId = sourceId;
        this.clock = clock;
        this.staleAfterNanos = staleAfterNanos;
        this.health = new SourceHealth(SourceHealth.State.CONNECTING, "not connected yet", clock.millis());
    }

    public Layout layout() {
        return this.layout;
    }

    /**
     * Publishes a channel set; an equal set keeps the current list instance and version, so the connector keeps
     * its per-channel state across reconnects and re-enumerations that found nothing new.
     *
     * @param channels sorted by address, unique
     */
    public void publishChannels(List<ChannelMetadata> channels) {
        synchronized (this.lock) {
            Layout current = this.layout;
            if (current.channels.equals(channels)) {
                return;
            }
            Map<String, Integer> index = new HashMap<>(channels.size() * 4 / 3 + 1);
            for (int i = 0; i < channels.size(); i++) {
                index.put(channels.get(i).address().toString(), i);
            }
            this.layout = new Layout(current.version + 1, List.copyOf(channels), Map.copyOf(index));
            this.data = null;
            LOG.info("{}: {} channels (was {})", this.sourceId, channels.size(), current.channels.size());
        }
    }

    /** The values of one cycle, aligned with {@code layout}; ownership of the array passes here. */
    public void publishValues(Layout forLayout, Object[] values) {
        long now = System.nanoTime();
        this.data = new Data(forLayout, values, now);
        this.lastValuesNanos = now;
    }

    /** When values arrived last ({@link System#nanoTime()}), also across channel-set changes; Long.MIN_VALUE if never. */
    public long lastValuesNanos() {
        return this.lastValuesNanos;
    }

    /** Forgets the values (connection lost): nothing old is repeated. */
    public void clearValues() {
        this.data = null;
    }

    /** True while values newer than the stale limit are there. */
    public boolean hasFreshValues() {
        Data current = this.data;
        return current != null && System.nanoTime() - current.arrivalNanos <= this.staleAfterNanos;
    }

    public ChannelSnapshot read(long timestampMillis) {
        Layout current = this.layout;
        Data values = this.data;
        Object[] copy = new Object[current.channels.size()];
        if (values != null && values.layout == current
                && System.nanoTime() - values.arrivalNanos <= this.staleAfterNanos) {
            System.arraycopy(values.values, 0, copy, 0, copy.length);
        }
        return new ChannelSnapshot(timestampMillis, current.channels, copy);
    }

    public SourceHealth health() {
        return this.health;
    }

    /** Sets the health; the same state and message keeps its original since, and logs only changes. */
    public void setHealth(SourceHealth.State state, String message) {
        synchronized (this.lock) {
            SourceHealth current = this.health;
            if (current.state() == state && current.message().equals(message)) {
                return;
            }
            this.health = new SourceHealth(state, message, current.state() == state ? current.sinceMillis()
                    : this.clock.millis());
            if (state == SourceHealth.State.OK) {
                LOG.info("{}: {}", this.sourceId, message.isEmpty() ? "reading" : message);
            } else {
                LOG.warn("{}: {} {}", this.sourceId, state, message);
            }
        }
    }
}
