package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.uplink.backend.local.LocalBackend;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.StatusEvent;
import io.uplink.connector.StatusEvent.Kind;
import io.uplink.connector.internal.StatusEventLog;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.MutableClock;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

/** The status event history the Warnings view shows, recorded by the real connector against the local Backend. */
class StatusEventsTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "status-events-secret-key";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T06:00:00Z"), ZoneOffset.UTC);
    private LocalBackend backend;
    private BackendConnector connector;

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void logKeepsTheNewestEventsUpToItsCapacity() {
        StatusEventLog log = new StatusEventLog(clock, 3);
        for (int i = 1; i <= 5; i++) {
            log.record(Kind.CONNECT_FAILED, "attempt " + i);
            clock.advance(Duration.ofSeconds(1));
        }
        List<StatusEvent> events = log.events();
        assertEquals(List.of("attempt 3", "attempt 4", "attempt 5"), events.stream().map(StatusEvent::message).toList());
        assertEquals(Instant.parse("2026-11-27T06:00:02Z"), events.get(0).time(), "stamped with the agent's clock");
        assertThrows(UnsupportedOperationException.class, () -> events.clear(), "readers get a copy");
        assertThrows(IllegalArgumentException.class, () -> new StatusEventLog(clock, 0));
    }

    @Test
    void connectionLossFailedAttemptsRecoveryAndConfigurationChangesAreRecorded() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        int port = backend.port();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", KEY);
        properties.put("uri", "ws://127.0.0.1:" + port);
        properties.put("reconnectBaseSeconds", "1");
        properties.put("reconnectMaxSeconds", "1");
        ScriptedSource source = new ScriptedSource(List.of(
                ChannelMetadata.of("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.HIGH)));
        source.set("meter0/ActivePower", 1500L);
        connector = new BackendConnector(ConnectorConfig.fromProperties(properties), source, clock,
                new SplittableRandom(7), changes -> {
                });
        connector.connectOnly();
        backend.awaitConnected(EDGE, WAIT);
        awaitEvent(e -> e.kind() == Kind.CONNECTED);
        assertTrue(event(Kind.CONNECTED).message().contains("ws://127.0.0.1:" + port), event(Kind.CONNECTED).toString());

        backend.close();
        StatusEvent lost = awaitEvent(e -> e.kind() == Kind.CONNECTION_LOST);
        StatusEvent raised = awaitEvent(e -> e.kind() == Kind.UNABLE_TO_SEND_RAISED);
        assertEquals("connection lost", raised.message());
        StatusEvent failed = awaitEvent(e -> e.kind() == Kind.CONNECT_FAILED);
        assertTrue(failed.message().startsWith("CONNECTION_REFUSED: "), "the diagnosis of the failed attempt: " + failed);
        assertEquals(1, count(Kind.UNABLE_TO_SEND_RAISED), "raised once, however many attempts fail: " + connector.status().events());
        assertTrue(connector.status().events().indexOf(lost) < connector.status().events().indexOf(failed), "in order");

        backend = LocalBackend.start("127.0.0.1", port, Map.of(KEY, EDGE));
        backend.awaitConnected(EDGE, WAIT);
        awaitEvent(e -> count(Kind.CONNECTED) == 2);
        connector.runCycle();
        StatusEvent cleared = awaitEvent(e -> e.kind() == Kind.UNABLE_TO_SEND_CLEARED);
        assertFalse(connector.status().snapshot().unableToSend());
        assertTrue(cleared.time().compareTo(raised.time()) >= 0);

        connector.updateConfig(Map.of("apiTimeout", "120", "apikey", KEY));
        StatusEvent applied = event(Kind.CONFIGURATION_APPLIED);
        assertTrue(applied.message().contains("apiTimeout=120"), applied.toString());
        for (StatusEvent event : connector.status().events()) {
            assertFalse(event.message().contains(KEY), "no event holds the API key: " + event);
        }
    }

    private StatusEvent awaitEvent(Predicate<StatusEvent> predicate) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (StatusEvent event : connector.status().events()) {
                if (predicate.test(event)) {
                    return event;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such event within " + WAIT + "; events: " + connector.status().events());
    }

    private StatusEvent event(Kind kind) {
        return connector.status().events().stream().filter(e -> e.kind() == kind).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + connector.status().events()));
    }

    private long count(Kind kind) {
        return connector.status().events().stream().filter(e -> e.kind() == kind).count();
    }
}
