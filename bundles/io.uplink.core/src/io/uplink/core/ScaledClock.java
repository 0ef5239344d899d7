package io.uplink.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * A clock that starts at a given instant and runs {@code speed} times faster than real time: the agent process's
 * test clock, so that an outage of hours passes in seconds while everything else (sockets, files, processes) is
 * real. Selected with the system property {@value #PROPERTY}, e.g. {@code -Duplink.testClock=2026-11-26T06:00:00Z,60}.
 */
public final class ScaledClock extends Clock {

    /** {@code START,SPEED}: an ISO instant (or {@code now}) and the speed factor. */
    public static final String PROPERTY = "uplink.testClock";

    private final Instant start;
    private final long startNanos;
    private final double speed;
    private final ZoneId zone;

    public ScaledClock(Instant start, double speed, ZoneId zone) {
        this(start, System.nanoTime(), speed, zone);
    }

    private ScaledClock(Instant start, long startNanos, double speed, ZoneId zone) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        this.start = Objects.requireNonNull(start, "start");
        this.startNanos = startNanos;
        this.speed = speed;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * The clock the property asks for, or the system clock when it is not set.
     *
     * @throws IllegalArgumentException naming the property and what is wrong with its value
     */
    public static Clock fromSystemProperty(ZoneId zone) {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return Clock.system(zone);
        }
        String[] parts = value.split(",");
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected START,SPEED");
            }
            Instant start = parts[0].strip().equalsIgnoreCase("now") ? Instant.now() : Instant.parse(parts[0].strip());
            return new ScaledClock(start, Double.parseDouble(parts[1].strip()), zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "-D%s=%s is invalid (%s); expected START,SPEED, e.g. 2026-11-26T06:00:00Z,60 or now,10", PROPERTY,
                    value, e.getMessage()), e);
        }
    }

    /** How many times faster than real time this clock runs. */
    public double speed() {
        return this.speed;
    }

    @Override
    public ZoneId getZone() {
        return this.zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new ScaledClock(this.start, this.startNanos, this.speed, newZone);
    }

    @Override
    public long millis() {
        return this.start.toEpochMilli() + (long) ((System.nanoTime() - this.startNanos) / 1e6 * this.speed);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(this.millis());
    }
}
