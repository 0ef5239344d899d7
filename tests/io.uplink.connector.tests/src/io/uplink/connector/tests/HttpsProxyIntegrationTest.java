package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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

/**
 * Through a real HTTPS proxy to the local Backend over ws and wss: stunnel terminates TLS (a certificate from the
 * test CA, for 127.0.0.1) in front of tinyproxy with Basic authentication. The proxy's certificate is trusted
 * through tlsCaFile, like the Backend's, and its name is verified against proxyAddress.
 */
class HttpsProxyIntegrationTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "https-proxy-test-key";
    private static final String USER = "uplink";
    private static final String PASSWORD = "https-pr0xy-S3cret";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static TinyProxy tinyproxy;
    private static Stunnel stunnel;
    private static Path pkiDir;
    private static TestPki pki;

    private LocalBackend backend;
    private BackendConnector connector;
    private final MutableClock clock = new MutableClock(Instant.now());

    @BeforeAll
    static void startProxy() throws Exception {
        Path tinyproxyBinary = TinyProxy.binary().orElse(null);
        Path stunnelBinary = Stunnel.binary().orElse(null);
        if (tinyproxyBinary == null || stunnelBinary == null) {
            System.out.println("HttpsProxyIntegrationTest skipped: tinyproxy or stunnel4 is not installed"
                    + " (./test.sh installs them on Debian as root; elsewhere: apt-get install tinyproxy stunnel4)");
        }
        Assumptions.assumeTrue(tinyproxyBinary != null && stunnelBinary != null, "tinyproxy or stunnel4 missing");
        pkiDir = Files.createTempDirectory("uplink-https-proxy");
        pki = new TestPki(pkiDir);
        pki.issue("proxy", "ip:127.0.0.1", null, 365);
        pki.issue("backend", "ip:127.0.0.1", null, 365);
        tinyproxy = TinyProxy.start(tinyproxyBinary, USER, PASSWORD);
        stunnel = Stunnel.start(stunnelBinary, pki.certificatePem("proxy"), pki.keyPem("proxy"), tinyproxy.port());
    }

    @AfterAll
    static void stopProxy() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] { stunnel, tinyproxy }) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (pkiDir != null) {
            try (var files = Files.walk(pkiDir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
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

    /** HTTPS to stunnel at 127.0.0.1 with the right credentials and the test CA; {@code more} overrides. */
    private static ConnectorConfig config(String uri, String... more) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", KEY);
        properties.put("uri", uri);
        properties.put("proxyType", "HTTPS");
        properties.put("proxyAddress", "127.0.0.1");
        properties.put("proxyPort", Integer.toString(stunnel.port()));
        properties.put("proxyUsername", USER);
        properties.put("proxyPassword", PASSWORD);
        properties.put("tlsCaFile", pki.caPem().toString());
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

    private String wsUri() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        return "ws://127.0.0.1:" + backend.port() + "/";
    }

    @Test
    void wsThroughTheHttpsProxyConnects() throws Exception {
        ConnectorConfig config = config(wsUri());
        ConnectionTestResult result = test(config);
        assertEquals(Diagnosis.OK, result.diagnosis(), result.detail());

        run(config, s -> s.state() == ConnectionState.CONNECTED);
        backend.awaitConnected(EDGE, WAIT);
    }

    @Test
    void wssThroughTheHttpsProxyIsTlsInsideTls() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE), pki.serverContext("backend", false), false);
        ConnectorConfig config = config("wss://127.0.0.1:" + backend.port() + "/");
        ConnectionTestResult result = test(config);
        assertEquals(Diagnosis.OK, result.diagnosis(), result.detail());
        run(config, s -> s.state() == ConnectionState.CONNECTED);
        backend.awaitConnected(EDGE, WAIT);
    }

    @Test
    void aWrongPasswordIsProxyAuthRequiredAndBackedOff() throws Exception {
        ConnectorConfig config = config(wsUri(), "proxyPassword", "wrong-pass");
        ConnectionTestResult result = test(config);
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("HTTP 401"), "tinyproxy answers wrong credentials with 401: "
                + result.detail());

        StatusSnapshot status = run(config, s -> s.lastDiagnosis() != null && s.state() == ConnectionState.WAITING);
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, status.lastDiagnosis());
        assertTrue(status.nextAttemptAt().isAfter(clock.instant()), "the next attempt waits: " + status);
        assertFalse(status.lastError().contains("wrong-pass"), "no password in the message: " + status.lastError());
        assertEquals(0, backend.edge(EDGE).connectCount());
    }

    @Test
    void noCredentialsIsProxyAuthRequired() throws Exception {
        ConnectionTestResult result = test(config(wsUri(), "proxyUsername", "", "proxyPassword", ""));
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("HTTP 407"), result.detail());
    }

    @Test
    void aProxyCertificateFromAnUnknownCaIsRefused() throws Exception {
        ConnectionTestResult result = test(config(wsUri(), "tlsCaFile", ""));
        assertEquals(Diagnosis.TLS_UNKNOWN_CA, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("the proxy 127.0.0.1:" + stunnel.port()), result.detail());
    }

    @Test
    void theProxysCertificateIsVerifiedAgainstProxyAddress() throws Exception {
        // the certificate names 127.0.0.1 only; "localhost" reaches the same proxy under another name
        ConnectionTestResult result = test(config(wsUri(), "proxyAddress", "localhost"));
        assertEquals(Diagnosis.TLS_HOSTNAME_MISMATCH, result.diagnosis(), result.detail());
    }
}
