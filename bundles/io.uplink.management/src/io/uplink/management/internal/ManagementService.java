package io.uplink.management.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.agent.AgentControl;
import io.uplink.agent.AgentVersion;
import io.uplink.connector.AgentStatus;
import io.uplink.connector.ChannelRow;
import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.StatusEvent;
import io.uplink.core.ChannelMetadata;
import io.uplink.management.ManagementJson;
import io.uplink.management.ManagementProtocol;
import io.uplink.profile.CompiledProfile;
import io.uplink.profile.ProfileException;
import io.uplink.profile.ProfileFormat;
import io.uplink.profile.ProfileProblem;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.JsonRpcMessage;
import io.uplink.protocol.JsonRpcNotification;
import io.uplink.protocol.JsonRpcParseException;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcSuccess;

/**
 * What the endpoint does: checks the token, answers the methods of {@link ManagementProtocol} from the agent's
 * {@link AgentStatus} and {@link AgentControl}, and pushes status, events and configuration changes to every
 * subscribed watcher. Changes (configuration, profile) are serialised by one lock, so two workbenches never
 * interleave; every watcher is told of the result, whoever made it. Request params are never logged: they may hold
 * the token or a secret.
 */
public final class ManagementService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementService.class);
    static final int AUTHENTICATION_DEADLINE_SECONDS = 10;
    private static final int MAX_PAGE = 5_000;

    private final AgentStatus status;
    private final AgentControl control;
    private final ManagementToken token;
    private final boolean tls;
    private final FailedAttempts failedAttempts = new FailedAttempts();
    private final ReentrantLock changes = new ReentrantLock();
    private final Set<ManagementConnection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("uplink-management-", 0).factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "uplink-management-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final Runnable statusListener = this::statusChanged;
    private volatile ConnectorConfig lastConfig;
    private volatile Optional<CompiledProfile> lastProfile;

    public ManagementService(AgentStatus status, AgentControl control, ManagementToken token, boolean tls) {
        this.status = status;
        this.control = control;
        this.token = token;
        this.tls = tls;
        this.lastConfig = control.config();
        this.lastProfile = control.profile();
        status.addListener(statusListener);
    }

    ManagementConnection open(Session session, String remote) {
        ManagementConnection connection = new ManagementConnection(session, remote);
        connection.handler(this::onText);
        connections.add(connection);
        timer.schedule(() -> {
            if (!connection.authenticated) {
                connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, "no authentication in time");
            }
        }, AUTHENTICATION_DEADLINE_SECONDS, TimeUnit.SECONDS);
        LOG.debug("Management connection from {}", remote);
        return connection;
    }

    void closed(ManagementConnection connection) {
        if (connections.remove(connection) && connection.authenticated) {
            LOG.info("Workbench at {} detached", connection.remote());
        }
        connection.shutdown();
    }

    /** Tyrus's endpoint configurator handing out this service's endpoints. */
    public jakarta.websocket.server.ServerEndpointConfig.Configurator configurator() {
        return new ManagementEndpoint.Instances(this);
    }

    /** Watchers currently attached (authenticated). */
    public int watchers() {
        return (int) connections.stream().filter(c -> c.authenticated).count();
    }

    private void onText(ManagementConnection connection, String text) {
        JsonRpcMessage message;
        try {
            message = JsonRpcCodec.parse(text);
        } catch (JsonRpcParseException e) {
            connection.close(CloseReason.CloseCodes.PROTOCOL_ERROR, "not JSON-RPC");
            return;
        }
        if (!(message instanceof JsonRpcRequest request)) {
            return; // the workbench sends only requests
        }
        if (!connection.authenticated) {
            authenticate(connection, request);
            return;
        }
        workers.execute(() -> connection.send(answer(connection, request)));
    }

    private void authenticate(ManagementConnection connection, JsonRpcRequest request) {
        if (!request.method().equals(ManagementProtocol.AUTHENTICATE)) {
            connection.send(error(request, ManagementProtocol.ERROR_NOT_AUTHENTICATED,
                    "authenticate first: every connection must present the management token"));
            connection.closeAfterSending(CloseReason.CloseCodes.VIOLATED_POLICY, "not authenticated");
            return;
        }
        long blocked = failedAttempts.blockedSeconds(connection.remote());
        if (blocked > 0) {
            connection.send(error(request, ManagementProtocol.ERROR_RATE_LIMITED, "too many wrong tokens from "
                    + connection.remote() + "; try again in " + blocked + " s"));
            connection.closeAfterSending(CloseReason.CloseCodes.TRY_AGAIN_LATER, "rate limited");
            return;
        }
        JsonElement presented = request.params().get("token");
        boolean ok = presented != null && presented.isJsonPrimitive() && token.matches(presented.getAsString());
        if (!ok) {
            failedAttempts.failed(connection.remote());
            // the address only: neither the presented nor the expected token is ever logged
            LOG.warn("Management connection from {} refused: wrong token", connection.remote());
            connection.send(error(request, ManagementProtocol.ERROR_WRONG_TOKEN,
                    "wrong management token: the device refused it"));
            connection.closeAfterSending(CloseReason.CloseCodes.VIOLATED_POLICY, "wrong token");
            return;
        }
        failedAttempts.succeeded(connection.remote());
        connection.authenticated = true;
        LOG.info("Workbench at {} attached ({} watching)", connection.remote(), watchers());
        JsonObject result = new JsonObject();
        result.addProperty("version", AgentVersion.get());
        result.addProperty("dataDirectory", control.dataDirectory().toAbsolutePath().toString());
        result.addProperty("tls", tls);
        connection.send(new JsonRpcSuccess(request.id(), result));
    }

    private JsonRpcMessage answer(ManagementConnection connection, JsonRpcRequest request) {
        JsonObject params = request.params();
        try {
            JsonObject result = new JsonObject();
            switch (request.method()) {
                case ManagementProtocol.AUTHENTICATE, ManagementProtocol.PING -> {
                }
                case ManagementProtocol.GET_STATUS -> {
                    result.add("snapshot", ManagementJson.snapshot(status.snapshot()));
                    result.add("backlog", ManagementJson.backlog(status.backlog()));
                    result.add("source", ManagementJson.sourceHealth(control.sourceHealth()));
                }
                case ManagementProtocol.GET_EVENTS -> result.add("events", ManagementJson.events(status.events()));
                case ManagementProtocol.GET_CHANNELS -> {
                    List<ChannelRow> rows = status.channelTable();
                    int[] page = page(params, rows.size());
                    JsonArray array = new JsonArray(page[1] - page[0]);
                    for (ChannelRow row : rows.subList(page[0], page[1])) {
                        array.add(ManagementJson.row(row));
                    }
                    result.addProperty("total", rows.size());
                    result.add("rows", array);
                }
                case ManagementProtocol.GET_CHANNEL_CHANGES -> {
                    int limit = intParam(params, "limit", MAX_PAGE);
                    if (limit <= 0) {
                        throw new IllegalArgumentException("limit must be positive, not " + limit);
                    }
                    boolean restart = booleanParam(params, "restart");
                    long after = params.has("after") ? longParam(params, "after") : ChannelTableChanges.UNKNOWN;
                    ChannelTableChanges.Changes changes;
                    synchronized (connection.channelTable) {
                        // the table read inside: answers go out in the order of the tables they describe
                        changes = connection.channelTable.next(status.channelTable(), Math.min(limit, MAX_PAGE), restart, after);
                    }
                    result = ManagementJson.channelChanges(changes);
                }
                case ManagementProtocol.GET_SOURCE_CHANNELS -> {
                    List<ChannelMetadata> channels = control.sourceChannels();
                    int[] page = page(params, channels.size());
                    JsonArray array = new JsonArray(page[1] - page[0]);
                    for (ChannelMetadata channel : channels.subList(page[0], page[1])) {
                        array.add(ManagementJson.metadata(channel));
                    }
                    result.addProperty("total", channels.size());
                    result.add("channels", array);
                }
                case ManagementProtocol.GET_CONFIG -> result = ManagementJson.config(control.config());
                case ManagementProtocol.UPDATE_CONFIG -> {
                    Map<String, String> changed = changes(params);
                    changes.lock();
                    try {
                        control.updateConfig(changed);
                    } finally {
                        changes.unlock();
                    }
                    // the names only: the values may be secrets
                    LOG.info("Workbench at {} changed {}", connection.remote(), changed.keySet());
                    result = ManagementJson.config(control.config());
                    statusChanged();
                }
                case ManagementProtocol.CONNECT_NOW -> {
                    boolean cutShort;
                    changes.lock();
                    try {
                        cutShort = control.connectNow();
                    } finally {
                        changes.unlock();
                    }
                    LOG.info("Workbench at {} asked to connect now: {}", connection.remote(),
                            cutShort ? "the wait was cut short, attempting" : "no wait to cut short (" + status.snapshot().state() + ")");
                    result.addProperty("cutShort", cutShort);
                }
                case ManagementProtocol.TEST_CONNECTION -> {
                    ConnectorConfig candidate = control.config().withChanges(changes(params));
                    result = ManagementJson.testResult(control.testConnection(candidate)).getAsJsonObject();
                }
                case ManagementProtocol.GET_PROFILE -> {
                    Optional<CompiledProfile> profile = control.profile();
                    if (profile.isPresent()) {
                        result.addProperty("text", ProfileFormat.format(profile.get().profile()));
                    }
                }
                case ManagementProtocol.APPLY_PROFILE -> {
                    CompiledProfile profile = profile(params);
                    changes.lock();
                    try {
                        control.applyProfile(profile);
                    } finally {
                        changes.unlock();
                    }
                    LOG.info("Workbench at {} applied profile '{}'", connection.remote(), profile.profile().name());
                    statusChanged();
                }
                case ManagementProtocol.SUBSCRIBE -> {
                    connection.submit(() -> {
                        List<StatusEvent> events = status.events();
                        connection.lastEventSent = events.isEmpty() ? null : events.getLast();
                        JsonObject all = new JsonObject();
                        all.add("events", ManagementJson.events(events));
                        all.addProperty("reset", true);
                        connection.sendNow(JsonRpcCodec.encode(new JsonRpcNotification(ManagementProtocol.EVENTS_NOTIFICATION, all)));
                    });
                    connection.subscribed = true;
                    connection.pushStatus(() -> pushStatus(connection));
                }
                default -> {
                    return error(request, ManagementProtocol.ERROR_UNKNOWN_METHOD, "unknown method " + request.method());
                }
            }
            return new JsonRpcSuccess(request.id(), result);
        } catch (ConfigException e) {
            JsonArray data = new JsonArray();
            data.add(e.attribute());
            data.add(e.getMessage().substring(Math.min(e.getMessage().length(), e.attribute().length() + 2)));
            return new JsonRpcError(request.id(), ManagementProtocol.ERROR_CONFIG, e.getMessage(), data);
        } catch (ProfileException e) {
            return error(request, ManagementProtocol.ERROR_PROFILE, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(request, ManagementProtocol.ERROR_BAD_PARAMS, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Management request {} failed: {}", request.method(), e.toString());
            return error(request, ManagementProtocol.ERROR_INTERNAL, request.method() + " failed on the device: " + e.getMessage());
        }
    }

    private static int[] page(JsonObject params, int size) {
        int offset = intParam(params, "offset", 0);
        int limit = intParam(params, "limit", MAX_PAGE);
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative");
        }
        int from = Math.min(offset, size);
        return new int[] { from, Math.min(size, from + Math.min(limit, MAX_PAGE)) };
    }

    private static int intParam(JsonObject params, String name, int absent) {
        JsonElement value = params.get(name);
        if (value == null || value.isJsonNull()) {
            return absent;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            double number = value.getAsDouble();
            if (number == Math.rint(number) && Math.abs(number) <= Integer.MAX_VALUE) {
                return (int) number;
            }
        }
        throw new IllegalArgumentException(name + " must be a whole number, not " + value);
    }

    private static long longParam(JsonObject params, String name) {
        JsonElement value = params.get(name);
        if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            double number = value.getAsDouble();
            if (number == Math.rint(number) && number >= 0 && number < 0x1p53) {
                return (long) number;
            }
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least 0, not " + value);
    }

    private static boolean booleanParam(JsonObject params, String name) {
        JsonElement value = params.get(name);
        if (value == null || value.isJsonNull()) {
            return false;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return value.getAsBoolean();
        }
        throw new IllegalArgumentException(name + " must be true or false, not " + value);
    }

    private static Map<String, String> changes(JsonObject params) {
        JsonElement changes = params.get("changes");
        if (changes == null || !changes.isJsonObject()) {
            throw new IllegalArgumentException("changes must be an object of attribute names to text values");
        }
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : changes.getAsJsonObject().entrySet()) {
            map.put(entry.getKey(), entry.getValue().isJsonNull() ? null : entry.getValue().getAsString());
        }
        return map;
    }

    private static CompiledProfile profile(JsonObject params) throws ProfileException {
        JsonElement text = params.get("text");
        if (text == null || !text.isJsonPrimitive()) {
            throw new IllegalArgumentException("text must be the profile file's text");
        }
        ProfileFormat.Parsed parsed = ProfileFormat.parse(text.getAsString());
        List<ProfileProblem> problems = parsed.problems();
        if (!problems.isEmpty()) {
            throw new ProfileException("profile", problems);
        }
        return parsed.profile().compile();
    }

    private static JsonRpcError error(JsonRpcRequest request, int code, String message) {
        return new JsonRpcError(request.id(), code, message, null);
    }

    /** On the agent's threads: only queues work for the watchers' senders. */
    private void statusChanged() {
        ConnectorConfig config = control.config();
        Optional<CompiledProfile> profile = control.profile();
        boolean configChanged = !config.equals(lastConfig);
        boolean profileChanged = !profile.equals(lastProfile);
        lastConfig = config;
        lastProfile = profile;
        for (ManagementConnection connection : connections) {
            if (!connection.subscribed) {
                continue;
            }
            if (configChanged || profileChanged) {
                JsonObject params = ManagementJson.config(config);
                params.addProperty("profileChanged", profileChanged);
                connection.send(new JsonRpcNotification(ManagementProtocol.CONFIG_NOTIFICATION, params));
            }
            connection.pushStatus(() -> pushStatus(connection));
        }
    }

    /** Sender thread of the connection. */
    private void pushStatus(ManagementConnection connection) {
        JsonObject params = new JsonObject();
        params.add("snapshot", ManagementJson.snapshot(status.snapshot()));
        params.add("backlog", ManagementJson.backlog(status.backlog()));
        params.add("source", ManagementJson.sourceHealth(control.sourceHealth()));
        connection.sendNow(JsonRpcCodec.encode(new JsonRpcNotification(ManagementProtocol.STATUS_NOTIFICATION, params)));
        List<StatusEvent> events = status.events();
        List<StatusEvent> fresh = since(events, connection.lastEventSent);
        if (!fresh.isEmpty()) {
            connection.lastEventSent = fresh.getLast();
            JsonObject eventParams = new JsonObject();
            eventParams.add("events", ManagementJson.events(fresh));
            connection.sendNow(JsonRpcCodec.encode(new JsonRpcNotification(ManagementProtocol.EVENTS_NOTIFICATION, eventParams)));
        }
    }

    /** The events after {@code last} (all of them when it has dropped out of the log). */
    static List<StatusEvent> since(List<StatusEvent> events, StatusEvent last) {
        if (last == null) {
            return events;
        }
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).equals(last)) {
                return events.subList(i + 1, events.size());
            }
        }
        return events;
    }

    @Override
    public void close() {
        status.removeListener(statusListener);
        for (ManagementConnection connection : connections) {
            connection.close(CloseReason.CloseCodes.GOING_AWAY, "agent stopping");
            connection.shutdown();
        }
        connections.clear();
        workers.shutdownNow();
        timer.shutdownNow();
    }
}
