package io.uplink.management;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.agent.AgentControl;
import io.uplink.connector.AgentStatus;
import io.uplink.connector.BacklogStatus;
import io.uplink.connector.ChannelRow;
import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectionTestResult;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.Diagnosis;
import io.uplink.connector.StatusEvent;
import io.uplink.connector.StatusSnapshot;
import io.uplink.core.ChannelMetadata;
import io.uplink.management.internal.ChannelTableMirror;
import io.uplink.profile.CompiledProfile;
import io.uplink.profile.ProfileException;
import io.uplink.profile.ProfileFormat;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.JsonRpcMessage;
import io.uplink.protocol.JsonRpcNotification;
import io.uplink.protocol.JsonRpcParseException;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcResponse;
import io.uplink.protocol.JsonRpcSuccess;

/**
 * An agent on a device, seen through its management endpoint: the same {@link AgentStatus} and {@link AgentControl}
 * the in-process agent offers, so the workbench's views, preference pages and profile editor work on it unchanged.
 * Status, events and configuration arrive as notifications and are kept here, so the getters never wait for the
 * network; the channel table is refreshed when asked for (at most every {@value #TABLE_MAX_AGE_MILLIS} ms), and only the
 * rows that changed since the last refresh travel.
 * When the device goes away the last state stays readable, {@link #link()} says {@link Link#UNREACHABLE}, and the
 * agent is attached again by itself as soon as it answers (same token, same pinned certificate).
 */
