package io.uplink.connector.internal;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;

import io.uplink.connector.StatusEvent;

/** The last {@code capacity} status events, oldest first; written by the agent's threads, read by any. */
public final class StatusEventLog {
    public static final int DEFAULT_CAPACITY = 1_000;

    private final Clock clock;
    private final int capacity;
    private final ArrayDeque<StatusEvent> events;

    public StatusEventLog(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.clock = clock;
        this.capacity = capacity;
        this.events = new ArrayDeque<>(capacity);
    }

    public void record(StatusEvent.Kind kind, String message) {
        StatusEvent event = new StatusEvent(clock.instant(), kind, message);
        synchronized (events) {
            if (events.size() == capacity) {
                events.removeFirst();
            }
            events.addLast(event);
        }
    }

    /** An immutable copy, oldest first. */
    public List<StatusEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
