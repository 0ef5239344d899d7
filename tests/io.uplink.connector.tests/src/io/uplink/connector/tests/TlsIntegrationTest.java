package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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

/** wss to the local Backend with certificates made for the test: every TLS outcome a technician can meet. */
class TlsIntegrationTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "tls-test-key";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Path dir;
    private static TestPki pki;
    private static Path caPem;

    private LocalBackend backend;
    private BackendConnector connector;
    /** The real date: the JDK checks certificate validity against it; the expiry warning uses this clock. */
    private final MutableClock clock = new MutableClock(Instant.now());

    @BeforeAll
    static void makeCertificates() throws Exception {
        dir = Files.createTempDirectory("uplink-tls-test");
        pki = new TestPki(dir);
        pki.issue("server", "ip:127.0.0.1,dns:localhost", null, 365);
        pki.issue("otherhost", "dns:backend.example.com", null, 365);
        pki.issue("expired", "ip:127.0.0.1", "-400d", 30);
        pki.issue("soon", "ip:127.0.0.1", null, 5);
        pki.issue("client", null, null, 365);
        pki.selfSigned("stranger", "ip:127.0.0.1");
        caPem = pki.caPem();
    }

    @AfterAll
    static void removeCertificates() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
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

    private void startBackend(String alias, boolean requireClientCertificate) throws Exception {
        SSLContext context = pki.serverContext(alias, requireClientCertificate);
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE), context, requireClientCertificate);
    }

    private ConnectorConfig config(String host, String... more) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", KEY);
        properties.put("uri", "wss://" + host + ":" + backend.port() + "/");
        properties.put("reconnectBaseSeconds", "1");
        properties.put("reconnectMaxSeconds", "1");
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return ConnectorConfig.fromProperties(properties);
    }

    private ConnectionTestResult test(ConnectorConfig config) {
        return test(config, WAIT);
    }

    private ConnectionTestResult test(ConnectorConfig config, Duration timeout) {
        return ConnectorRuns.testConnection(config, clock, timeout);
    }

    private StatusSnapshot run(ConnectorConfig config, java.util.function.Predicate<StatusSnapshot> until)
            throws InterruptedException {
        connector = ConnectorRuns.connecting(config, clock);
        return ConnectorRuns.awaitStatus(connector, until, WAIT);
    }

    @Test
    void aCertificateFromTheConfiguredCaConnects() throws Exception {
        startBackend("server", false);
        ConnectionTestResult result = test(config("127.0.0.1", "tlsCaFile", caPem.toString()));
        assertEquals(Diagnosis.OK, result.diagnosis(), result.detail());
        assertEquals(pki.certificate("server").getNotAfter().toInstant(), result.certificateNotAfter());

        StatusSnapshot status = run(config("127.0.0.1", "tlsCaFile", caPem.toString()),
                s -> s.state() == ConnectionState.CONNECTED);
        assertEquals(null, status.lastDiagnosis(), "no warning for a certificate valid for a year");
        backend.awaitConnected(EDGE, WAIT);
    }

    @Test
    void anUnknownCaIsRefusedWithoutFallback() throws Exception {
        startBackend("server", false);
        ConnectionTestResult result = test(config("127.0.0.1"));
        assertEquals(Diagnosis.TLS_UNKNOWN_CA, result.diagnosis(), "the JVM trust store alone: " + result.detail());

        StatusSnapshot status = run(config("127.0.0.1"), s -> s.lastDiagnosis() != null);
        assertEquals(Diagnosis.TLS_UNKNOWN_CA, status.lastDiagnosis(), status.lastError());
        assertEquals(0, backend.edge(EDGE).connectCount(), "never connected insecurely");
    }

    @Test
    void aSelfSignedCertificateIsAnUnknownCaEvenWithAnotherCaConfigured() throws Exception {
        startBackend("stranger", false);
        ConnectionTestResult result = test(config("127.0.0.1", "tlsCaFile", caPem.toString()));
        assertEquals(Diagnosis.TLS_UNKNOWN_CA, result.diagnosis(), result.detail());
    }

    @Test
    void aCertificateForAnotherHostIsAHostnameMismatch() throws Exception {
        startBackend("otherhost", false);
        ConnectionTestResult result = test(config("127.0.0.1", "tlsCaFile", caPem.toString()));
        assertEquals(Diagnosis.TLS_HOSTNAME_MISMATCH, result.diagnosis(), "signed by the trusted CA, but for "
                + "backend.example.com: host name verification is on: " + result.detail());
    }

    @Test
    void aCertificateWithoutTheNameUsedInTheUriIsAHostnameMismatch() throws Exception {
        startBackend("soon", false); // issued for ip:127.0.0.1 only; reached as "localhost"
        ConnectionTestResult result = test(config("localhost", "tlsCaFile", caPem.toString()));
        assertEquals(Diagnosis.TLS_HOSTNAME_MISMATCH, result.diagnosis(), result.detail());
    }

    @Test
    void anExpiredCertificateIsExpired() throws Exception {
        startBackend("expired", false);
        ConnectionTestResult result = test(config("127.0.0.1", "tlsCaFile", caPem.toString()));
        assertEquals(Diagnosis.TLS_CERT_EXPIRED, result.diagnosis(), result.detail());
    }

    @Test
    void aServerThatRequiresAClientCertificateRefusesNoneAndAcceptsOursWithMtls() throws Exception {
        startBackend("server", true);
        // with TLS 1.3 the refusal is an alert after the client's handshake: Tyrus sees no upgrade answer
        ConnectionTestResult without = test(config("127.0.0.1", "tlsCaFile", caPem.toString()), Duration.ofSeconds(3));
        assertEquals(Diagnosis.TLS_CLIENT_CERT_REJECTED, without.diagnosis(), without.detail());

        ConnectionTestResult with = test(config("127.0.0.1", "tlsCaFile", caPem.toString(),
                "tlsClientCertFile", pki.certificatePem("client").toString(),
                "tlsClientKeyFile", pki.keyPem("client").toString()));
        assertEquals(Diagnosis.OK, with.diagnosis(), with.detail());
    }

    @Test
    void aCertificateThatExpiresWithinTheWarningDaysIsAWarningWhileConnected() throws Exception {
        startBackend("soon", false);
        ConnectionTestResult result = test(config("127.0.0.1", "tlsCaFile", caPem.toString()));
        assertEquals(Diagnosis.TLS_CERT_EXPIRES_SOON, result.diagnosis(), result.detail());
        assertTrue(result.connected());

        StatusSnapshot status = run(config("127.0.0.1", "tlsCaFile", caPem.toString(), "tlsExpiryWarningDays", "30"),
                s -> s.state() == ConnectionState.CONNECTED && s.lastDiagnosis() != null);
        assertEquals(Diagnosis.TLS_CERT_EXPIRES_SOON, status.lastDiagnosis());
        assertNotNull(status.lastError(), "the warning says when: " + status.lastError());

        ConnectionTestResult notWarned = test(config("127.0.0.1", "tlsCaFile", caPem.toString(),
                "tlsExpiryWarningDays", "3"));
        assertEquals(Diagnosis.OK, notWarned.diagnosis(), "5 days left, warning from 3: " + notWarned.detail());
    }

    @Test
    void anUnreadableCaFileIsAConfigurationProblem() throws Exception {
        startBackend("server", false);
        ConnectionTestResult result = test(config("127.0.0.1", "tlsCaFile", dir.resolve("missing.pem").toString()));
        assertEquals(Diagnosis.TLS_CONFIG_INVALID, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("tlsCaFile"), result.detail());
    }
}
