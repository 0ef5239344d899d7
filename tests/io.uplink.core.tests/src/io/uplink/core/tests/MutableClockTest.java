package io.uplink.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.uplink.core.MutableClock;

class MutableClockTest {

    private static final Instant START = Instant.parse("2026-04-04T10:00:00Z");

    @Test
    void movesOnlyWhenTold() {
        MutableClock clock = new MutableClock(START);
        assertEquals(START, clock.instant());
        assertEquals(START.toEpochMilli(), clock.millis());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(START.plusSeconds(300), clock.instant());
        clock.advanceMillis(-1_000);
        assertEquals(START.plusSeconds(299), clock.instant());
        clock.set(START);
        assertEquals(START, clock.instant());
        assertEquals(ZoneId.of("UTC"), clock.getZone());
    }

    @Test
    void zonedViewSharesTheTime() {
        MutableClock clock = new MutableClock(START);
        MutableClock berlin = clock.withZone(ZoneId.of("Europe/Berlin"));
        clock.advance(Duration.ofHours(1));
        assertEquals(clock.instant(), berlin.instant());
        assertEquals(ZoneId.of("Europe/Berlin"), berlin.getZone());
    }

    @Test
    void concurrentAdvancesAreNotLost() throws InterruptedException {
        MutableClock clock = new MutableClock(START);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 10_000; i++) {
                    clock.advanceMillis(1);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        assertEquals(START.plusMillis(40_000), clock.instant());
    }
}
