package io.uplink.testkit.openems;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusServerEndpointConfigurator;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The fake's {@code Controller.Api.Websocket}: Tyrus on Grizzly, on 127.0.0.1, one state per connection. Public only
 * because Tyrus calls the endpoint by reflection; use it through {@link FakeOpenEmsEdge}.
 */
public final class FakeEdgeWebsocketServer {

    private final FakeOpenEmsEdge edge;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private Container container;
    private int port;

    FakeEdgeWebsocketServer(FakeOpenEmsEdge edge) {
        this.edge = edge;
    }

    synchronized void start() throws IOException {
        if (this.container != null) {
            return;
        }
        Container started = new Container();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Tyrus and Grizzly look some services up through the context class loader; in OSGi that must be ours
        thread.setContextClassLoader(FakeEdgeWebsocketServer.class.getClassLoader());
        try {
            started.addEndpoint(ServerEndpointConfig.Builder.create(Connection.class, "/")
                    .configurator(new TyrusServerEndpointConfigurator() {
                        @Override
                        public <T> T getEndpointInstance(Class<T> endpointClass) {
                            return endpointClass.cast(new Connection(FakeEdgeWebsocketServer.this));
                        }
                    }).build());
            started.start("/", this.port);
        } catch (DeploymentException e) {
            started.stop();
            throw new IOException(e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        this.port = started.getPort();
        this.container = started;
    }

    synchronized void stop() {
        for (Connection c : this.connections) {
            c.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "OpenEMS stops"));
        }
        this.connections.clear();
        if (this.container != null) {
            this.container.stop();
            this.container = null;
        }
    }

    int port() {
        return this.port;
    }

    int openSessions() {
        return this.connections.size();
    }

    /** edgeConfig to every open connection; channelUpdate to those that asked for it. */
    void configChanged(JsonObject edgeConfig) {
        for (Connection c : this.connections) {
            c.notify("edgeConfig", edgeConfig);
            if (c.channelUpdates) {
                c.notify("channelUpdate", new JsonObject());
            }
        }
    }

    /** One cycle: every connection with a subscription gets all its addresses, changed or not. */
    void sendCurrentData() {
        for (Connection c : this.connections) {
            Set<String> subscribed = c.subscription;
            if (subscribed.isEmpty()) {
                continue;
            }
            JsonObject data = new JsonObject();
            for (String address : subscribed) {
                data.add(address, this.edge.currentValue(address));
            }
            c.notify("currentData", data);
        }
    }

    /** One client connection and its session state (authentication, subscription, its count). */
    public static final class Connection extends Endpoint {
        private final FakeEdgeWebsocketServer server;
        private Session session;
        private boolean authenticated;
        private volatile Set<String> subscription = Set.of();
        private int subscriptionCount;
        private volatile boolean channelUpdates;

        Connection(FakeEdgeWebsocketServer server) {
            this.server = server;
        }

        @Override
        public void onOpen(Session s, EndpointConfig config) {
            this.session = s;
            s.setMaxTextMessageBufferSize(16 * 1024 * 1024);
            this.server.connections.add(this);
            this.server.edge.websocketConnections.incrementAndGet();
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
        }

        @Override
        public void onClose(Session s, CloseReason reason) {
            this.server.connections.remove(this);
        }

        @Override
        public void onError(Session s, Throwable error) {
            this.server.connections.remove(this);
        }

