package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.uplink.connector.internal.ReconnectPolicy;
import io.uplink.connector.internal.ReconnectSchedule;

class ReconnectPolicyTest {

    private static final ReconnectPolicy DEFAULT = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(300));
    private static final Instant T0 = Instant.parse("2026-11-27T06:00:00Z");

    @Test
    void ceilingsDoubleFromTheBaseUpToTheMax() {
        long[] expectedSeconds = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300 };
        for (int failures = 1; failures <= expectedSeconds.length; failures++) {
            assertEquals(Duration.ofSeconds(expectedSeconds[failures - 1]), DEFAULT.ceilingAfterFailures(failures),
                    "after " + failures + " failures");
        }
        assertEquals(Duration.ofSeconds(300), DEFAULT.ceilingAfterFailures(10_000), "no overflow after many failures");
    }

    @Test
    void delaysAreFullJitterBetweenTheFloorAndTheCeiling() {
        SplittableRandom random = new SplittableRandom(11);
        for (int failures = 1; failures <= 12; failures++) {
            Duration ceiling = DEFAULT.ceilingAfterFailures(failures);
            Duration min = Duration.ofDays(1);
            Duration max = Duration.ZERO;
            long sumMillis = 0;
            int draws = 2000;
            for (int i = 0; i < draws; i++) {
                Duration delay = DEFAULT.delayAfterFailures(failures, random);
                assertTrue(delay.compareTo(ReconnectPolicy.FLOOR) >= 0 && delay.compareTo(ceiling) <= 0,
                        delay + " outside [" + ReconnectPolicy.FLOOR + ", " + ceiling + "]");
                min = delay.compareTo(min) < 0 ? delay : min;
                max = delay.compareTo(max) > 0 ? delay : max;
                sumMillis += delay.toMillis();
            }
            long spread = ceiling.toMillis() - ReconnectPolicy.FLOOR.toMillis();
            // full jitter uses the whole range, uniformly: extremes near both ends, mean near the middle
            assertTrue(min.toMillis() - ReconnectPolicy.FLOOR.toMillis() <= spread * 0.01 + 1, "min " + min);
            assertTrue(ceiling.toMillis() - max.toMillis() <= spread * 0.01 + 1, "max " + max);
            double mean = sumMillis / (double) draws;
            double middle = (ceiling.toMillis() + ReconnectPolicy.FLOOR.toMillis()) / 2.0;
            assertEquals(middle, mean, spread * 0.05, "mean after " + failures + " failures");
        }
    }

    @Test
    void theFloorHoldsEvenWhenTheRandomSourceSaysZero() {
        ReconnectPolicy tight = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1));
        java.util.random.RandomGenerator alwaysZero = new java.util.random.RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return 0;
            }
        };
        assertEquals(ReconnectPolicy.FLOOR, tight.delayAfterFailures(1, alwaysZero));
        assertEquals(ReconnectPolicy.FLOOR, DEFAULT.delayAfterLostLink(0, alwaysZero));
    }

    @Test
    void invalidBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(Duration.ofSeconds(10), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.ceilingAfterFailures(0));
    }

    @Test
    void aLinkStableForSixtySecondsResetsTheBackoff() {
        ReconnectSchedule schedule = new ReconnectSchedule(DEFAULT, new SplittableRandom(3));
        for (int i = 0; i < 6; i++) {
            schedule.attemptFailed();
        }
        assertEquals(6, schedule.failures());
        schedule.connected(T0);
        Duration wait = schedule.linkLost(T0.plus(ReconnectPolicy.STABLE_AFTER));
        assertEquals(0, schedule.failures(), "a stable link resets the count");
        assertTrue(wait.compareTo(ReconnectPolicy.LOST_LINK_SPREAD) <= 0, "first wait within the spread: " + wait);
        schedule.attemptFailed();
        assertEquals(1, schedule.failures(), "the next failure starts from the base again");
        assertEquals(Duration.ofSeconds(1), DEFAULT.ceilingAfterFailures(schedule.failures()));
    }

    @Test
    void aLinkThatDropsBeforeSixtySecondsKeepsBackingOff() {
        ReconnectSchedule schedule = new ReconnectSchedule(DEFAULT, new SplittableRandom(3));
        for (int i = 0; i < 6; i++) {
            schedule.attemptFailed();
        }
        schedule.connected(T0);
        Duration wait = schedule.linkLost(T0.plus(ReconnectPolicy.STABLE_AFTER).minusSeconds(1));
        assertEquals(7, schedule.failures(), "closed soon after the upgrade (e.g. a wrong apikey) is one more failure");
        assertEquals(Duration.ofSeconds(64), DEFAULT.lostLinkCeiling(7));
        assertTrue(wait.compareTo(Duration.ofSeconds(64)) <= 0, wait.toString());
        schedule.attemptFailed();
        assertEquals(Duration.ofSeconds(128), DEFAULT.ceilingAfterFailures(schedule.failures()));
    }

    @Test
    void lostLinkSpreadIsBoundedByTheConfiguredMax() {
        assertEquals(Duration.ofSeconds(30), DEFAULT.lostLinkCeiling(0));
        assertEquals(Duration.ofSeconds(30), DEFAULT.lostLinkCeiling(1), "the spread, or the failure ceiling if higher");
        assertEquals(Duration.ofSeconds(2),
                new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2)).lostLinkCeiling(0));
    }
}
