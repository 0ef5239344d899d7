package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import io.uplink.connector.internal.ReconnectPolicy;
import io.uplink.connector.internal.ReconnectSchedule;
import io.uplink.core.MutableClock;

/**
 * 200 agents on one Backend, simulated on one clock: each has its own {@link ReconnectSchedule} (what
 * {@code BackendLink} uses) with its own random source. Their links have been up for minutes when the Backend goes
 * down at t=0, which drops them all in the same instant; it comes back at t=45 s. Every attempt before that fails,
 * every attempt after it connects. The attempts are counted in 1 s bins over the first 60 s.
 */
class ReconnectHerdSimulationTest {

    private static final int AGENTS = 200;
    private static final Instant DOWN_AT = Instant.parse("2026-11-27T06:00:00Z");
    private static final Duration DOWN_FOR = Duration.ofSeconds(45);
    private static final int BINS = 60;
    private static final ReconnectPolicy DEFAULTS = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(300));

    private record Due(Instant at, int agent) {
    }

    private record Outcome(int[] attemptsPerSecond, Instant[] connectedAt) {

        double peakOverMean() {
            int total = Arrays.stream(attemptsPerSecond).sum();
            int peak = Arrays.stream(attemptsPerSecond).max().orElse(0);
            return peak / (total / (double) attemptsPerSecond.length);
        }
    }

    private static Outcome simulate(List<RandomGenerator> randoms) {
        MutableClock clock = new MutableClock(DOWN_AT.minus(Duration.ofMinutes(10)));
        List<ReconnectSchedule> schedules = new ArrayList<>();
        for (RandomGenerator random : randoms) {
            ReconnectSchedule schedule = new ReconnectSchedule(DEFAULTS, random);
            schedule.connected(clock.instant());
            schedules.add(schedule);
        }
        clock.set(DOWN_AT);
        Instant upAt = DOWN_AT.plus(DOWN_FOR);
        PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
        for (int agent = 0; agent < schedules.size(); agent++) {
            due.add(new Due(clock.instant().plus(schedules.get(agent).linkLost(clock.instant())), agent));
        }
        int[] bins = new int[BINS];
        Instant[] connectedAt = new Instant[schedules.size()];
        Instant end = DOWN_AT.plusSeconds(BINS);
        while (!due.isEmpty() && due.peek().at().isBefore(end.plus(DEFAULTS.max()))) {
            Due next = due.poll();
            clock.set(next.at());
            long second = Duration.between(DOWN_AT, next.at()).toSeconds();
            if (second < BINS) {
                bins[(int) second]++;
            }
            ReconnectSchedule schedule = schedules.get(next.agent());
            if (next.at().isBefore(upAt)) {
                due.add(new Due(clock.instant().plus(schedule.attemptFailed()), next.agent()));
            } else {
                schedule.connected(clock.instant());
                connectedAt[next.agent()] = clock.instant();
            }
        }
        return new Outcome(bins, connectedAt);
    }

    private static List<RandomGenerator> independentAgents(long fleetSeed) {
        SplittableRandom fleet = new SplittableRandom(fleetSeed);
        List<RandomGenerator> randoms = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            randoms.add(fleet.split());
        }
        return randoms;
    }

    @Test
    void twoHundredAgentsDoNotReconnectInLockstep() {
        for (long fleetSeed = 1; fleetSeed <= 10; fleetSeed++) {
            Outcome outcome = simulate(independentAgents(fleetSeed));
            double ratio = outcome.peakOverMean();
            System.out.printf(java.util.Locale.ROOT, "herd fleet %d: peak/mean %.2f, %d attempts in %d s%n", fleetSeed,
                    ratio, Arrays.stream(outcome.attemptsPerSecond()).sum(), BINS);
            assertTrue(ratio < 3, "fleet " + fleetSeed + ": peak bin / mean = " + ratio + " in "
                    + Arrays.toString(outcome.attemptsPerSecond()));
            int total = Arrays.stream(outcome.attemptsPerSecond()).sum();
            assertTrue(total > AGENTS, "the agents kept trying while the Backend was down: " + total + " attempts");
            for (Instant connected : outcome.connectedAt()) {
                assertTrue(connected != null && !connected.isBefore(DOWN_AT.plus(DOWN_FOR)),
                        "every agent is back once the Backend is: " + connected);
            }
        }
    }

    @Test
    void withoutJitterTheSameFleetMovesInLockstepAndTheMeasureShowsIt() {
        // the same schedules with a random source that always draws the ceiling: plain exponential backoff
        List<RandomGenerator> noJitter = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            noJitter.add(new RandomGenerator() {
                @Override
                public long nextLong() {
                    return Long.MAX_VALUE;
                }

                @Override
                public long nextLong(long bound) {
                    return bound - 1;
                }
            });
        }
        Outcome outcome = simulate(noJitter);
        assertTrue(outcome.peakOverMean() > 10, "lockstep: every attempt of every agent in the same second: "
                + Arrays.toString(outcome.attemptsPerSecond()));
        assertEquals(AGENTS, Arrays.stream(outcome.attemptsPerSecond()).max().orElse(0));
    }
}
