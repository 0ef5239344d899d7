package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.uplink.backend.local.LocalBackend;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.StatusEvent;
import io.uplink.connector.StatusSnapshot;
import io.uplink.connector.internal.ReconnectPolicy;
import io.uplink.core.MutableClock;

/**
 * "Connect now" of the real connector: a technician who fixed the cause does not wait for the backoff's long wait.
 * The Backend is the local one over real WebSockets on loopback; the waits are real (the scheduler's), the clock
 * only stamps them, so {@code nextAttemptAt - NOW} is the drawn wait.
 */
class ConnectNowIntegrationTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "connect-now-test-key";
    private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");
    /**
     * With reconnectBaseSeconds=120 this seed draws a first wait of 81.6 s and a second of 181.4 s: long enough that
     * any connection within seconds comes from connectNow, not from the schedule.
     */
    private static final long SEED = 1;
    private static final Duration LONG = Duration.ofSeconds(60);
    /** Well before the wait would end, with room for a busy 2-core machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private BackendConnector connecting(int port, String base) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", KEY);
        properties.put("uri", "ws://127.0.0.1:" + port + "/");
        properties.put("reconnectBaseSeconds", base);
        properties.put("reconnectMaxSeconds", "300");
        BackendConnector connector = closeLater(new BackendConnector(ConnectorConfig.fromProperties(properties),
                new ScriptedSource(List.of()), clock, new SplittableRandom(SEED), changes -> {
                }));
        connector.connectOnly();
        return connector;
    }

    private static Duration announcedWait(StatusSnapshot status) {
        return Duration.between(NOW, status.nextAttemptAt());
    }

    @Test
    void connectNowCutsALongWaitShortOnceTheBackendIsBackAndKeepsTheFailureCount() throws Exception {
        int port = freePort();
        BackendConnector connector = connecting(port, "120");
        StatusSnapshot waiting = ConnectorRuns.awaitStatus(connector,
                s -> s.state() == ConnectionState.WAITING && s.failedAttempts() == 1, Duration.ofSeconds(10));
        assertTrue(announcedWait(waiting).compareTo(LONG) >= 0, "the seed's first wait is long: " + waiting);

        // the Backend is still down: the attempt fails, and the next wait continues the exponential sequence
        assertTrue(connector.connectNow(), "a wait to cut short");
        waiting = ConnectorRuns.awaitStatus(connector,
                s -> s.state() == ConnectionState.WAITING && s.failedAttempts() == 2, PROMPTLY);
        Duration second = announcedWait(waiting);
        assertTrue(second.compareTo(LONG) >= 0 && second.compareTo(Duration.ofSeconds(240)) <= 0,
                "the second wait, drawn below 2 x 120 s: " + waiting);

        LocalBackend backend = closeLater(LocalBackend.start("127.0.0.1", port, Map.of(KEY, EDGE)));
        long clicked = System.nanoTime();
        assertTrue(connector.connectNow(), "a wait to cut short");
        StatusSnapshot connected = ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.CONNECTED,
                PROMPTLY);
        Duration took = Duration.ofNanos(System.nanoTime() - clicked);
        System.out.println("[figure] connectNow -> CONNECTED: " + took.toMillis() + " ms, instead of a wait of "
                + second.toSeconds() + " s");
        assertEquals(1, backend.edge(EDGE).connectCount());
        assertEquals(1, connected.counters().connects());
        // the Warnings view's event log tells who cut the waits short: once per successful call
        assertEquals(List.of("attempt 2 made at once on request, instead of at the end of the reconnect wait",
                "attempt 3 made at once on request, instead of at the end of the reconnect wait"),
                connector.status().events().stream().filter(e -> e.kind() == StatusEvent.Kind.CONNECT_NOW)
                        .map(StatusEvent::message).toList());
        // each before what its attempt recorded: the failure while the Backend was down, then the connection
        List<StatusEvent.Kind> kinds = connector.status().events().stream().map(StatusEvent::kind)
                .filter(k -> k == StatusEvent.Kind.CONNECT_NOW || k == StatusEvent.Kind.CONNECT_FAILED
                        || k == StatusEvent.Kind.CONNECTED)
                .toList();
        assertEquals(List.of(StatusEvent.Kind.CONNECT_NOW, StatusEvent.Kind.CONNECT_FAILED, StatusEvent.Kind.CONNECT_NOW,
                StatusEvent.Kind.CONNECTED), kinds.subList(kinds.size() - 4, kinds.size()), kinds.toString());

        // connected: nothing to cut short, and nothing changes
        assertFalse(connector.connectNow(), "connected: nothing to cut short");
        Thread.sleep(1000);
        StatusSnapshot after = connector.status().snapshot();
        assertEquals(ConnectionState.CONNECTED, after.state());
        assertEquals(connected.connectedSince(), after.connectedSince());
        assertEquals(1, after.counters().connects());
        assertEquals(1, backend.edge(EDGE).connectCount());
        assertEquals(1, backend.edge(EDGE).connections().size());
    }

    @Test
    void clicksWhileAnAttemptRunsChangeNothingAndAttemptsNeverOverlap() throws Exception {
        FixedResponseServer slow = closeLater(FixedResponseServer.httpStatusAfter(Duration.ofSeconds(5), 502, "Bad Gateway"));
        BackendConnector connector = connecting(slow.port(), "120");
        await("the first attempt under way", () -> slow.acceptedNanos().size() == 1
                && connector.status().snapshot().state() == ConnectionState.CONNECTING);
        assertEquals(0, clickFromThreads(connector, 2, Duration.ofSeconds(1)), "an attempt runs: nothing to cut short");
        StatusSnapshot waiting = ConnectorRuns.awaitStatus(connector,
                s -> s.state() == ConnectionState.WAITING && s.failedAttempts() == 1, Duration.ofSeconds(10));
        assertTrue(announcedWait(waiting).compareTo(LONG) >= 0, "the seed's first wait is long: " + waiting);
        Thread.sleep(1000);
        assertEquals(1, slow.acceptedNanos().size(), "the clicks during the attempt left no attempt queued");

        // a click cuts the wait short; more clicks while that attempt runs add nothing
        assertTrue(connector.connectNow());
        await("the second attempt under way", () -> slow.acceptedNanos().size() == 2);
        assertEquals(0, clickFromThreads(connector, 2, Duration.ofSeconds(1)), "an attempt runs: nothing to cut short");
        ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.WAITING && s.failedAttempts() == 2,
                Duration.ofSeconds(10));
        Thread.sleep(500);
        assertEquals(2, slow.acceptedNanos().size());
        assertEquals(1, slow.mostOpenAtOnce(), "never two attempts at once");
    }

    @Test
    void racingClicksWhenTheBackendIsBackMakeOneAttemptAndOneSession() throws Exception {
        int port = freePort();
        BackendConnector connector = connecting(port, "120");
        StatusSnapshot waiting = ConnectorRuns.awaitStatus(connector,
                s -> s.state() == ConnectionState.WAITING && s.failedAttempts() == 1, Duration.ofSeconds(10));
        assertTrue(announcedWait(waiting).compareTo(LONG) >= 0, "the seed's first wait is long: " + waiting);
        LocalBackend backend = closeLater(LocalBackend.start("127.0.0.1", port, Map.of(KEY, EDGE)));

        int cutShort = clickFromThreads(connector, 4, Duration.ofMillis(1500));
        StatusSnapshot connected = ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.CONNECTED,
                PROMPTLY);
        assertEquals(1, cutShort, "one click cut the wait short; the others found the attempt under way or connected");
        Thread.sleep(500);
        assertEquals(1, backend.edge(EDGE).connectCount(), "one session");
        assertEquals(1, backend.edge(EDGE).connections().size());
        assertEquals(1, connected.counters().connects());
        assertEquals(connected.connectedSince(), connector.status().snapshot().connectedSince());
    }

    @Test
    void clickingAsFastAsPossibleKeepsTheFloorBetweenAttemptsAndCountsEveryFailure() throws Exception {
        FixedResponseServer down = closeLater(FixedResponseServer.httpStatus(502, "Bad Gateway"));
        BackendConnector connector = connecting(down.port(), "120");
        ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.WAITING, Duration.ofSeconds(10));

        clickFromThreads(connector, 2, Duration.ofSeconds(3));
        StatusSnapshot waiting = ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.WAITING,
                PROMPTLY);
        List<Long> attempts = down.acceptedNanos();
        System.out.println("[figure] attempts in 3 s of clicking from 2 threads: " + (attempts.size() - 1));
        assertTrue(attempts.size() >= 4, "the clicks made attempts: " + attempts.size());
        assertTrue(attempts.size() <= 1 + 3 * 2 + 1, "at most two attempts a second: " + attempts.size());
        for (int i = 1; i < attempts.size(); i++) {
            Duration gap = Duration.ofNanos(attempts.get(i) - attempts.get(i - 1));
            assertTrue(gap.compareTo(ReconnectPolicy.FLOOR.minusMillis(50)) >= 0, "gap " + i + ": " + gap);
        }
        assertEquals(attempts.size(), waiting.failedAttempts(), "every failed attempt counts in the backoff");
    }

    /** {@code threads} threads call connectNow() about every 0.2 ms for {@code duration}; how many cut a wait short. */
    private static int clickFromThreads(BackendConnector connector, int threads, Duration duration)
            throws InterruptedException {
        AtomicInteger cutShort = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> clickers = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        for (int i = 0; i < threads; i++) {
            clickers.add(Thread.ofPlatform().name("clicker-" + i).start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (System.nanoTime() < end) {
                    if (connector.connectNow()) {
                        cutShort.incrementAndGet();
                    }
                    LockSupport.parkNanos(200_000); // 5,000 clicks a second per thread, without starving the link
                }
            }));
        }
        start.countDown();
        for (Thread clicker : clickers) {
            clicker.join();
        }
        return cutShort.get();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