        private synchronized void onText(String text) {
            JsonObject request;
            try {
                request = JsonParser.parseString(text).getAsJsonObject();
            } catch (RuntimeException e) {
                return; // the Edge logs and answers nothing
            }
            if (!(request.get("params") instanceof JsonObject params) || !request.has("method")) {
                return; // without params it is not a request
            }
            String id = request.has("id") && request.get("id").isJsonPrimitive() ? request.get("id").getAsString() : null;
            if (id == null || !isUuid(id)) {
                return; // a numeric id fails parsing; nothing is sent back
            }
            String method = request.get("method").getAsString();
            switch (method) {
                case "authenticateWithPassword" -> {
                    String password = params.has("password") ? params.get("password").getAsString() : "";
                    if (this.server.edge.passwordMatches(password)) {
                        this.loggedIn(id);
                    } else {
                        this.server.edge.failedAuthentications.incrementAndGet();
                        this.error(id, 1003, "Authentication failed");
                    }
                }
                case "authenticateWithToken" -> {
                    String token = params.has("token") ? params.get("token").getAsString() : "";
                    if (this.server.edge.tokens.contains(token)) {
                        this.authenticated = true;
                        this.result(id, authenticateResult(token));
                    } else {
                        this.error(id, 1003, "Authentication failed");
                    }
                }
                case "logout" -> {
                    this.authenticated = false;
                    this.subscription = Set.of();
                    this.result(id, new JsonObject());
                }
                case "edgeRpc" -> this.edgeRpc(id, params);
                default -> this.error(id, 1, "Endpoint with method \"" + method + "\" is not defined!");
            }
        }

        private void loggedIn(String id) {
            String token = UUID.randomUUID().toString();
            this.server.edge.tokens.add(token);
            this.authenticated = true;
            this.result(id, authenticateResult(token));
        }

        private static JsonObject authenticateResult(String token) {
            JsonObject user = new JsonObject();
            user.addProperty("id", "guest");
            user.addProperty("name", "Guest");
            user.addProperty("hasMultipleEdges", false);
            user.add("settings", new JsonObject());
            user.addProperty("globalRole", "guest");
            JsonObject result = new JsonObject();
            result.addProperty("token", token);
            result.add("user", user);
            result.add("edges", new JsonArray());
            return result;
        }

        private void edgeRpc(String id, JsonObject params) {
            if (!(params.get("payload") instanceof JsonObject payload) || !(payload.get("params") instanceof JsonObject inner)
                    || !payload.has("method")) {
                this.error(id, 1, "edgeRpc without a payload request");
                return;
            }
            String innerId = payload.has("id") ? payload.get("id").getAsString() : UUID.randomUUID().toString();
            String method = payload.get("method").getAsString();
            FakeOpenEmsEdge edge = this.server.edge;
            switch (method) {
                case "subscribeChannels" -> {
                    int count = inner.has("count") ? inner.get("count").getAsInt() : 0;
                    if (count > this.subscriptionCount) { // a smaller or equal count is silently ignored
                        this.subscriptionCount = count;
                        Set<String> addresses = ConcurrentHashMap.newKeySet();
                        if (inner.get("channels") instanceof JsonArray channels) {
                            channels.forEach(c -> addresses.add(c.getAsString()));
                        }
                        this.subscription = addresses;
                    }
                    this.wrapped(id, innerId, new JsonObject());
                }
                case "subscribeChannelUpdate" -> {
                    this.channelUpdates = inner.has("subscribe") && inner.get("subscribe").getAsBoolean();
                    this.wrapped(id, innerId, new JsonObject());
                }
                case "getEdgeConfig" -> {
                    if (!this.authenticated) {
                        this.error(id, 1, "Cannot invoke \"io.openems.common.session.Role.isAtLeast()\" because the return"
                                + " value of \"getGlobalRole()\" is null");
                        return;
                    }
                    this.wrapped(id, innerId, edge.edgeConfig());
                }
                case "componentJsonApi" -> this.componentJsonApi(id, innerId, inner);
                default -> this.error(id, 1, "Endpoint with method \"" + method + "\" is not defined!");
            }
        }

        private void componentJsonApi(String id, String innerId, JsonObject inner) {
            String componentId = inner.has("componentId") ? inner.get("componentId").getAsString() : "";
            if (!(inner.get("payload") instanceof JsonObject call) || !(call.get("params") instanceof JsonObject params)
                    || !call.has("method")) {
                this.error(id, 1, "componentJsonApi without a payload request");
                return;
            }
            String method = call.get("method").getAsString();
            if (!componentId.equals("_componentManager") || !method.equals("getChannelsOfComponent")
                    || !this.server.edge.metadataEndpointDefined()) {
                this.error(id, 1, "Endpoint with method \"" + method + "\" is not defined!");
                return;
            }
            String target = params.has("componentId") ? params.get("componentId").getAsString() : "";
            boolean requireEnabled = params.has("requireEnabled") && params.get("requireEnabled").getAsBoolean();
            JsonArray records = this.server.edge.channelRecords(target, requireEnabled);
            if (records == null) {
                this.error(id, 2000, "Unable to find Component with ID [" + target + "]");
                return;
            }
            JsonObject result = new JsonObject();
            result.add("channels", records);
            this.wrapped(id, innerId, result);
        }

