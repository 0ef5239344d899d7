package io.uplink.connector.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.glassfish.tyrus.client.ClientManager;

import io.uplink.connector.ConnectionTestResult;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.Diagnosis;

/**
 * Runs the whole connection chain once, on its own Tyrus client so it does not disturb the running link: DNS,
 * TCP, proxy, TLS, the upgrade, and then a short wait, because a Backend refuses an unknown apikey only by closing
 * the connection right after the upgrade.
 */
public final class ConnectionTester {

    /** How long an accepted connection must stay open to count as accepted (a Backend checks the key in ms). */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(2);

    private ConnectionTester() {
    }

    public static ConnectionTestResult run(ConnectorConfig config, Clock clock, Duration connectTimeout,
            Duration closeGrace) {
        URI uri = config.backendUri();
        String proxy = BackendLink.proxyDisplay(config);
        ClientManager client = BackendConnectorClients.create();
        CountDownLatch closed = new CountDownLatch(1);
        String[] closeReason = new String[1];
        TlsSetup[] tls = new TlsSetup[1];
        try {
            tls[0] = BackendLink.tls(config); // before the proxy: a bad TLS file must not leave a relay open
        } catch (DiagnosedException e) {
            client.shutdown();
            return new ConnectionTestResult(e.diagnosis(), e.getMessage(), null);
        }
        try (BackendSession session = BackendSession.open(client, uri, config.apikey(),
                BackendLink.proxy(config, connectTimeout), tls[0], connectTimeout, BackendLink.MAX_INCOMING_FRAME_BYTES,
                new BackendSession.Listener() {
                    @Override
                    public void onText(String text) {
                        // a test connection only listens for the close
                    }

                    @Override
                    public void onClosed(String reason) {
                        closeReason[0] = reason;
                        closed.countDown();
                    }
                })) {
            if (closed.await(closeGrace.toMillis(), TimeUnit.MILLISECONDS) || !session.isOpen()) {
                return new ConnectionTestResult(Diagnosis.CLOSED_AFTER_UPGRADE, "the Backend at " + uri.getHost() + ":"
                        + ConnectFailures.port(uri) + " accepted the upgrade and closed the connection at once ("
                        + (closeReason[0] == null ? "no reason given" : closeReason[0]) + ")", null);
            }
            Instant notAfter = tls[0] == null ? null : tls[0].serverCertificateNotAfter();
            String warning = tls[0] == null ? null : tls[0].expiryWarning(config.tlsExpiryWarningDays(), clock.instant());
            if (warning != null) {
                return new ConnectionTestResult(Diagnosis.TLS_CERT_EXPIRES_SOON, warning, notAfter);
            }
            return new ConnectionTestResult(Diagnosis.OK, "connected to " + uri.getHost() + ":"
                    + ConnectFailures.port(uri) + "; the connection stayed open for " + closeGrace.toMillis() + " ms",
                    notAfter);
        } catch (IOException | RuntimeException e) {
            DiagnosedException failure = ConnectFailures.diagnose(uri, proxy, tls[0], e);
            return new ConnectionTestResult(failure.diagnosis(), failure.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ConnectionTestResult(Diagnosis.UNKNOWN, "interrupted", null);
        } finally {
            client.shutdown();
        }
    }
}
