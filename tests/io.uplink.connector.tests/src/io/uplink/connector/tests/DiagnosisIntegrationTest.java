package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.uplink.backend.local.LocalBackend;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectionTestResult;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.Diagnosis;
import io.uplink.connector.StatusSnapshot;
import io.uplink.core.MutableClock;

/** Each diagnosis produced by a real server on loopback: through "test connection" and in the running status. */
class DiagnosisIntegrationTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "diagnosis-test-key";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private LocalBackend backend;
    private BackendConnector connector;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T06:00:00Z"));

    @BeforeEach
    void startBackend() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        backend.close();
    }

    private static ConnectorConfig config(String uri, String apikey, String... more) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", apikey);
        properties.put("uri", uri);
        properties.put("reconnectBaseSeconds", "1");
        properties.put("reconnectMaxSeconds", "1");
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return ConnectorConfig.fromProperties(properties);
    }

    private String backendUri() {
        return "ws://127.0.0.1:" + backend.port() + "/";
    }

    private BackendConnector start(ConnectorConfig config) {
        connector = ConnectorRuns.connecting(config, clock);
        return connector;
    }

    private ConnectionTestResult test(ConnectorConfig config, Duration timeout) {
        return ConnectorRuns.testConnection(config, clock, timeout);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private StatusSnapshot awaitStatus(BooleanSupplier condition, String what, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + wait + ": " + what + "; status "
                        + connector.status().snapshot());
            }
            Thread.sleep(20);
        }
        return connector.status().snapshot();
    }

    @Test
    void aWorkingConnectionTestsOk() throws Exception {
        ConnectionTestResult result = test(config(backendUri(), KEY), WAIT);
        assertEquals(Diagnosis.OK, result.diagnosis(), result.detail());
        assertTrue(result.connected());
        assertEquals(1, backend.edge(EDGE).connectCount(), "the test really reached the Backend");
    }

    @Test
    void aWrongApikeyIsClosedAfterTheUpgrade() throws Exception {
        ConnectionTestResult result = test(config(backendUri(), "wrong-key"), WAIT);
        assertEquals(Diagnosis.CLOSED_AFTER_UPGRADE, result.diagnosis(), result.detail());
        assertTrue(result.diagnosis().explanation().contains("apikey"), result.diagnosis().explanation());

        start(config(backendUri(), "wrong-key"));
        StatusSnapshot status = awaitStatus(() -> connector.status().snapshot().lastDiagnosis() != null,
                "a diagnosis", WAIT);
        assertEquals(Diagnosis.CLOSED_AFTER_UPGRADE, status.lastDiagnosis(), status.lastError());
        assertTrue(!status.lastError().contains("wrong-key"), "the key is not in the message: " + status.lastError());
    }

    @Test
    void nothingListeningIsConnectionRefused() throws Exception {
        String uri = "ws://127.0.0.1:" + closedPort() + "/";
        ConnectionTestResult result = test(config(uri, KEY), WAIT);
        assertEquals(Diagnosis.CONNECTION_REFUSED, result.diagnosis(), result.detail());

        start(config(uri, KEY));
        StatusSnapshot status = awaitStatus(() -> connector.status().snapshot().lastDiagnosis() != null,
                "a diagnosis", WAIT);
        assertEquals(Diagnosis.CONNECTION_REFUSED, status.lastDiagnosis());
        assertTrue(status.lastError().contains(uri.substring(5, uri.length() - 1)), status.lastError());
    }

    @Test
    void aReverseProxyWithoutBackendIsHttpStatusWithTheStatus() throws Exception {
        try (FixedResponseServer proxy = FixedResponseServer.httpStatus(502, "Bad Gateway")) {
            ConnectionTestResult result = test(config("ws://127.0.0.1:" + proxy.port() + "/openems", KEY), WAIT);
            assertEquals(Diagnosis.HTTP_STATUS, result.diagnosis(), result.detail());
            assertTrue(result.detail().contains("HTTP 502"), result.detail());
        }
    }

    @Test
    void aServerThatNeverAnswersIsATimeout() throws Exception {
        try (FixedResponseServer silent = new FixedResponseServer(null)) {
            long started = System.nanoTime();
            ConnectionTestResult result = test(config("ws://127.0.0.1:" + silent.port() + "/", KEY),
                    Duration.ofSeconds(1));
            assertEquals(Diagnosis.TIMEOUT, result.diagnosis(), result.detail());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0,
                    "the connect timeout bounds the attempt");
        }
    }

    @Test
    void anUnresolvableHostIsDnsFailure() throws Exception {
        // .invalid never resolves (RFC 6761); nothing leaves the machine
        ConnectionTestResult result = test(config("ws://uplink-test.invalid:8081/", KEY), WAIT);
        assertEquals(Diagnosis.DNS_FAILURE, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("uplink-test.invalid"), result.detail());
    }

    @Test
    void aBackendThatStopsAnsweringPingsIsPingTimeout() throws Exception {
        start(config(backendUri(), KEY, "pingInterval", "5"));
        backend.awaitConnected(EDGE, WAIT);
        backend.setSilent(EDGE, true);
        StatusSnapshot status = awaitStatus(
                () -> connector.status().snapshot().lastDiagnosis() == Diagnosis.PING_TIMEOUT, "PING_TIMEOUT",
                Duration.ofSeconds(30));
        assertTrue(status.lastError().contains("no pong"), status.lastError());
    }

    @Test
    void aLinkLostAfterItWasUpIsConnectionLostAndAStableOneResetsTheBackoff() throws Exception {
        start(config(backendUri(), KEY));
        backend.awaitConnected(EDGE, WAIT);
        awaitStatus(() -> connector.status().snapshot().state() == ConnectionState.CONNECTED, "connected", WAIT);
        clock.advance(Duration.ofSeconds(61));
        backend.disconnect(EDGE);
        StatusSnapshot status = awaitStatus(() -> connector.status().snapshot().lastDiagnosis() != null,
                "a diagnosis", WAIT);
        assertEquals(Diagnosis.CONNECTION_LOST, status.lastDiagnosis(), status.lastError());
        backend.awaitConnectCount(EDGE, 2, WAIT);
        awaitStatus(() -> connector.status().snapshot().state() == ConnectionState.CONNECTED, "reconnected", WAIT);
        assertEquals(null, connector.status().snapshot().lastDiagnosis(), "cleared once connected again");
    }
}
