package io.uplink.connector.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * One link's reconnect bookkeeping: counts consecutive failures, remembers when the link came up, and asks the
 * {@link ReconnectPolicy} for the next wait. Time comes in as arguments, so a simulation drives it on any clock.
 * A link that drops before it was up for {@link ReconnectPolicy#STABLE_AFTER} counts as one more failure (a
 * Backend that accepts and then closes, as with a wrong apikey, is backed off like one that refuses); one that
 * was up longer resets the count.
 * Not thread-safe: the link calls it under its own lock.
 */
public final class ReconnectSchedule {

    private final RandomGenerator random;
    private ReconnectPolicy policy;
    private int failures;
    private Instant connectedAt;

    public ReconnectSchedule(ReconnectPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    public void setPolicy(ReconnectPolicy policy) {
        this.policy = policy;
    }

    /** Consecutive failures since the last healthy link. */
    public int failures() {
        return failures;
    }

    /** @return the wait before the next attempt */
    public Duration attemptFailed() {
        connectedAt = null;
        failures++;
        return policy.delayAfterFailures(failures, random);
    }

    public void connected(Instant now) {
        connectedAt = now;
    }

    /** @return the wait before the next attempt after the open link dropped at {@code now} */
    public Duration linkLost(Instant now) {
        Instant since = connectedAt;
        connectedAt = null;
        if (since != null && !now.isBefore(since.plus(ReconnectPolicy.STABLE_AFTER))) {
            failures = 0;
        } else {
            failures++;
        }
        return policy.delayAfterLostLink(failures, random);
    }

    /** A new configuration or an explicit restart: the next failure starts from the base again. */
    public void reset() {
        failures = 0;
        connectedAt = null;
    }
}
