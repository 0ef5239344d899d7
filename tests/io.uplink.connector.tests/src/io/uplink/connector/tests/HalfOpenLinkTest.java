package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.uplink.backend.local.LocalBackend;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.Diagnosis;
import io.uplink.connector.StatusSnapshot;
import io.uplink.testkit.net.FaultInjectingTcpProxy;
import io.uplink.testkit.net.FaultInjectingTcpProxy.Mode;

/**
 * A half-open link: the connection to the Backend runs through a {@link FaultInjectingTcpProxy} that starts
 * dropping every byte both ways without closing anything. The pings must find the link dead within 60 s, and the
 * connector must come back once the path works again.
 *
 * <p>The ping interval is 5 s here so the test takes seconds; {@code -Duplink.halfOpen.pingInterval=30} (through
 * {@code -Duplink.test.vmargs=...}) runs the default path, which the README promises within 46 s.
 */
class HalfOpenLinkTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "half-open-test-key";
    private static final Duration PROMISED = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final int pingInterval = Integer.getInteger("uplink.halfOpen.pingInterval", 5);
    private LocalBackend backend;
    private FaultInjectingTcpProxy link;
    private BackendConnector connector;

    @BeforeEach
    void startBackendBehindTheFaultyLink() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        link = FaultInjectingTcpProxy.start("127.0.0.1", backend.port());
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        link.close();
        backend.close();
    }

    private ConnectorConfig config() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", KEY);
        properties.put("uri", "ws://127.0.0.1:" + link.port() + "/");
        properties.put("pingInterval", Integer.toString(pingInterval));
        properties.put("reconnectBaseSeconds", "1");
        properties.put("reconnectMaxSeconds", "1");
        return ConnectorConfig.fromProperties(properties);
    }

    @Test
    void aLinkThatSilentlyDropsEverythingIsFoundDeadAndReplaced() throws Exception {
        // the real clock: the dead-link check runs on real time, and the backoff sees a link that was up for a while
        connector = ConnectorRuns.connecting(config(), Clock.systemUTC());
        backend.awaitConnected(EDGE, WAIT);
        ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.CONNECTED, WAIT);
        // the backlog's "nothing lost" goes here: send cycles now, and check after the reconnect that the Backend
        // got every one of them

        link.setMode(Mode.BLACKHOLE);
        long cut = System.nanoTime();
        StatusSnapshot dead = ConnectorRuns.awaitStatus(connector, s -> s.lastDiagnosis() == Diagnosis.PING_TIMEOUT,
                PROMISED.plusSeconds(5)); // the bound is asserted below, with the measured time in the message
        Duration detected = Duration.ofNanos(System.nanoTime() - cut);
        System.out.printf(Locale.ROOT, "HalfOpenLinkTest: half-open link found dead after %.1f s (pingInterval %d s,"
                + " no pong for %.1f s allowed)%n", detected.toMillis() / 1000.0, pingInterval, pingInterval * 1.5);
        assertTrue(detected.compareTo(PROMISED) < 0, "found dead after " + detected + ": " + dead);
        assertTrue(dead.lastError().contains("no pong"), dead.lastError());
        assertTrue(link.droppedBytes() > 0, "the pings went into the void");

        link.setMode(Mode.FORWARD);
        backend.awaitConnectCount(EDGE, 2, WAIT.plus(PROMISED)); // a retry during the outage may time out first
        StatusSnapshot back = ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.CONNECTED,
                WAIT);
        assertEquals(null, back.lastDiagnosis(), "cleared once connected again");
    }
}
