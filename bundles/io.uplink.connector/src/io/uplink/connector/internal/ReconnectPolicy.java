package io.uplink.connector.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

import io.uplink.connector.ConnectorConfig;

/**
 * How long to wait before the next connection attempt: exponential backoff with full jitter. A pure function of
 * the attempt count and a random source, so a simulation of many agents runs it without threads or clocks.
 *
 * <p>After the n-th consecutive failed attempt (n = 1, 2, ...) the wait is drawn uniformly from
 * [{@link #FLOOR}, min(max, base × 2^(n-1))]. When an open link drops, the wait is drawn from
 * [{@link #FLOOR}, min(max, {@link #LOST_LINK_SPREAD})], or from the failure ceiling if that is higher: a Backend
 * restart drops every Edge at the same instant, and with a 1 s ceiling they would all be back within that second;
 * spreading the first attempt over half a minute keeps a fleet from reconnecting in lockstep.
 */
public record ReconnectPolicy(Duration base, Duration max) {

    /**
     * No wait is shorter: even a failure that returns at once (refused, DNS) gives at most two attempts a second.
     * Below the 1 s base so that the first retries still spread.
     */
    public static final Duration FLOOR = Duration.ofMillis(500);
    /** A link up this long counts as healthy: its loss resets the failure count. */
    public static final Duration STABLE_AFTER = Duration.ofSeconds(60);
    /** Spread of the first attempt after an open link dropped. */
    public static final Duration LOST_LINK_SPREAD = Duration.ofSeconds(30);

    public ReconnectPolicy {
        if (base.compareTo(Duration.ZERO) <= 0 || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got base " + base + ", max " + max);
        }
    }

    public static ReconnectPolicy of(ConnectorConfig config) {
        return new ReconnectPolicy(Duration.ofSeconds(config.reconnectBaseSeconds()),
                Duration.ofSeconds(config.reconnectMaxSeconds()));
    }

    /** The upper bound of the wait after {@code failures} consecutive failures (at least 1). */
    public Duration ceilingAfterFailures(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, got " + failures);
        }
        int doublings = Math.min(failures - 1, 40); // 2^40 s is far beyond any max; avoids overflow
        long ceilingMillis = Math.min(max.toMillis(), base.toMillis() << doublings);
        return Duration.ofMillis(Math.max(ceilingMillis, FLOOR.toMillis()));
    }

    /** The wait after {@code failures} consecutive failures. */
    public Duration delayAfterFailures(int failures, RandomGenerator random) {
        return uniform(ceilingAfterFailures(failures), random);
    }

    /**
     * The upper bound of the wait after an open link dropped, {@code failures} counting that loss too (0 when the
     * link had been healthy).
     */
    public Duration lostLinkCeiling(int failures) {
        long spread = Math.max(FLOOR.toMillis(), Math.min(max.toMillis(), LOST_LINK_SPREAD.toMillis()));
        return failures == 0 ? Duration.ofMillis(spread)
                : Duration.ofMillis(Math.max(spread, ceilingAfterFailures(failures).toMillis()));
    }

    /** The wait after an open link dropped; see {@link #lostLinkCeiling(int)}. */
    public Duration delayAfterLostLink(int failures, RandomGenerator random) {
        return uniform(lostLinkCeiling(failures), random);
    }

    private static Duration uniform(Duration ceiling, RandomGenerator random) {
        long floor = FLOOR.toMillis();
        long spread = ceiling.toMillis() - floor;
        return Duration.ofMillis(floor + (spread == 0 ? 0 : random.nextLong(spread + 1)));
    }
}
