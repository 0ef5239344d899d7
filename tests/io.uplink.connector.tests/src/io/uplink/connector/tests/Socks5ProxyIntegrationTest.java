package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
 * Through a real SOCKS5 proxy (microsocks), with and without username/password, to the local Backend over ws and
 * wss. The Backend is addressed as {@code localhost}: the name goes to the proxy (ATYP DOMAINNAME), and TLS is
 * verified against it although Tyrus talks to the agent's loopback relay.
 */
class Socks5ProxyIntegrationTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "socks-test-key";
    private static final String USER = "uplink";
    private static final String PASSWORD = "s0cks-S3cret";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static MicroSocks open;
    private static MicroSocks authenticating;
    private static Path pkiDir;
    private static TestPki pki;
    /** The Backend's host name as the proxy resolves it. */
    private static String backendHost;

    private LocalBackend backend;
    private BackendConnector connector;
    private final MutableClock clock = new MutableClock(Instant.now());

    @BeforeAll
    static void startProxies() throws Exception {
        Path binary = MicroSocks.binary().orElse(null);
        if (binary == null) {
            System.out.println("Socks5ProxyIntegrationTest skipped: microsocks is not installed (./test.sh installs"
                    + " it on Debian as root; elsewhere: apt-get install microsocks)");
        }
        Assumptions.assumeTrue(binary != null, "microsocks is not installed");
        open = MicroSocks.start(binary, null, null);
        authenticating = MicroSocks.start(binary, USER, PASSWORD);
        pkiDir = Files.createTempDirectory("uplink-socks-tls");
        pki = new TestPki(pkiDir);
        pki.issue("localhost", "dns:localhost", null, 365);
        pki.issue("otherhost", "dns:backend.example.com", null, 365);
        // the proxy connects to the first address of the name; the Backend listens on 127.0.0.1 only
        boolean localhostIsV4Only = Arrays.stream(InetAddress.getAllByName("localhost"))
                .allMatch(address -> address.getHostAddress().equals("127.0.0.1"));
        backendHost = localhostIsV4Only ? "localhost" : "127.0.0.1";
        if (!localhostIsV4Only) {
            System.out.println("Socks5ProxyIntegrationTest: localhost is not only 127.0.0.1 here; the tests address"
                    + " the Backend by IP (ATYP IPv4) instead of by name");
        }
    }

    @AfterAll
    static void stopProxies() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] { open, authenticating }) {
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

    private static ConnectorConfig config(String uri, MicroSocks proxy, String... more) throws Exception {
        return config(uri, proxy.port(), more);
    }

    private static ConnectorConfig config(String uri, int proxyPort, String... more) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", KEY);
        properties.put("uri", uri);
        properties.put("proxyType", "SOCKS");
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

    private void startWsBackend() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
    }

    private void startWssBackend(String alias) throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE), pki.serverContext(alias, false), false);
    }

    @Test
    void wsThroughAProxyWithoutAuthenticationConnectsByHostName() throws Exception {
        startWsBackend();
        ConnectorConfig config = config("ws://" + backendHost + ":" + backend.port() + "/", open);
        ConnectionTestResult result = test(config);
        assertEquals(Diagnosis.OK, result.diagnosis(), result.detail());

        run(config, s -> s.state() == ConnectionState.CONNECTED);
        backend.awaitConnected(EDGE, WAIT);
    }

    @Test
    void wsAndWssWithUsernameAndPasswordConnect() throws Exception {
        startWsBackend();
        ConnectorConfig ws = config("ws://" + backendHost + ":" + backend.port() + "/", authenticating,
                "proxyUsername", USER, "proxyPassword", PASSWORD);
        ConnectionTestResult wsResult = test(ws);
        assertEquals(Diagnosis.OK, wsResult.diagnosis(), wsResult.detail());
        run(ws, s -> s.state() == ConnectionState.CONNECTED);
        backend.awaitConnected(EDGE, WAIT);
        assertFalse(connector.config().toString().contains(PASSWORD), "the password is not in the config's text");
        connector.close();
        backend.close();

        startWssBackend("localhost");
        ConnectorConfig wss = config("wss://localhost:" + backend.port() + "/", authenticating,
                "proxyUsername", USER, "proxyPassword", PASSWORD, "tlsCaFile", pki.caPem().toString());
        ConnectionTestResult result = test(wss);
        assertEquals(Diagnosis.OK, result.diagnosis(), "the certificate names only 'localhost', not the relay's"
                + " 127.0.0.1: " + result.detail());
        run(wss, s -> s.state() == ConnectionState.CONNECTED);
        backend.awaitConnected(EDGE, WAIT);
    }

    @Test
    void wssIsVerifiedAgainstTheBackendsHostNameThroughTheTunnel() throws Exception {
        startWssBackend("otherhost");
        String uri = "wss://localhost:" + backend.port() + "/";
        ConnectionTestResult mismatch = test(config(uri, open, "tlsCaFile", pki.caPem().toString()));
        assertEquals(Diagnosis.TLS_HOSTNAME_MISMATCH, mismatch.diagnosis(), mismatch.detail());
        ConnectionTestResult untrusted = test(config(uri, open));
        assertEquals(Diagnosis.TLS_UNKNOWN_CA, untrusted.diagnosis(), untrusted.detail());
    }

    @Test
    void aWrongPasswordIsSocksAuthFailedAndBackedOff() throws Exception {
        startWsBackend();
        ConnectorConfig config = config("ws://" + backendHost + ":" + backend.port() + "/", authenticating,
                "proxyUsername", USER, "proxyPassword", "wrong-pass");
        ConnectionTestResult result = test(config);
        assertEquals(Diagnosis.SOCKS_AUTH_FAILED, result.diagnosis(), result.detail());

        StatusSnapshot status = run(config, s -> s.lastDiagnosis() != null && s.state() == ConnectionState.WAITING);
        assertEquals(Diagnosis.SOCKS_AUTH_FAILED, status.lastDiagnosis());
        assertTrue(status.nextAttemptAt().isAfter(clock.instant()), "the next attempt waits: " + status);
        assertFalse(status.lastError().contains("wrong-pass"), "no password in the message: " + status.lastError());
        assertEquals(0, backend.edge(EDGE).connectCount());
    }

    @Test
    void noCredentialsForAProxyThatRequiresThemIsSocksAuthFailed() throws Exception {
        ConnectionTestResult result = test(config("ws://" + backendHost + ":8081/", authenticating));
        assertEquals(Diagnosis.SOCKS_AUTH_FAILED, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("requires authentication"), result.detail());
    }

    @Test
    void aTargetThatRefusesIsSocksTargetUnreachableWithTheReplyCode() throws Exception {
        ConnectionTestResult result = test(config("ws://127.0.0.1:" + ServerProcess.freePort() + "/", open));
        assertEquals(Diagnosis.SOCKS_TARGET_UNREACHABLE, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("REP 5"), result.detail());
    }

    @Test
    void theProxyResolvesTheBackendsHostName() throws Exception {
        // .invalid never resolves (RFC 6761): the failure is the proxy's, not a DNS_FAILURE on the device
        ConnectionTestResult result = test(config("ws://uplink-test.invalid:8081/", open));
        assertEquals(Diagnosis.SOCKS_TARGET_UNREACHABLE, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("uplink-test.invalid:8081"), result.detail());
    }

    @Test
    void aSocksProxyThatIsNotRunningIsProxyUnreachable() throws Exception {
        ConnectionTestResult result = test(config("ws://" + backendHost + ":8081/", ServerProcess.freePort()));
        assertEquals(Diagnosis.PROXY_UNREACHABLE, result.diagnosis(), result.detail());
    }

    @Test
    void httpsProxyTypeForAProxyWithoutTlsIsATlsHandshakeFailure() throws Exception {
        // a wrong proxyType: microsocks closes at once on the TLS ClientHello (tinyproxy would wait for a line end)
        ConnectionTestResult result = test(config("ws://" + backendHost + ":8081/", open, "proxyType", "HTTPS"));
        assertEquals(Diagnosis.TLS_HANDSHAKE_FAILED, result.diagnosis(), result.detail());
        assertTrue(result.detail().contains("the proxy 127.0.0.1:" + open.port()), result.detail());
    }
}