        /** The edgeRpc response shape: {@code result.payload} is the inner JSON-RPC response. */
        private void wrapped(String id, String innerId, JsonObject innerResult) {
            JsonObject payload = new JsonObject();
            payload.addProperty("jsonrpc", "2.0");
            payload.addProperty("id", innerId);
            payload.add("result", innerResult);
            JsonObject result = new JsonObject();
            result.add("payload", payload);
            this.result(id, result);
        }

        private void result(String id, JsonElement result) {
            JsonObject response = new JsonObject();
            response.addProperty("jsonrpc", "2.0");
            response.addProperty("id", id);
            response.add("result", result);
            this.send(response);
        }

        private void error(String id, int code, String message) {
            JsonObject error = new JsonObject();
            error.addProperty("code", code);
            error.addProperty("message", message);
            error.add("data", new JsonArray());
            JsonObject response = new JsonObject();
            response.addProperty("jsonrpc", "2.0");
            response.addProperty("id", id);
            response.add("error", error);
            this.send(response);
        }

        void notify(String method, JsonObject params) {
            JsonObject inner = new JsonObject();
            inner.addProperty("jsonrpc", "2.0");
            inner.addProperty("method", method);
            inner.add("params", params);
            JsonObject wrapper = new JsonObject();
            wrapper.addProperty("edgeId", "0");
            wrapper.add("payload", inner);
            JsonObject notification = new JsonObject();
            notification.addProperty("jsonrpc", "2.0");
            notification.addProperty("method", "edgeRpc");
            notification.add("params", wrapper);
            this.send(notification);
        }

        private void send(JsonObject message) {
            Session s = this.session;
            if (s == null || !s.isOpen()) {
                return;
            }
            synchronized (s) { // one frame at a time per session
                try {
                    s.getBasicRemote().sendText(message.toString());
                } catch (IOException | IllegalStateException e) {
                    // the client went away; onClose cleans up
                }
            }
        }

        void close(CloseReason reason) {
            try {
                if (this.session != null && this.session.isOpen()) {
                    this.session.close(reason);
                }
            } catch (IOException | IllegalStateException e) {
                // already gone
            }
        }

        private static boolean isUuid(String id) {
            try {
                UUID.fromString(id);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** Tyrus on Grizzly on 127.0.0.1, built directly (no container lookup through the context class loader). */
    private static final class Container extends TyrusServerContainer {
        private final WebSocketEngine engine;
        private HttpServer server;
        private NetworkListener listener;

        Container() {
            super((Set<Class<?>>) null);
            this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(16 * 1024 * 1024).build();
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            this.engine.register(endpointClass, "/");
        }

        @Override
        public void register(ServerEndpointConfig config) throws DeploymentException {
            this.engine.register(config, "/");
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return this.engine;
        }

        @Override
        public void start(String rootPath, int port) throws IOException, DeploymentException {
            this.server = new HttpServer();
            this.listener = new NetworkListener("fake-openems-websocket", "127.0.0.1", port);
            this.listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
            this.listener.registerAddOn(new WebSocketAddOn(this, rootPath));
            this.server.addListener(this.listener);
            this.server.start();
            super.start(rootPath, port);
        }

        @Override
        public int getPort() {
            return this.listener == null ? -1 : this.listener.getPort();
        }

        @Override
        public void stop() {
            super.stop();
            if (this.server != null) {
                this.server.shutdownNow();
            }
        }

        @Override
        public Map<String, Object> getProperties() {
            return Map.of();
        }
    }
}
