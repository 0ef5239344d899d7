package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.StatusSnapshot;
import io.uplink.connector.internal.ReconnectPolicy;
import io.uplink.core.MutableClock;

/** The real connector against a loopback endpoint that is always down (a reverse proxy answering 502). */
class ReconnectBackoffIntegrationTest {

    private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");
    /** Between the failure and the next connect: thread hand-offs and Tyrus's own set-up on a busy machine. */
    private static final Duration SLACK = Duration.ofMillis(700);

    @Test
    void attemptsAgainstAnAlwaysDownEndpointStayWithinTheFullJitterBounds() throws Exception {
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2));
        MutableClock clock = new MutableClock(NOW);
        try (FixedResponseServer down = FixedResponseServer.httpStatus(502, "Bad Gateway");
                BackendConnector connector = new BackendConnector(ConnectorConfig.fromProperties(Map.of(
                        "apikey", "key", "uri", "ws://127.0.0.1:" + down.port() + "/",
                        "reconnectBaseSeconds", "1", "reconnectMaxSeconds", "2")),
                        new ScriptedSource(List.of()), clock, new SplittableRandom(5), changes -> {
                        })) {
            connector.connectOnly();
            boolean sawWaiting = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (down.acceptedNanos().size() < 6 && System.nanoTime() < deadline) {
                StatusSnapshot status = connector.status().snapshot();
                if (status.state() == ConnectionState.WAITING && status.nextAttemptAt() != null) {
                    sawWaiting = true;
                    Duration announced = Duration.between(NOW, status.nextAttemptAt());
                    assertTrue(announced.compareTo(ReconnectPolicy.FLOOR) >= 0
                            && announced.compareTo(policy.max()) <= 0, "next attempt announced in " + announced);
                }
                Thread.sleep(20);
            }
            List<Long> attempts = down.acceptedNanos();
            assertTrue(attempts.size() >= 6, "six attempts within 20 s, got " + attempts.size());
            assertTrue(sawWaiting, "AgentStatus shows WAITING with the next attempt time");
            long distinctGaps = 0;
            long previousGap = -1;
            for (int failures = 1; failures < attempts.size(); failures++) {
                Duration gap = Duration.ofNanos(attempts.get(failures) - attempts.get(failures - 1));
                Duration ceiling = policy.ceilingAfterFailures(failures);
                assertTrue(gap.compareTo(ReconnectPolicy.FLOOR) >= 0, "gap " + failures + " below the floor: " + gap);
                assertTrue(gap.compareTo(ceiling.plus(SLACK)) <= 0, "gap " + failures + " " + gap + " > " + ceiling);
                distinctGaps += Math.abs(gap.toMillis() - previousGap) > 20 ? 1 : 0;
                previousGap = gap.toMillis();
            }
            assertTrue(distinctGaps >= 3, "the waits are drawn, not fixed");
            assertTrue(connector.status().snapshot().state() != ConnectionState.CONNECTED);
        }
    }
}
