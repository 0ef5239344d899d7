package io.uplink.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when told to, so tests and simulations jump time instead of sleeping. Thread-safe;
 * clocks made by {@link #withZone(ZoneId)} share the same time.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public MutableClock(Instant start) {
        this(start, ZoneId.of("UTC"));
    }

    public MutableClock(Instant start, ZoneId zone) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), zone);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public void set(Instant instant) {
        this.now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** Moves the time by the given amount (which may be negative) and returns the new time. */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        return this.now.updateAndGet(t -> t.plus(amount));
    }

    public Instant advanceMillis(long millis) {
        return this.advance(Duration.ofMillis(millis));
    }

    @Override
    public Instant instant() {
        return this.now.get();
    }

    @Override
    public ZoneId getZone() {
        return this.zone;
    }

    @Override
    public MutableClock withZone(ZoneId newZone) {
        return new MutableClock(this.now, newZone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + this.now.get() + "," + this.zone + "]";
    }
}