public final class RemoteAgent implements AgentStatus, AgentControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteAgent.class);
    private static final long TABLE_MAX_AGE_MILLIS = 700;
    private static final int PAGE = 5_000;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    private static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(4);
    private static final int MAX_EVENTS = 1_000;

    /** Where the device is: the dialog's host, port and TLS choice. */
    public record Target(String host, int port, boolean tls) {
        public String display() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        URI uri() {
            return URI.create((tls ? "wss://" : "ws://") + display() + ManagementProtocol.PATH);
        }
    }

    public enum Link { ATTACHED, UNREACHABLE, DETACHED }

    private final Target target;
    private final String token;
    private final String fingerprint;
    private final ClientManager client;
    private final ScheduledExecutorService supervisor;
    private final List<Runnable> statusListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> linkListeners = new CopyOnWriteArrayList<>();
    private final Map<UUID, CompletableFuture<JsonRpcResponse>> pending = new ConcurrentHashMap<>();
    private final String apikeyPlaceholder = "kept-on-the-device-" + UUID.randomUUID();
    private final String proxyPasswordPlaceholder = "kept-on-the-device-" + UUID.randomUUID();
    private final Object tableLock = new Object();

    private volatile Session session;
    private volatile Link link = Link.UNREACHABLE;
    private volatile String linkProblem;
    private volatile long lastMessageNanos = System.nanoTime();
    private volatile String version = "";
    private volatile String dataDirectory = "";
    private volatile StatusSnapshot snapshot = new StatusSnapshot(ConnectionState.CONNECTING, "", null, null, null,
            false, StatusSnapshot.Counters.ZERO, 0, 0);
    private volatile BacklogStatus backlog = BacklogStatus.NOT_AVAILABLE;
    private volatile io.uplink.core.SourceHealth sourceHealth = new io.uplink.core.SourceHealth(
            io.uplink.core.SourceHealth.State.CONNECTING, "not attached yet", 0);
    private final Deque<StatusEvent> events = new ArrayDeque<>();
    private volatile ConnectorConfig config;
    private volatile Optional<CompiledProfile> profile = Optional.empty();
    private volatile List<ChannelMetadata> sourceChannels;
    private List<ChannelRow> table = List.of();
    private final ChannelTableMirror tableMirror = new ChannelTableMirror();
    /** The serial of the last channel-changes answer applied to {@link #tableMirror}. */
    private long tableSerial;
    private long tableFetchedNanos;

    private RemoteAgent(Target target, String token, String fingerprint) {
        this.target = target;
        this.token = token;
        this.fingerprint = fingerprint;
        this.client = createClient();
        this.supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "uplink-remote-agent " + target.display());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Attaches once, now: the dialog's "Attach". From then on the agent keeps itself attached.
     *
     * @param pinnedFingerprint with TLS: the certificate's SHA-256 fingerprint the technician confirmed; null when
     *        none is known yet (the attempt then fails with {@link ManagementException.Reason#UNCONFIRMED_FINGERPRINT}
     *        and the fingerprint to show)
     * @throws ManagementException saying why, for the dialog
     */
    public static RemoteAgent attach(Target target, String token, String pinnedFingerprint) throws ManagementException {
        RemoteAgent agent = new RemoteAgent(target, token, pinnedFingerprint);
        try {
            agent.connect();
        } catch (ManagementException e) {
            agent.close();
            throw e;
        }
        agent.link = Link.ATTACHED;
        agent.supervisor.scheduleWithFixedDelay(agent::supervise, 1, 1, TimeUnit.SECONDS);
        return agent;
    }

    public Target target() {
        return target;
    }

    public Link link() {
        return link;
    }

    /** Why the device is unreachable, in plain words, or null while attached. */
    public String linkProblem() {
        return linkProblem;
    }

    /** The pinned TLS fingerprint, or null without TLS. */
    public String fingerprint() {
        return fingerprint;
    }

    public String version() {
        return version;
    }

    /** Told on the agent's own thread whenever {@link #link()} changes. */
    public void addLinkListener(Runnable listener) {
        linkListeners.add(listener);
    }

    public void removeLinkListener(Runnable listener) {
        linkListeners.remove(listener);
    }

    // ---- AgentStatus

    @Override
    public StatusSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public List<ChannelRow> channelTable() {
        synchronized (tableLock) {
            if (link != Link.ATTACHED || System.nanoTime() - tableFetchedNanos < TABLE_MAX_AGE_MILLIS * 1_000_000) {
                return table;
            }
            try {
                table = fetchChanges();
                tableFetchedNanos = System.nanoTime();
            } catch (IOException e) {
                tableMirror.clear();
                LOG.debug("Channel table of {} not read: {}", target.display(), e.getMessage());
            }
            return table;
        }
    }

    /**
     * The rows that changed since the last refresh, into {@link #tableMirror}; under {@link #tableLock}. Asks for
     * everything only without a copy (first refresh, or after an error dropped it); a reset that did not finish in
     * one refresh goes on in the next.
     */
    private List<ChannelRow> fetchChanges() throws IOException {
        // bounded: rows that change every cycle must not keep the refresh going; a reset needs total / PAGE answers
        for (int answers = 0, most = 2; answers < most; answers++) {
            JsonObject params = new JsonObject();
            params.addProperty("limit", PAGE);
            if (tableMirror.hasTable()) {
                params.addProperty("after", tableSerial);
            } else {
                params.addProperty("restart", true);
            }
            JsonObject answer = call(ManagementProtocol.GET_CHANNEL_CHANGES, params, CALL_TIMEOUT);
            ManagementJson.AppliedChanges applied = ManagementJson.applyChannelChanges(answer, tableMirror);
            tableSerial = applied.serial();
            most = Math.max(most, applied.total() / PAGE + 2); // at most 202: the copy refuses over 1,000,000 rows
            if (!applied.more()) {
                break;
            }
        }
        return tableMirror.complete() ? tableMirror.table() : table;
    }

    /** Every page of a paged method ({@code offset, limit} → {@code total} and an array under {@code field}). */
    private <T> List<T> readPaged(String method, String field, PageReader<T> reader) throws IOException {
        List<T> items = new ArrayList<>();
        int total = Integer.MAX_VALUE;
        while (items.size() < total) {
            JsonObject params = new JsonObject();
            params.addProperty("offset", items.size());
            params.addProperty("limit", PAGE);
            JsonObject page = call(method, params, CALL_TIMEOUT);
            total = page.get("total").getAsInt();
            JsonArray array = page.getAsJsonArray(field);
            if (array.isEmpty()) {
                break;
            }
            items.addAll(reader.read(array));
        }
        return List.copyOf(items);
    }

    private interface PageReader<T> {
        List<T> read(JsonArray page) throws IOException;
    }

    @Override
    public List<StatusEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public BacklogStatus backlog() {
        return backlog;
    }

    @Override
    public io.uplink.core.SourceHealth sourceHealth() {
        return sourceHealth;
    }

    @Override
    public void addListener(Runnable listener) {
        statusListeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        statusListeners.remove(listener);
    }

    // ---- AgentControl

    @Override
    public ConnectorConfig config() {
        return config;
    }

    @Override
    public ConnectorConfig updateConfig(Map<String, String> changes) throws ConfigException, IOException {
        JsonObject params = new JsonObject();
        params.add("changes", changesJson(changes));
        try {
            setConfig(call(ManagementProtocol.UPDATE_CONFIG, params, CALL_TIMEOUT));
        } catch (RemoteError e) {
            throw e.asConfigException();
        }
        return config;
    }

    @Override
    public boolean connectNow() throws IOException {
        JsonElement cutShort = call(ManagementProtocol.CONNECT_NOW, new JsonObject(), CALL_TIMEOUT).get("cutShort");
        return cutShort != null && cutShort.isJsonPrimitive() && cutShort.getAsBoolean();
    }

    @Override
    public ConnectionTestResult testConnection(ConnectorConfig candidate) {
        Map<String, String> changes = new LinkedHashMap<>();
        Map<String, String> current = config.toProperties();
        candidate.toProperties().forEach((name, value) -> {
            if (!value.equals(current.get(name))) {
                changes.put(name, value);
            }
        });
        if (!candidate.apikey().equals(apikeyPlaceholder)) {
            changes.put("apikey", candidate.apikey());
        }
        if (!candidate.proxyPassword().equals(config.proxyPassword())) {
            changes.put("proxyPassword", candidate.proxyPassword());
        }
        JsonObject params = new JsonObject();
        params.add("changes", changesJson(changes));
        try {
            return ManagementJson.testResult(call(ManagementProtocol.TEST_CONNECTION, params, TEST_TIMEOUT));
        } catch (IOException e) {
            return new ConnectionTestResult(Diagnosis.UNKNOWN, "the device did not run the test: " + e.getMessage(), null);
        }
    }

    @Override
    public Optional<CompiledProfile> profile() {
        return profile;
    }

    @Override
    public void applyProfile(CompiledProfile applied) throws ConfigException, IOException {
        JsonObject params = new JsonObject();
        params.addProperty("text", ProfileFormat.format(applied.profile()));
        try {
            call(ManagementProtocol.APPLY_PROFILE, params, CALL_TIMEOUT);
        } catch (RemoteError e) {
            throw e.asConfigException();
        }
        profile = Optional.of(applied);
        refreshConfig();
    }

    @Override
    public List<ChannelMetadata> sourceChannels() {
        List<ChannelMetadata> known = sourceChannels;
        if (known != null) {
            return known;
        }
        try {
            List<ChannelMetadata> channels = readPaged(ManagementProtocol.GET_SOURCE_CHANNELS, "channels",
                    array -> array.asList().stream().map(ManagementJson::metadata).toList());
            sourceChannels = channels;
            return sourceChannels;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Source channels of {} not read: {}", target.display(), e.getMessage());
            return List.of();
        }
    }

    /** The data directory on the device (its path there). */
    @Override
    public Path dataDirectory() {
        return Path.of(dataDirectory);
    }

    // ---- link

    private void connect() throws ManagementException {
        Map<String, Object> properties = client.getProperties();
        properties.put(ClientProperties.HANDSHAKE_TIMEOUT, (int) HANDSHAKE_TIMEOUT.toMillis());
        properties.put(ClientProperties.INCOMING_BUFFER_SIZE, ManagementProtocol.MAX_MESSAGE_BYTES);
        PinningTrustManager trust = new PinningTrustManager(fingerprint);
        if (target.tls()) {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] { trust }, new SecureRandom());
                SslEngineConfigurator tls = new SslEngineConfigurator(context, true, false, false);
                tls.setHostVerificationEnabled(false); // the pinned fingerprint identifies the device, not a name
                properties.put(ClientProperties.SSL_ENGINE_CONFIGURATOR, tls);
            } catch (java.security.GeneralSecurityException e) {
                throw new ManagementException(ManagementException.Reason.PROTOCOL, "TLS: " + e.getMessage(), null, e);
            }
        } else {
            properties.remove(ClientProperties.SSL_ENGINE_CONFIGURATOR);
        }
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session opened, EndpointConfig endpointConfig) {
                opened.setMaxTextMessageBufferSize(ManagementProtocol.MAX_MESSAGE_BYTES);
                opened.addMessageHandler(String.class, (MessageHandler.Whole<String>) RemoteAgent.this::onText);
            }

            @Override
            public void onClose(Session closed, CloseReason reason) {
                lost(closed, "the device closed the connection (" + reason.getCloseCode().getCode()
                        + (reason.getReasonPhrase().isBlank() ? "" : " " + reason.getReasonPhrase()) + ")");
            }

            @Override
            public void onError(Session failed, Throwable error) {
                lost(failed, "connection error: " + error.getMessage());
            }
        };
        Session opened;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(RemoteAgent.class.getClassLoader());
        try {
            opened = client.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), target.uri());
        } catch (DeploymentException | IOException | RuntimeException e) {
            throw diagnose(e, trust);
        } finally {
            thread.setContextClassLoader(previous);
        }
        session = opened;
        try {
            JsonObject credentials = new JsonObject();
            credentials.addProperty("token", token);
            JsonObject hello = call(ManagementProtocol.AUTHENTICATE, credentials, CALL_TIMEOUT);
            version = hello.has("version") ? hello.get("version").getAsString() : "";
            dataDirectory = hello.has("dataDirectory") ? hello.get("dataDirectory").getAsString() : "";
            setConfig(call(ManagementProtocol.GET_CONFIG, new JsonObject(), CALL_TIMEOUT));
            readProfile();
            JsonObject status = call(ManagementProtocol.GET_STATUS, new JsonObject(), CALL_TIMEOUT);
            snapshot = ManagementJson.snapshot(status.get("snapshot"));
            backlog = ManagementJson.backlog(status.get("backlog"));
            sourceHealth = ManagementJson.sourceHealth(status.get("source"));
            call(ManagementProtocol.SUBSCRIBE, new JsonObject(), CALL_TIMEOUT);
        } catch (RemoteError e) {
            closeSession(opened);
            throw switch (e.code) {
                case ManagementProtocol.ERROR_WRONG_TOKEN -> new ManagementException(ManagementException.Reason.WRONG_TOKEN,
                        "Wrong token: the device at " + target.display() + " refused it. The token is in the device's"
                                + " data directory (management-token).");
                case ManagementProtocol.ERROR_RATE_LIMITED -> new ManagementException(ManagementException.Reason.RATE_LIMITED,
                        "The device refuses this laptop for now: " + e.getMessage());
                default -> new ManagementException(ManagementException.Reason.PROTOCOL, e.getMessage());
            };
        } catch (ManagementException e) {
            closeSession(opened);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeSession(opened);
            throw new ManagementException(ManagementException.Reason.PROTOCOL,
                    "The device at " + target.display() + " did not answer as an Uplink agent: " + e.getMessage(), null, e);
        }
        lastMessageNanos = System.nanoTime();
    }

    private ManagementException diagnose(Exception failure, PinningTrustManager trust) {
        String presented = trust.presented;
        if (trust.refused && presented != null) {
            if (fingerprint == null) {
                return new ManagementException(ManagementException.Reason.UNCONFIRMED_FINGERPRINT,
                        "Confirm the device's certificate: compare its SHA-256 fingerprint with the one the agent"
                                + " printed when it started:\n" + presented, presented, failure);
            }
            return new ManagementException(ManagementException.Reason.FINGERPRINT_MISMATCH,
                    "Wrong TLS fingerprint: the device at " + target.display() + " presented " + presented
                            + ", but " + fingerprint + " was confirmed for it. Another machine may answer at this"
                            + " address, or the agent's certificate was made anew.", presented, failure);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return new ManagementException(ManagementException.Reason.ENDPOINT_OFF, "Nothing answers on "
                        + target.display() + ": the agent does not run there, or runs without"
                        + " --management=HOST:" + target.port() + " (the endpoint is off by default).", null, failure);
            }
            if (cause instanceof UnknownHostException) {
                return new ManagementException(ManagementException.Reason.UNREACHABLE, "Unknown host "
                        + target.host() + ": check the device's address.", null, failure);
            }
            if (cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException
                    || cause instanceof TimeoutException) {
                return new ManagementException(ManagementException.Reason.UNREACHABLE, "The device at "
                        + target.display() + " does not answer: check the address, the cable and the firewall.", null, failure);
            }
            if (cause instanceof SSLException) {
                return new ManagementException(ManagementException.Reason.TLS_MISMATCH, "TLS with " + target.display()
                        + " failed (" + cause.getMessage() + "): does the agent run with --management-tls? Clear"
                        + " 'TLS' if it does not.", null, failure);
            }
        }
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (!target.tls() && (message.contains("Handshake") || message.contains("handshake") || message.contains("closed"))) {
            return new ManagementException(ManagementException.Reason.TLS_MISMATCH, "The device at " + target.display()
                    + " did not accept a plain WebSocket (" + message + "): if the agent runs with --management-tls,"
                    + " tick 'TLS'.", null, failure);
        }
        return new ManagementException(ManagementException.Reason.UNREACHABLE, "Cannot attach to " + target.display()
                + ": " + message, null, failure);
    }

    private void supervise() {
        try {
            if (link == Link.DETACHED) {
                return;
            }
            if (link == Link.ATTACHED) {
                if (System.nanoTime() - lastMessageNanos > SILENCE_NANOS) {
                    try {
                        call(ManagementProtocol.PING, new JsonObject(), Duration.ofSeconds(3));
                    } catch (IOException e) {
                        Session dead = session;
                        lost(dead, "no answer from the device for " + TimeUnit.NANOSECONDS.toSeconds(SILENCE_NANOS) + " s");
                        closeSession(dead);
                    }
                }
                return;
            }
            try {
                connect();
                sourceChannels = null;
                synchronized (tableLock) {
                    tableFetchedNanos = 0;
                    tableMirror.clear();
                }
                setLink(Link.ATTACHED, null);
                LOG.info("Re-attached to {}", target.display());
            } catch (ManagementException e) {
                linkProblem = e.getMessage();
            }
        } catch (RuntimeException e) {
            LOG.warn("Remote agent supervision: {}", e.toString());
        }
    }

    private void lost(Session which, String why) {
        if (which != null && which != session) {
            return; // an older connection
        }
        session = null;
        pending.values().forEach(call -> call.completeExceptionally(new IOException("device unreachable: " + why)));
        pending.clear();
        if (link == Link.ATTACHED) {
            LOG.info("Device {} unreachable: {}", target.display(), why);
            setLink(Link.UNREACHABLE, why);
        }
    }

    private void setLink(Link next, String problem) {
        link = next;
        linkProblem = problem;
        for (Runnable listener : linkListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("Link listener failed: {}", e.toString());
            }
        }
        statusListeners.forEach(Runnable::run);
    }

    private void onText(String text) {
        lastMessageNanos = System.nanoTime();
        JsonRpcMessage message;
        try {
            message = JsonRpcCodec.parse(text);
        } catch (JsonRpcParseException e) {
            LOG.debug("Unreadable message from {}: {}", target.display(), e.getMessage());
            return;
        }
        switch (message) {
            case JsonRpcResponse response -> {
                CompletableFuture<JsonRpcResponse> call = pending.remove(response.id());
                if (call != null) {
                    call.complete(response);
                }
            }
            case JsonRpcNotification notification -> onNotification(notification);
            case JsonRpcRequest request -> {
                // the device never asks anything
            }
        }
    }

    private void onNotification(JsonRpcNotification notification) {
        JsonObject params = notification.params();
        switch (notification.method()) {
            case ManagementProtocol.STATUS_NOTIFICATION -> {
                snapshot = ManagementJson.snapshot(params.get("snapshot"));
                backlog = ManagementJson.backlog(params.get("backlog"));
                sourceHealth = ManagementJson.sourceHealth(params.get("source"));
                statusListeners.forEach(Runnable::run);
            }
            case ManagementProtocol.EVENTS_NOTIFICATION -> {
                List<StatusEvent> fresh = ManagementJson.events(params.get("events"));
                synchronized (events) {
                    if (params.has("reset") && params.get("reset").getAsBoolean()) {
                        events.clear();
                    }
                    events.addAll(fresh);
                    while (events.size() > MAX_EVENTS) {
                        events.removeFirst();
                    }
                }
            }
            case ManagementProtocol.CONFIG_NOTIFICATION -> {
                setConfig(params);
                if (params.has("profileChanged") && params.get("profileChanged").getAsBoolean()) {
                    supervisor.execute(this::readProfileQuietly);
                }
            }
            default -> LOG.debug("Unknown notification {} from {}", notification.method(), target.display());
        }
    }

    private void readProfileQuietly() {
        try {
            readProfile();
        } catch (IOException e) {
            LOG.debug("Profile of {} not read: {}", target.display(), e.getMessage());
        }
    }

    private void readProfile() throws IOException {
        JsonObject answer = call(ManagementProtocol.GET_PROFILE, new JsonObject(), CALL_TIMEOUT);
        if (!answer.has("text")) {
            profile = Optional.empty();
            return;
        }
        try {
            profile = Optional.of(ProfileFormat.parse(answer.get("text").getAsString()).profile().compile());
        } catch (ProfileException e) {
            throw new IOException("the device's profile: " + e.getMessage(), e);
        }
    }

    private void refreshConfig() {
        try {
            setConfig(call(ManagementProtocol.GET_CONFIG, new JsonObject(), CALL_TIMEOUT));
        } catch (IOException e) {
            LOG.debug("Configuration of {} not read: {}", target.display(), e.getMessage());
        }
    }

    /** The device's configuration with stand-ins for its secrets, which never leave it. */
    private void setConfig(JsonObject json) {
        Map<String, String> properties = new LinkedHashMap<>();
        json.getAsJsonObject("properties").entrySet().forEach(e -> properties.put(e.getKey(), e.getValue().getAsString()));
        properties.put("apikey", apikeyPlaceholder);
        if (json.has("proxyPasswordSet") && json.get("proxyPasswordSet").getAsBoolean()) {
            properties.put("proxyPassword", proxyPasswordPlaceholder);
        }
        try {
            config = ConnectorConfig.fromProperties(properties);
        } catch (ConfigException e) {
            LOG.warn("The configuration of {} cannot be read here: {}", target.display(), e.getMessage());
        }
    }

    private static JsonObject changesJson(Map<String, String> changes) {
        JsonObject json = new JsonObject();
        changes.forEach(json::addProperty);
        return json;
    }

    private JsonObject call(String method, JsonObject params, Duration timeout) throws IOException {
        Session current = session;
        if (current == null || !current.isOpen()) {
            throw new IOException("device " + target.display() + " unreachable"
                    + (linkProblem == null ? "" : ": " + linkProblem));
        }
        JsonRpcRequest request = JsonRpcRequest.create(method, params);
        CompletableFuture<JsonRpcResponse> answer = new CompletableFuture<>();
        pending.put(request.id(), answer);
        try {
            synchronized (current) {
                current.getBasicRemote().sendText(JsonRpcCodec.encode(request));
            }
            JsonRpcResponse response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response instanceof JsonRpcError error) {
                throw new RemoteError(error);
            }
            return ((JsonRpcSuccess) response).result();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the device did not answer " + method + " within " + timeout.toSeconds() + " s");
        } catch (IllegalStateException e) {
            throw new IOException("device " + target.display() + " unreachable: " + e.getMessage(), e);
        } finally {
            pending.remove(request.id());
        }
    }

    private static void closeSession(Session session) {
        try {
            if (session != null && session.isOpen()) {
                session.close();
            }
        } catch (IOException | RuntimeException e) {
            // gone anyway
        }
    }

    private static ClientManager createClient() {
        // Tyrus finds its container by class name through the context class loader; in OSGi that must be ours
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(RemoteAgent.class.getClassLoader());
        try {
            return ClientManager.createClient(GrizzlyClientContainer.class.getName());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Detaches: no more re-attaching. */
    @Override
    public void close() {
        link = Link.DETACHED;
        supervisor.shutdownNow();
        Session current = session;
        session = null;
        closeSession(current);
        try {
            client.shutdown();
        } catch (RuntimeException e) {
            // nothing to release
        }
        linkListeners.forEach(Runnable::run);
    }

    /** An error response of the device. */
    private static final class RemoteError extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;
        final JsonArray data;

        RemoteError(JsonRpcError error) {
            super(error.message());
            this.code = error.code();
            this.data = error.data();
        }

        ConfigException asConfigException() {
            if (code == ManagementProtocol.ERROR_CONFIG && data.size() == 2) {
                return new ConfigException(data.get(0).getAsString(), data.get(1).getAsString());
            }
            return new ConfigException(code == ManagementProtocol.ERROR_PROFILE ? "profile" : "device", getMessage());
        }
    }

    /** Accepts exactly the pinned certificate; remembers what was presented, for the dialog. */
    private static final class PinningTrustManager implements X509TrustManager {
        private final String pinned;
        volatile String presented;
        volatile boolean refused;

        PinningTrustManager(String pinned) {
            this.pinned = pinned;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                refused = true;
                throw new CertificateException("no certificate");
            }
            presented = Fingerprints.sha256(chain[0]);
            if (!Fingerprints.same(pinned, presented)) {
                refused = true;
                throw new CertificateException("certificate fingerprint " + presented + " is not the confirmed one");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
