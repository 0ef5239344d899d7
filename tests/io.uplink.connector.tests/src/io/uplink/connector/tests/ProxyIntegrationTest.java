package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.uplink.backend.local.LocalBackend;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectionTestResult;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.Diagnosis;
import io.uplink.connector.StatusSnapshot;
import io.uplink.core.MutableClock;

/** Through a real HTTP CONNECT proxy (tinyproxy) with Basic authentication to the local Backend. */
class ProxyIntegrationTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "proxy-test-key";
    private static final String USER = "uplink";
    private static final String PASSWORD = "pr0xy-S3cret";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static TinyProxy proxy;

    private LocalBackend backend;
    private BackendConnector connector;
    private final MutableClock clock = new MutableClock(Instant.now());

    @BeforeAll
    static void startProxy() throws Exception {
        Path binary = TinyProxy.binary().orElse(null);
        if (binary == null) {
            System.out.println("ProxyIntegrationTest skipped: tinyproxy is not installed (./test.sh installs it on"
                    + " Debian as root; elsewhere: apt-get install tinyproxy)");
        }
        Assumptions.assumeTrue(binary != null, "tinyproxy is not installed");
        proxy = TinyProxy.start(binary, USER, PASSWORD);
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private ConnectorConfig config(String uri, int proxyPort, String... more) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", KEY);
        properties.put("uri", uri);
        properties.put("proxyAddress", "127.0.0.1");
        properties.put("proxyPort", Integer.toString(proxyPort));
        properties.put("reconnectBaseSeconds", "1");
        properties.put("reconnectMaxSeconds", "1");
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return ConnectorConfig.fromProperties(properties);
    }

    private ConnectionTestResult test(ConnectorConfig config) {
        return ConnectorRuns.testConnection(config, clock, WAIT);
    }

    private StatusSnapshot run(ConnectorConfig config, Predicate<StatusSnapshot> until) throws InterruptedException {
        connector = ConnectorRuns.connecting(config, clock);
        return ConnectorRuns.awaitStatus(connector, until, WAIT);
    }

    private String backendUri() {
        return "ws://127.0.0.1:" + backend.port() + "/";
    }

    @Test
    void wsThroughTheProxyWithCredentialsConnects() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        ConnectorConfig config = config(backendUri(), proxy.port(), "proxyUsername", USER, "proxyPassword", PASSWORD);
        ConnectionTestResult result = test(config);
        assertEquals(Diagnosis.OK, result.diagnosis(), result.detail());

        run(config, s -> s.state() == ConnectionState.CONNECTED);
        backend.awaitConnected(EDGE, WAIT);
        assertFalse(connector.config().toString().contains(PASSWORD), "the password is not in the config's text");
    }

    @Test
    void wssThroughTheProxyIsVerifiedEndToEnd() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("uplink-proxy-tls");
        TestPki pki = new TestPki(dir);
        pki.issue("server", "ip:127.0.0.1", null, 365);
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE), pki.serverContext("server", false), false);
        String uri = "wss://127.0.0.1:" + backend.port() + "/";
        ConnectionTestResult trusted = test(config(uri, proxy.port(), "proxyUsername", USER, "proxyPassword",
                PASSWORD, "tlsCaFile", pki.caPem().toString()));
        assertEquals(Diagnosis.OK, trusted.diagnosis(), trusted.detail());
        ConnectionTestResult untrusted = test(config(uri, proxy.port(), "proxyUsername", USER, "proxyPassword",
                PASSWORD));
        assertEquals(Diagnosis.TLS_UNKNOWN_CA, untrusted.diagnosis(), "TLS runs through the tunnel to the Backend: "
                + untrusted.detail());
    }

    @Test
    void aWrongPasswordIsProxyAuthRequiredAndBackedOff() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        ConnectorConfig config = config(backendUri(), proxy.port(), "proxyUsername", USER, "proxyPassword", "wrong");
        ConnectionTestResult result = test(config);
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("HTTP 401"), "tinyproxy answers wrong credentials with 401: "
                + result.detail());

        StatusSnapshot status = run(config, s -> s.lastDiagnosis() != null && s.state() == ConnectionState.WAITING);
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, status.lastDiagnosis());
        assertFalse(status.lastError().contains("wrong"), "no password in the message: " + status.lastError());
        assertEquals(0, backend.edge(EDGE).connectCount());
    }

    @Test
    void noCredentialsIsProxyAuthRequired() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        ConnectionTestResult result = test(config(backendUri(), proxy.port()));
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("HTTP 407"), result.detail());
    }

    @Test
    void aTargetTheProxyCannotReachIsProxyRefused() throws Exception {
        String uri = "ws://127.0.0.1:" + TinyProxy.freePort() + "/";
        ConnectionTestResult result = test(config(uri, proxy.port(), "proxyUsername", USER, "proxyPassword",
                PASSWORD));
        assertEquals(Diagnosis.PROXY_REFUSED, result.diagnosis(), result.detail());
    }

    @Test
    void aProxyThatIsNotRunningIsProxyUnreachable() throws Exception {
        ConnectionTestResult result = test(config("ws://127.0.0.1:8081/", TinyProxy.freePort()));
        assertEquals(Diagnosis.PROXY_UNREACHABLE, result.diagnosis(), result.detail());
    }
}
