package io.uplink.backend.local;

import java.util.List;
import java.util.Map;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.tyrus.core.TyrusServerEndpointConfigurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one Edge WebSocket connection, one instance per connection. Public only because
 * Tyrus calls the endpoint methods reflectively; not meant for use outside this bundle.
 */
public final class EdgeEndpoint extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeEndpoint.class);
    private static final String APIKEY_PROPERTY = "io.uplink.backend.local.apikey";
    private static final String PATH_PROPERTY = "io.uplink.backend.local.requestPath";

    private final LocalBackend backend;
    private volatile EdgeConnection connection;

    private EdgeEndpoint(LocalBackend backend) {
        this.backend = backend;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        String apikey = (String) session.getUserProperties().get(APIKEY_PROPERTY);
        String path = (String) session.getUserProperties().get(PATH_PROPERTY);
        EdgeConnection opened = backend.open(session, apikey, path);
        if (opened == null) {
            return; // refused; the backend has closed it
        }
        connection = opened;
        session.setMaxTextMessageBufferSize(LocalBackend.MAX_MESSAGE_BYTES);
        session.setMaxIdleTimeout(0); // only the peer's pings and TCP decide liveness, as in OpenEMS
        session.addMessageHandler(String.class, text -> backend.onText(opened, text));
        session.addMessageHandler(PongMessage.class, pong -> opened.pongReceived());
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        EdgeConnection closed = connection;
        if (closed != null) {
            backend.closed(closed, closeReason);
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.debug("WebSocket error on {}: {}", connection, error.toString());
    }

    /**
     * Reads the apikey header and the request path during the upgrade; hands out endpoint instances.
     * Extends Tyrus's configurator: the plain jakarta one finds its defaults through ServiceLoader and
     * the context class loader, which fails on Grizzly threads in OSGi. Tyrus has no extensions
     * installed, so permessage-deflate is declined, like the real Backend does.
     */
    static final class Handshake extends TyrusServerEndpointConfigurator {

        private final LocalBackend backend;

        Handshake(LocalBackend backend) {
            this.backend = backend;
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request,
                HandshakeResponse response) {
            // Tyrus gives every handshake its own copy of these properties, and the session inherits them
            config.getUserProperties().put(APIKEY_PROPERTY, apikey(request.getHeaders()));
            String path = request.getRequestURI().getRawPath();
            String query = request.getQueryString();
            config.getUserProperties().put(PATH_PROPERTY, (path == null || path.isEmpty() ? "/" : path)
                    + (query == null || query.isEmpty() ? "" : "?" + query));
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new EdgeEndpoint(backend));
        }

        /** Like the Backend: case-insensitive header name, trimmed value; null when absent. */
        static String apikey(Map<String, List<String>> headers) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey() != null && header.getKey().equalsIgnoreCase("apikey")
                        && !header.getValue().isEmpty()) {
                    return header.getValue().getFirst().trim();
                }
            }
            return null;
        }
    }
}
