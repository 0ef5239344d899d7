package io.uplink.backend.local.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** A real WebSocket client playing the Edge: Tyrus on Grizzly over loopback. */
public final class TestEdge implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ClientManager CLIENT = createClient();

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private Session session;

    private TestEdge() {
    }

    static TestEdge connect(int port, String apikey) throws IOException {
        return connect(port, "/", "apikey", apikey);
    }

    /** @param apikey the header value; null sends no apikey header */
    static TestEdge connect(int port, String pathAndQuery, String headerName, String apikey) throws IOException {
        return connect("127.0.0.1", port, pathAndQuery, headerName, apikey);
    }

    static TestEdge connect(String host, int port, String pathAndQuery, String headerName, String apikey)
            throws IOException {
        TestEdge edge = new TestEdge();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        if (apikey != null) {
                            headers.put(headerName, List.of(apikey));
                        }
                    }
                }).build();
        try {
            edge.session = CLIENT.connectToServer(edge.new ClientEndpoint(), config,
                    URI.create("ws://" + host + ":" + port + pathAndQuery));
        } catch (DeploymentException e) {
            throw new IOException(e);
        }
        return edge;
    }

    void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    void sendNotification(String method, String paramsJson) throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
    }

    /** Sends a request with a fresh id and returns the id. */
    UUID sendRequest(String method, String paramsJson) throws IOException {
        UUID id = UUID.randomUUID();
        send("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
        return id;
    }

    /** An unknown-method request and its 4001 answer: proves every earlier frame was handled. */
    JsonObject barrier() throws IOException, InterruptedException {
        UUID id = sendRequest("xAgentBarrier", "{}");
        JsonObject reply = nextJson();
        assertEquals(id.toString(), reply.get("id").getAsString(), "barrier answer id");
        assertEquals(4001, reply.getAsJsonObject("error").get("code").getAsInt(), reply.toString());
        return reply;
    }

    void ping(String payload) throws IOException {
        session.getBasicRemote().sendPing(ByteBuffer.wrap(payload.getBytes()));
    }

    ByteBuffer pollPong(Duration timeout) throws InterruptedException {
        return pongs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String nextText() throws InterruptedException {
        return nextText(WAIT);
    }

    String nextText(Duration timeout) throws InterruptedException {
        String text = texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(text, "nothing received from the backend within " + timeout);
        return text;
    }

    JsonObject nextJson() throws InterruptedException {
        return JsonParser.parseString(nextText()).getAsJsonObject();
    }

    void assertNothingReceived(Duration during) throws InterruptedException {
        assertNull(texts.poll(during.toMillis(), TimeUnit.MILLISECONDS), "the backend sent something");
    }

    CloseReason awaitClose() throws InterruptedException {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return fail("connection not closed within " + WAIT + ", open=" + session.isOpen());
        }
    }

    boolean isOpen() {
        return session.isOpen() && !closed.isDone();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }

    private static ClientManager createClient() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Tyrus loads the container class by name through the context class loader (matters in OSGi)
        thread.setContextClassLoader(TestEdge.class.getClassLoader());
        try {
            return ClientManager.createClient(GrizzlyClientContainer.class.getName());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Public because Tyrus calls endpoint methods reflectively. */
    public final class ClientEndpoint extends Endpoint {
        @Override
        public void onOpen(Session openedSession, EndpointConfig config) {
            openedSession.setMaxTextMessageBufferSize(64 * 1024 * 1024);
            openedSession.addMessageHandler(String.class, texts::add);
            openedSession.addMessageHandler(PongMessage.class, pong -> pongs.add(pong.getApplicationData()));
        }

        @Override
        public void onClose(Session closedSession, CloseReason closeReason) {
            closed.complete(closeReason);
        }
    }
}
