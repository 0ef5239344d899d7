package io.uplink.connector.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

/**
 * One WebSocket connection to the Backend on the Tyrus client: the {@code apikey} header on the upgrade,
 * text frames in both directions, pings with pong tracking so a dead link is noticed.
 */
final class BackendSession implements AutoCloseable {

    interface Listener {
        void onText(String text);

        /** The connection ended; {@code reason} is for the technician (code and text). */
        void onClosed(String reason);
    }

    private static final Duration RELAY_CLOSE_GRACE = Duration.ofSeconds(2);

    private final Session session;
    /** The loopback relay this connection runs over (SOCKS5, HTTPS proxy), or null; ends with the connection. */
    private final Closeable relay;
    private final AtomicLong lastPongNanos = new AtomicLong(System.nanoTime());
    private final Object sendLock = new Object();
    /** Set when a send timed out: the socket may still look open while its close is under way. */
    private volatile boolean dead;

    private BackendSession(Session session, Closeable relay) {
        this.session = session;
        this.relay = relay;
    }

    /**
     * Opens the connection and returns once the upgrade succeeded (HTTP 101). The proxy's relay, if any, is
     * closed when this fails and otherwise when the connection ends.
     *
     * @throws IOException with a message a technician can act on
     */
    static BackendSession open(ClientManager client, URI uri, String apikey, ProxySettings proxy, TlsSetup tls,
            Duration handshakeTimeout, int maxIncomingFrameBytes, Listener listener) throws IOException {
        Map<String, Object> properties = client.getProperties();
        properties.put(ClientProperties.HANDSHAKE_TIMEOUT, (int) handshakeTimeout.toMillis());
        properties.put(ClientProperties.INCOMING_BUFFER_SIZE, maxIncomingFrameBytes);
        if (tls != null) {
            properties.put(ClientProperties.SSL_ENGINE_CONFIGURATOR, tls.engineConfigurator());
        } else {
            // never Tyrus's default: it would build its own context from system properties
            properties.remove(ClientProperties.SSL_ENGINE_CONFIGURATOR);
        }
        if (proxy != null) {
            properties.put(ClientProperties.PROXY_URI, proxy.uri());
        } else {
            properties.remove(ClientProperties.PROXY_URI);
        }
        if (proxy != null && proxy.authorization() != null) {
            properties.put(ClientProperties.PROXY_HEADERS, Map.of("Proxy-Authorization", proxy.authorization()));
        } else {
            properties.remove(ClientProperties.PROXY_HEADERS);
        }
        ClientEndpointConfig endpointConfig = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.put("apikey", List.of(apikey));
                    }
                }).build();
        BackendSession[] holder = new BackendSession[1];
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) listener::onText);
                session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> {
                    BackendSession opened = holder[0];
                    if (opened != null) {
                        opened.lastPongNanos.set(System.nanoTime());
                    }
                });
            }

            @Override
            public void onClose(Session session, CloseReason closeReason) {
                closeRelay(proxy);
                listener.onClosed("closed with code " + closeReason.getCloseCode().getCode()
                        + (closeReason.getReasonPhrase().isBlank() ? "" : " (" + closeReason.getReasonPhrase() + ")"));
            }

            @Override
            public void onError(Session session, Throwable error) {
                closeRelay(proxy);
                listener.onClosed("connection error: " + error.getMessage());
            }
        };
        // Tyrus finds its container by class name through the thread context class loader; in OSGi that
        // must be a loader that sees the Grizzly client container.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(BackendSession.class.getClassLoader());
        try {
            Session session = client.connectToServer(endpoint, endpointConfig, uri);
            holder[0] = new BackendSession(session, proxy == null ? null : proxy.relay());
            return holder[0];
        } catch (DeploymentException | RuntimeException e) {
            closeRelay(proxy);
            throw ConnectFailures.diagnose(uri, proxy == null ? null : proxy.display(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Sends one text frame; waits at most {@code timeout} for the socket to take it, so a peer that stopped reading
     * cannot block the agent's threads (a blocking write would wait for the TCP retransmission timeout, minutes).
     *
     * @return false if the text was not taken in time (the session is then closed as dead) or the link is closed
     */
    boolean send(String text, Duration timeout) {
        synchronized (sendLock) { // one frame at a time: Tyrus refuses interleaved writes on a session
            if (!isOpen()) {
                return false;
            }
            try {
                session.getAsyncRemote().sendText(text).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                dead = true;
                Thread.ofVirtual().name("uplink-close").start(this::close); // its close frame may block too
                return false;
            } catch (ExecutionException | IllegalStateException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Pings without waiting for a pending send: a ping must get through even while a large frame is stuck. */
    void ping() {
        try {
            if (session.isOpen()) {
                session.getAsyncRemote().sendPing(ByteBuffer.wrap(new byte[] { 'u' }));
            }
        } catch (IOException | IllegalStateException e) {
            // a dead link shows up as a missing pong
        }
    }

    Duration sinceLastPong() {
        return Duration.ofNanos(System.nanoTime() - lastPongNanos.get());
    }

    /** True once a send did not complete in time: the link is treated as dead. */
    boolean sendTimedOut() {
        return dead;
    }

    boolean isOpen() {
        return !dead && session.isOpen();
    }

    @Override
    public void close() {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "Closing connection [Uplink]"));
            }
        } catch (IOException | IllegalStateException e) {
            // already gone
        } finally {
            if (relay != null) {
                // normally the relay ends with Tyrus's socket; the grace lets the close frame pass first, and the
                // relay still goes when Tyrus keeps a dead connection open
                CompletableFuture.delayedExecutor(RELAY_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> closeRelay(relay));
            }
        }
    }

    private static void closeRelay(ProxySettings proxy) {
        if (proxy != null && proxy.relay() != null) {
            closeRelay(proxy.relay());
        }
    }

    private static void closeRelay(Closeable relay) {
        try {
            relay.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /**
     * An HTTP CONNECT proxy as Tyrus takes it: the configured HTTP proxy, or a {@link LoopbackRelay}.
     *
     * @param authorization the {@code Proxy-Authorization} value, or null; a secret: never log it
     * @param display the configured proxy as host:port, for messages
     * @param relay the relay behind {@code uri}, or null for a proxy Tyrus talks to directly
     */
    record ProxySettings(String uri, String authorization, String display, Closeable relay) {

        @Override
        public String toString() {
            return display; // the record's default would print the credentials
        }
    }
}
