package io.uplink.backend.local;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;

import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.uplink.backend.local.PendingRequests.Pending;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcResponse;
import io.uplink.websocket.server.HostBoundServerContainer;

/**
 * A local, strict, OpenEMS-compatible Backend for Edges (the Edge-facing side of Backend.Edge.App, §0-§3
 * of the protocol reference). It authenticates Edges by their {@code apikey} header, checks every message
 * they send, keeps what a Backend would keep and records everything for tests. Thread-safe.
 */
public final class LocalBackend implements AutoCloseable {

    public static final int DEFAULT_MESSAGE_CAP = 100_000;
    /** OpenEMS has no frame limit (a 30 MB frame was seen accepted); larger frames are closed with 1009. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    /** Like the Backend's Java-WebSocket server: a ping every 60 s, closed after 90 s without a pong. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(60);
    /** Any request path of up to this many segments is accepted, with any query. */
    static final int MAX_PATH_SEGMENTS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);

    private final String host;
    private final Map<String, String> apikeyToEdgeId;
    private final Map<String, EdgeState> edges;
    private final PendingRequests pendingRequests = new PendingRequests();
    private final List<Consumer<ReceivedMessage>> listeners = new CopyOnWriteArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, String> setupPasswords = new ConcurrentHashMap<>();
    private final EdgeMessageValidator validator = new EdgeMessageValidator(DEFAULT_MAX_FUTURE_SKEW.toMillis());
    private final InboundMessageHandler inbound = new InboundMessageHandler(this, validator);
    private final SummaryLine summary = new SummaryLine();
    private final PingScheduler pings = new PingScheduler(this::openConnections);
    private final HostBoundServerContainer container;
    private volatile int problemCap = DEFAULT_MESSAGE_CAP;
    private volatile boolean closed;

    private LocalBackend(String host, Map<String, String> apikeyToEdgeId, SSLEngineConfigurator tls) {
        this.host = host;
        this.apikeyToEdgeId = Map.copyOf(apikeyToEdgeId);
        Map<String, EdgeState> states = new LinkedHashMap<>();
        apikeyToEdgeId.values().stream().sorted().distinct()
                .forEach(edgeId -> states.put(edgeId, new EdgeState(edgeId, DEFAULT_MESSAGE_CAP)));
        this.edges = Collections.unmodifiableMap(states);
        // a silent (parked) edge connection holds a worker thread until it is released: let them grow
        this.container = new HostBoundServerContainer(host, MAX_MESSAGE_BYTES, tls, 4, 64);
    }

    /**
     * Starts listening on {@code ws://host:port/} (and any other path).
     *
     * @param port 0 picks a free port, see {@link #port()}
     * @param apikeyToEdgeId the Edges that may connect; several keys may map to one Edge
     */
    public static LocalBackend start(String host, int port, Map<String, String> apikeyToEdgeId) throws IOException {
        return start(host, port, apikeyToEdgeId, null, false);
    }

    /**
     * Starts listening on {@code wss://host:port/} with this server certificate (in {@code tls}'s key manager), like
     * the reverse proxy that terminates TLS in front of a real Backend; {@code tls} null means plain {@code ws}.
     *
     * @param requireClientCertificate refuse clients without a certificate trusted by {@code tls}'s trust manager
     */
    public static LocalBackend start(String host, int port, Map<String, String> apikeyToEdgeId, SSLContext tls,
            boolean requireClientCertificate) throws IOException {
        if (apikeyToEdgeId.isEmpty()) {
            throw new IllegalArgumentException("at least one apikey -> edgeId mapping is needed");
        }
        apikeyToEdgeId.forEach((apikey, edgeId) -> {
            if (apikey.isBlank() || !apikey.equals(apikey.trim()) || edgeId.isBlank()) {
                throw new IllegalArgumentException("blank or untrimmed apikey/edgeId: '" + apikey + "' -> '"
                        + edgeId + "' (the Backend trims the header, so such a key never matches)");
            }
        });
        LocalBackend backend = new LocalBackend(host, apikeyToEdgeId,
                tls == null ? null : new SSLEngineConfigurator(tls, false, requireClientCertificate, false));
        try {
            backend.container.serve(port, EdgeEndpoint.class, new EdgeEndpoint.Handshake(backend), MAX_PATH_SEGMENTS);
        } catch (IOException e) {
            backend.pings.close();
            throw new IOException("cannot start the WebSocket server on " + host + ":" + port + ": " + e.getMessage(),
                    e);
        }
        backend.pings.setInterval(DEFAULT_PING_INTERVAL);
        LOG.info("Local OpenEMS Backend listening on {}://{}:{}/ for edges {}", tls == null ? "ws" : "wss", host,
                backend.port(),
                backend.edges.keySet());
        return backend;
    }

    public String host() {
        return host;
    }

    public int port() {
        return container.getPort();
    }

    /** The configured Edge ids, sorted. */
    public Set<String> edgeIds() {
        return edges.keySet();
    }

    /** State of a configured Edge; {@link IllegalArgumentException} for an unknown id. */
    public EdgeState edge(String edgeId) {
        EdgeState edge = edges.get(edgeId);
        if (edge == null) {
            throw new IllegalArgumentException("unknown edge '" + edgeId + "'; configured: " + edges.keySet());
        }
        return edge;
    }

    /** Problems of all Edges and refused connections (edgeId null), oldest first. */
    public List<Problem> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    public List<Problem> problems(String edgeId) {
        return problems().stream().filter(problem -> edgeId.equals(problem.edgeId())).toList();
    }

    /** How many received messages are kept per Edge (older ones are dropped and counted) and problems in all. */
    public void setMessageCap(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("message cap must be positive: " + cap);
        }
        problemCap = cap;
        edges.values().forEach(edge -> edge.setMessageCap(cap));
    }

    /** {@code checkSetupPassword} succeeds for this password; without one it always fails with 1003. */
    public void setSetupPassword(String edgeId, String password) {
        edge(edgeId);
        setupPasswords.put(edgeId, password);
    }

    /** Timestamps further ahead of this clock are problems; {@code null} turns the check off. */
    public void setMaxFutureSkew(Duration skew) {
        validator.setMaxFutureSkewMs(skew == null ? -1 : skew.toMillis());
    }

    /** How often connections are pinged; after 1.5 intervals without a pong they are closed. Null: never. */
    public void setPingInterval(Duration interval) {
        pings.setInterval(interval);
    }

    /**
     * A silent Edge connection is not read any more: messages stay unprocessed and unanswered, and since
     * Tyrus answers pings on the same reading thread, pings queued behind a message stay unanswered too,
     * as with a dead peer. Once silence ends, the waiting frames are processed in order.
     */
    public void setSilent(String edgeId, boolean silent) {
        edge(edgeId).setSilent(silent);
    }

    /** Closes all connections of the Edge with 1001 (going away); the Edge may reconnect. */
    public void disconnect(String edgeId) {
        for (EdgeConnection connection : edge(edgeId).connections()) {
            connection.close(new CloseReason(CloseCodes.GOING_AWAY, "Backend disconnected the edge"));
        }
    }

    public void addListener(Consumer<ReceivedMessage> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ReceivedMessage> listener) {
        listeners.remove(listener);
    }

    /**
     * Waits for a message of the Edge that matches, also among those already received (use
     * {@link ReceivedMessage#receivedAtMillis()} in the predicate for "after"). A test helper: on timeout
     * it throws an {@link AssertionError} that describes what was received instead.
     */
    public ReceivedMessage awaitMessage(String edgeId, Predicate<ReceivedMessage> predicate, Duration timeout) {
        EdgeState edge = edge(edgeId);
        try {
            ReceivedMessage message = edge.awaitMessage(predicate, timeout);
            if (message != null) {
                return message;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message from " + edgeId, e);
        }
        throw new AssertionError("no matching message from " + edgeId + " within " + timeout + "; received instead: "
                + edge.describeRecent(15) + describeProblems(edgeId));
    }

    /** Waits until the Edge has an open connection; {@link AssertionError} on timeout. */
    public void awaitConnected(String edgeId, Duration timeout) {
        awaitConnectCount(edgeId, 1, timeout);
    }

    /** Waits until the Edge has connected at least {@code count} times and is connected now. */
    public void awaitConnectCount(String edgeId, long count, Duration timeout) {
        EdgeState edge = edge(edgeId);
        try {
            if (edge.awaitConnectCount(count, timeout)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError(edgeId + " did not reach " + count + " connect(s) within " + timeout + ": "
                + edge.describeRecent(5) + describeRefusals());
    }

    public void awaitDisconnected(String edgeId, Duration timeout) {
        EdgeState edge = edge(edgeId);
        try {
            if (edge.awaitDisconnected(timeout)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError(edgeId + " still connected after " + timeout + ": " + edge.connections());
    }

    /**
     * Sends {@code inner} wrapped exactly like the Backend does (§7.1). The future completes with the
     * Edge's response to the envelope, success or error, or fails with an OpenemsException
     * BACKEND_EDGE_NOT_CONNECTED when the Edge is not connected or the connection closes first.
     *
     * @param role admin, installer, owner or guest; passed on unchecked, so tests can send others too
     */
    public CompletableFuture<JsonRpcResponse> sendAuthenticatedRpc(String edgeId, String userId, String role,
            JsonRpcRequest inner) {
        JsonObject user = new JsonObject();
        user.addProperty("id", userId);
        user.addProperty("name", userId);
        user.addProperty("language", "EN");
        user.addProperty("role", role);
        JsonObject params = new JsonObject();
        params.add("user", user);
        params.add("payload", JsonRpcCodec.toJson(inner));
        return send(edgeId, JsonRpcRequest.create("authenticatedRpc", params), inner.id());
    }

    /** Sends a request unwrapped; the future behaves as for {@link #sendAuthenticatedRpc}. */
    public CompletableFuture<JsonRpcResponse> sendRequest(String edgeId, JsonRpcRequest request) {
        return send(edgeId, request, null);
    }

    /** Sends any text, e.g. a malformed frame; completes when written. */
    public CompletableFuture<Void> sendRaw(String edgeId, String text) {
        Optional<EdgeConnection> connection = edge(edgeId).latestConnection();
        return connection.isPresent() ? connection.get().send(text)
                : CompletableFuture.failedFuture(OpenemsErrors.notConnected(edgeId));
    }

    /** One line for the console, meant to be printed once a second; rates are since the previous call. */
    public String summaryLine() {
        int problemCount;
        synchronized (problems) {
            problemCount = problems.size();
        }
        return summary.format(port(), edges.values(), problemCount);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pings.close();
        openConnections().forEach(EdgeConnection::release);
        pendingRequests.failAll();
        container.stop();
        LOG.info("Local OpenEMS Backend on port {} stopped", port());
    }

    EdgeConnection open(Session session, String apikey, String requestPath) {
        String edgeId = apikey == null ? null : apikeyToEdgeId.get(apikey);
        if (edgeId == null || closed) {
            String why = closed ? "backend is closing"
                    : apikey == null ? "no apikey header" : "unknown apikey " + mask(apikey);
            addProblem(null, "connection refused (" + why + ") on " + requestPath, null);
            // Backend.Edge.App drops TCP here without a close frame (the Edge sees 1006); Tyrus can only
            // close properly, so the Edge sees 1008 with this reason instead.
            try {
                session.close(new CloseReason(CloseCodes.VIOLATED_POLICY,
                        "Authentication failed. Error: COMMON_AUTHENTICATION_FAILED"));
            } catch (IOException e) {
                LOG.debug("closing a refused connection failed: {}", e.toString());
            }
            return null;
        }
        EdgeConnection connection = new EdgeConnection(edgeId, session, requestPath);
        edge(edgeId).connected(connection);
        LOG.info("{} connected on {} (connect #{})", edgeId, requestPath, edge(edgeId).connectCount());
        return connection;
    }

    void onText(EdgeConnection connection, String text) {
        try {
            if (!connection.awaitNotSilent() || closed) {
                return;
            }
            inbound.handle(connection, text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("handling a message of {} failed", connection.edgeId(), e);
        }
    }

    void closed(EdgeConnection connection, CloseReason reason) {
        connection.release();
        edge(connection.edgeId()).disconnected(connection);
        pendingRequests.failAllOf(connection);
        LOG.info("{} disconnected from {}: {} {}", connection.edgeId(), connection.requestPath(),
                reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    void record(ReceivedMessage message, int valueCount) {
        edge(message.edgeId()).record(message, valueCount);
        for (Consumer<ReceivedMessage> listener : listeners) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                LOG.warn("message listener failed", e);
            }
        }
    }

    void addProblem(String edgeId, String reason, String raw) {
        Problem problem = Problem.of(edgeId, reason, raw);
        synchronized (problems) {
            problems.add(problem);
            while (problems.size() > problemCap) {
                problems.removeFirst();
            }
        }
        LOG.warn("{}: {}{}", edgeId == null ? "(no edge)" : edgeId, reason,
                problem.raw() == null ? "" : " | " + problem.raw());
    }

    PendingRequests pendingRequests() {
        return pendingRequests;
    }

    String setupPassword(String edgeId) {
        return setupPasswords.get(edgeId);
    }

    private CompletableFuture<JsonRpcResponse> send(String edgeId, JsonRpcRequest request, UUID innerId) {
        Optional<EdgeConnection> connection = edge(edgeId).latestConnection();
        if (connection.isEmpty()) {
            return CompletableFuture.failedFuture(OpenemsErrors.notConnected(edgeId));
        }
        CompletableFuture<JsonRpcResponse> response = new CompletableFuture<>();
        pendingRequests.add(new Pending(connection.get(), request, innerId, response));
        connection.get().send(JsonRpcCodec.encode(request)).whenComplete((sent, error) -> {
            if (error != null && pendingRequests.remove(request.id()) != null) {
                response.completeExceptionally(error);
            }
        });
        return response;
    }

    private List<EdgeConnection> openConnections() {
        return edges.values().stream().flatMap(edge -> edge.connections().stream()).toList();
    }

    private String describeProblems(String edgeId) {
        List<Problem> edgeProblems = problems(edgeId);
        if (edgeProblems.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\nproblems (" + edgeProblems.size() + "):");
        edgeProblems.subList(Math.max(0, edgeProblems.size() - 5), edgeProblems.size())
                .forEach(problem -> text.append("\n  ").append(problem.reason()));
        return text.toString();
    }

    private String describeRefusals() {
        List<String> refusals = problems().stream().filter(problem -> problem.edgeId() == null)
                .map(Problem::reason).distinct().toList();
        return refusals.isEmpty() ? "" : "\nrefused connections: " + refusals;
    }

    private static String mask(String apikey) {
        return "'" + apikey.substring(0, Math.min(3, apikey.length())) + "…' (" + apikey.length() + " chars)";
    }
}
