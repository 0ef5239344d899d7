package io.uplink.edge.openems.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * One websocket connection to {@code Controller.Api.Websocket}, speaking its JSON-RPC: UUID ids (a numeric id
 * gets no answer at all), {@code params} always present, the Edge's methods wrapped in {@code edgeRpc}, and a
 * client-side timeout on every request because the Edge sets none.
 */
public final class EdgeWebsocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeWebsocket.class);
    /** Large Edges send 100 KB and more per currentData; Tyrus's default buffer is smaller than some. */
    private static final int MAX_FRAME_BYTES = 32 * 1024 * 1024;

    /** Called on Tyrus's threads. */
    public interface Listener {
        /** An Edge notification, unwrapped from {@code edgeRpc}: currentData, edgeConfig, channelUpdate, … */
        void onNotification(String method, JsonObject params);

        void onClosed(String why);
    }

    private final Session session;
    private final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();

    private EdgeWebsocket(Session session) {
        this.session = session;
    }

    /** @throws IOException with a message for a technician (refused, timeout, upgrade failed) */
    public static EdgeWebsocket connect(ClientManager client, URI uri, Duration timeout, Listener listener)
            throws IOException {
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) timeout.toMillis());
        client.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, MAX_FRAME_BYTES);
        EdgeWebsocket[] holder = new EdgeWebsocket[1];
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.setMaxTextMessageBufferSize(MAX_FRAME_BYTES);
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    EdgeWebsocket ws = holder[0];
                    if (ws != null) {
                        ws.onText(text, listener);
                    }
                });
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                EdgeWebsocket ws = holder[0];
                if (ws != null) {
                    ws.failPending("the connection closed");
                }
                listener.onClosed("closed by the Edge with code " + reason.getCloseCode().getCode()
                        + (reason.getReasonPhrase() == null || reason.getReasonPhrase().isBlank() ? ""
                                : " (" + reason.getReasonPhrase() + ")"));
            }

            @Override
            public void onError(Session session, Throwable error) {
                LOG.debug("websocket error: {}", error.toString());
            }
        };
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Tyrus finds its container through the context class loader; in OSGi that must be ours
        thread.setContextClassLoader(EdgeWebsocket.class.getClassLoader());
        try {
            // the Edge pushes nothing before our first request, so no message arrives before the holder is set
            Session session = client.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), uri);
            holder[0] = new EdgeWebsocket(session);
            return holder[0];
        } catch (DeploymentException | RuntimeException e) {
            throw new IOException(describe(e), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof java.net.ConnectException || text.contains("Connection refused")) {
            return "connection refused (is the Edge running, is Controller.Api.Websocket enabled on this port?)";
        }
        if (root instanceof java.net.UnknownHostException) {
            return "unknown host " + text;
        }
        return text;
    }

    public boolean isOpen() {
        return this.session.isOpen();
    }

    /** A root-level request (authenticate…); the result object. */
    public JsonObject request(String method, JsonObject params, Duration timeout)
            throws EdgeRpcException, IOException, InterruptedException {
        return await(this.send(method, params), method, timeout);
    }

    /** A request inside {@code edgeRpc}; the inner result. */
    public CompletableFuture<JsonObject> edgeRpc(String method, JsonObject params) throws IOException {
        JsonObject payload = message(UUID.randomUUID().toString(), method, params);
        JsonObject wrapper = new JsonObject();
        wrapper.addProperty("edgeId", "0");
        wrapper.add("payload", payload);
        return this.send("edgeRpc", wrapper).thenApply(EdgeWebsocket::unwrapPayload);
    }

    /** {@code componentJsonApi} of a component, inside {@code edgeRpc}. */
    public CompletableFuture<JsonObject> componentJsonApi(String componentId, String method, JsonObject params)
            throws IOException {
        JsonObject outer = new JsonObject();
        outer.addProperty("componentId", componentId);
        outer.add("payload", message(UUID.randomUUID().toString(), method, params));
        return this.edgeRpc("componentJsonApi", outer).thenApply(EdgeWebsocket::unwrapPayload);
    }

    /** Waits for a response with the client-side timeout; errors come as {@link EdgeRpcException}. */
    public static JsonObject await(CompletableFuture<JsonObject> future, String method, Duration timeout)
            throws EdgeRpcException, IOException, InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new IOException("the Edge did not answer " + method + " within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EdgeRpcException rpc) {
                throw rpc;
            }
            throw new IOException(method + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private CompletableFuture<JsonObject> send(String method, JsonObject params) throws IOException {
        String id = UUID.randomUUID().toString();
        CompletableFuture<JsonObject> future = new CompletableFuture<>();
        this.pending.put(id, future);
        future.whenComplete((r, e) -> this.pending.remove(id));
        String text = message(id, method, params).toString();
        synchronized (this.sendLock) { // Tyrus refuses interleaved writes on one session
            try {
                this.session.getBasicRemote().sendText(text);
            } catch (IOException | IllegalStateException e) {
                this.pending.remove(id);
                throw new IOException("cannot send " + method + ": " + e.getMessage(), e);
            }
        }
        return future;
    }

    private static JsonObject message(String id, String method, JsonObject params) {
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params == null ? new JsonObject() : params);
        return message;
    }

    /** {@code {payload: {result}}} → result; an error inside the payload fails like an outer one. */
    private static JsonObject unwrapPayload(JsonObject result) {
        if (result.get("payload") instanceof JsonObject payload) {
            if (payload.get("error") instanceof JsonObject error) {
                throw new java.util.concurrent.CompletionException(EdgeRpcException.of(error));
            }
            if (payload.get("result") instanceof JsonObject inner) {
                return inner;
            }
        }
        return result;
    }

    private void onText(String text, Listener listener) {
        JsonObject message;
        try {
            message = JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            LOG.debug("not a JSON object from the Edge: {}", e.getMessage());
            return;
        }
        JsonElement id = message.get("id");
        if (id != null && !id.isJsonNull()) {
            CompletableFuture<JsonObject> future = this.pending.get(id.getAsString());
            if (future == null) {
                return;
            }
            if (message.get("error") instanceof JsonObject error) {
                future.completeExceptionally(EdgeRpcException.of(error));
            } else if (message.get("result") instanceof JsonObject result) {
                future.complete(result);
            } else {
                future.complete(new JsonObject());
            }
            return;
        }
        String method = message.has("method") ? message.get("method").getAsString() : "";
        JsonObject params = message.get("params") instanceof JsonObject p ? p : new JsonObject();
        if (method.equals("edgeRpc") && params.get("payload") instanceof JsonObject payload) {
            method = payload.has("method") ? payload.get("method").getAsString() : "";
            params = payload.get("params") instanceof JsonObject p ? p : new JsonObject();
        }
        try {
            listener.onNotification(method, params);
        } catch (RuntimeException e) {
            LOG.warn("handling {} from the Edge failed: {}", method, e.toString(), e);
        }
    }

    private void failPending(String why) {
        for (CompletableFuture<JsonObject> future : this.pending.values()) {
            future.completeExceptionally(new IOException(why));
        }
    }

    @Override
    public void close() {
        this.failPending("the connection was closed");
        try {
            this.session.close();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }
}
