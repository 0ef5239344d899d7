package io.uplink.management;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;

import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.agent.AgentControl;
import io.uplink.agent.ManagementSettings;
import io.uplink.connector.AgentStatus;
import io.uplink.websocket.server.HostBoundServerContainer;
import io.uplink.management.internal.ManagementService;
import io.uplink.management.internal.ManagementToken;
import io.uplink.management.internal.SelfSignedCertificate;

/**
 * The management endpoint of a running agent: JSON-RPC over WebSocket on Tyrus/Grizzly (the stack the local
 * Backend serves with), at {@code ws[s]://HOST:PORT}{@value ManagementProtocol#PATH}.
 */
public final class ManagementServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final HostBoundServerContainer container;
    private final ManagementService service;
    private final String fingerprint;
    private final Path tokenFile;

    private ManagementServer(HostBoundServerContainer container, ManagementService service, String fingerprint,
            Path tokenFile) {
        this.container = container;
        this.service = service;
        this.fingerprint = fingerprint;
        this.tokenFile = tokenFile;
    }

    /**
     * Starts serving {@code status} and {@code control}; the token (and with TLS the certificate) come from or go
     * into {@code dataDirectory}.
     *
     * @throws IOException when the port cannot be bound or the token or certificate cannot be read or made
     */
    public static ManagementServer start(ManagementSettings settings, AgentStatus status, AgentControl control,
            Path dataDirectory) throws IOException {
        ManagementToken token = ManagementToken.load(dataDirectory, settings.tokenFile());
        SSLEngineConfigurator tls = null;
        String fingerprint = null;
        if (settings.tls()) {
            SelfSignedCertificate certificate = SelfSignedCertificate.loadOrCreate(dataDirectory, "uplink-agent "
                    + hostName());
            fingerprint = Fingerprints.sha256(certificate.certificate());
            tls = new SSLEngineConfigurator(certificate.serverContext(), false, false, false);
        }
        ManagementService service = new ManagementService(status, control, token, settings.tls());
        // a few workbenches at most: a small pool
        HostBoundServerContainer container = new HostBoundServerContainer(settings.host(),
                ManagementProtocol.MAX_MESSAGE_BYTES, tls, 2, 16);
        try {
            container.serveAt(settings.port(), io.uplink.management.internal.ManagementEndpoint.class,
                    service.configurator(), ManagementProtocol.PATH);
        } catch (IOException e) {
            service.close();
            throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        ManagementServer server = new ManagementServer(container, service, fingerprint, token.file());
        String url = (settings.tls() ? "wss://" : "ws://") + settings.host() + ":" + server.port() + ManagementProtocol.PATH;
        LOG.info("Management endpoint on {}; token in {}", url, token.file());
        if (fingerprint != null) {
            // not a secret: the technician compares it with what the workbench shows
            LOG.info("Management TLS certificate SHA-256 fingerprint: {}", fingerprint);
        }
        if (System.console() != null) {
            // an interactive terminal only: never into a log file or the journal
            System.out.println("Management endpoint: " + url);
            if (token.generated()) {
                System.out.println("Management token (generated now, kept owner-only in " + token.file() + "): "
                        + token.reveal());
            }
            if (fingerprint != null) {
                System.out.println("TLS certificate SHA-256 fingerprint: " + fingerprint);
            }
        }
        return server;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "device";
        }
    }

    public int port() {
        return container.getPort();
    }

    /** The TLS certificate's SHA-256 fingerprint, or null without TLS. */
    public String fingerprint() {
        return fingerprint;
    }

    public Path tokenFile() {
        return tokenFile;
    }

    /** Workbenches attached right now. */
    public int watchers() {
        return service.watchers();
    }

    @Override
    public void close() {
        service.close();
        container.stop();
        LOG.info("Management endpoint stopped");
    }
}
