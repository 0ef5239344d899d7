package io.uplink.connector.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;

import io.uplink.connector.AgentStatus;
import io.uplink.connector.BackendConnector.ConfigPersistence;
import io.uplink.connector.ChannelRow;
import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.StatusSnapshot;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.Level;
import io.uplink.protocol.EdgeConfig;
import io.uplink.protocol.EdgeConfigNotification;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.JsonRpcMessage;
import io.uplink.protocol.JsonRpcNotification;
import io.uplink.protocol.JsonRpcParseException;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcResponse;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;

/**
 * The connector's logic between the channel sources and the link: the cycle (ApiWorker writes, sampling,
 * delta/full, aggregation), the connect sequence (§6.1), configuration changes (§6.5), the Backend's requests
 * (§7) and the status model every reader uses.
 */
public final class ConnectorEngine implements AgentStatus, EdgeFacade, BackendLink.Events {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorEngine.class);
    private static final int DEBUG_LOG_MAX_CHARS = 2000;

    private final Clock clock;
    private final BackendLink link;
    private final ExecutorService dataSender;
    private final ExecutorService otherSender;
    private final ExecutorService requests;
    private final ConfigPersistence persistence;
    private final ChannelSource deviceSource;
    private final ControllerChannels controllerChannels;
    private final CompositeSource allChannels;
    private final CycleSender cycleSender;
    private final Aggregator aggregator;
    private final ApiWorker apiWorker;
    private final BackendRequestHandler requestHandler;
    private final long aggregationDelayMillis;
    private final Counters counters = new Counters();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<PendingAggregate> pendingAggregates = new CopyOnWriteArrayList<>();
    private final Map<UUID, CompletableFuture<JsonRpcResponse>> pendingRequests = new ConcurrentHashMap<>();

    private volatile ConnectorConfig config;
    private volatile ChannelSnapshot latest;
    private volatile long secondSnapshotDueMillis;
    private volatile long lastCycleNanos;
    private volatile boolean systemLogSubscribed;

    public ConnectorEngine(ConnectorConfig config, ChannelSource deviceSource, Clock clock, RandomGenerator random,
            BackendLink link, ExecutorService dataSender, ExecutorService otherSender, ExecutorService requests,
            ConfigPersistence persistence) {
        this.config = config;
        this.deviceSource = deviceSource;
        this.clock = clock;
        this.link = link;
        this.dataSender = dataSender;
        this.otherSender = otherSender;
        this.requests = requests;
        this.persistence = persistence;
        this.controllerChannels = new ControllerChannels(config);
        this.allChannels = new CompositeSource(List.of(deviceSource, controllerChannels));
        this.cycleSender = new CycleSender(config);
        this.aggregator = new Aggregator(config, clock.getZone());
        this.apiWorker = new ApiWorker(clock, config.apiTimeout());
        this.requestHandler = new BackendRequestHandler(this);
        // drawn once per instance, as OpenEMS does, so many edges spread their aggregates over the window
        this.aggregationDelayMillis = config.aggregationMaxDelay() == 0 ? 0
                : random.nextLong(config.aggregationMaxDelay() * 1000L + 1);
    }

    public ConnectorConfig config() {
        return config;
    }

    public void start() {
        link.start(config, this);
    }

    public void stop() {
        link.stop();
    }

    public void shutdownExecutors() {
        for (ExecutorService executor : List.of(dataSender, otherSender, requests)) {
            executor.shutdownNow();
        }
        for (ExecutorService executor : List.of(dataSender, otherSender, requests)) {
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pendingRequests.values().forEach(f -> f.completeExceptionally(new IOException("agent stopped")));
    }

    // ---------------------------------------------------------------- cycle

    /** One cycle: re-apply the Backend's writes, sample every channel, send the delta, feed the aggregation. */
    public void runCycle() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        long nowMillis = now.toEpochMilli();
        ApiWorker.CycleResult writes = apiWorker.runCycle(allChannels, now);
        controllerChannels.setApiWorkerLog(writes.log());
        controllerChannels.setRunFailed(writes.failed());

        long cycleMillis = config.cycleTime();
        ChannelSnapshot snapshot = allChannels.read(Math.floorDiv(nowMillis, cycleMillis) * cycleMillis);
        latest = snapshot;

        Optional<Aggregator.Window> window = aggregator.record(snapshot);
        window.ifPresent(w -> pendingAggregates.add(new PendingAggregate(nowMillis + aggregationDelayMillis, w)));
        long secondDue = secondSnapshotDueMillis;
        if (secondDue != 0 && nowMillis >= secondDue) {
            secondSnapshotDueMillis = 0;
            cycleSender.requestFullSend(); // the Backend may have dropped the first one (drop window after connect)
        }
        if (link.isConnected()) {
            CycleSender.PreparedData data = cycleSender.prepare(snapshot);
            submit(dataSender, () -> sendData(data));
        } else {
            counters.unsentCycles.increment();
        }
        sendDueAggregates(nowMillis);
        lastCycleNanos = System.nanoTime() - started;
        notifyListeners();
    }

    private void sendData(CycleSender.PreparedData data) {
        if (send(data.text(), "timestampedData")) {
            cycleSender.confirmSent(data);
            counters.valuesSent.add(data.valueCount());
            if (data.full()) {
                counters.fullSnapshots.increment();
            } else {
                counters.deltaMessages.increment();
            }
        }
    }

    private void sendDueAggregates(long nowMillis) {
        for (PendingAggregate pending : pendingAggregates) {
            if (nowMillis < pending.dueMillis()) {
                continue;
            }
            pendingAggregates.remove(pending);
            if (!link.isConnected()) {
                controllerChannels.setUnableToSend(true);
                LOG.warn("Aggregated data of the window starting {} not sent: no connection",
                        Instant.ofEpochMilli(pending.window().windowStartMillis()));
                continue;
            }
            submit(otherSender, () -> {
                if (send(pending.window().text(), "aggregatedData")) {
                    counters.aggregatedMessages.increment();
                    counters.valuesSent.add(pending.window().valueCount());
                }
            });
        }
    }

    /** Sends one text; keeps UnableToSend and the counters true to what happened. */
    private boolean send(String text, String what) {
        boolean sent = link.send(text);
        if (sent) {
            counters.messagesSent.increment();
            counters.bytesSent.add(text.length());
            if (controllerChannels.unableToSend()) {
                controllerChannels.setUnableToSend(false); // cleared on the first success, unlike OpenEMS
            }
            if (config.debugMode()) {
                LOG.info("debugMode: sent {} ({} bytes): {}", what, text.length(), abbreviate(SecretMasking.mask(text)));
            }
        } else {
            counters.sendFailures.increment();
            controllerChannels.setUnableToSend(true);
            LOG.debug("Unable to send {}: connection is closed", what);
        }
        return sent;
    }

    private static void submit(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    // ---------------------------------------------------------------- link events

    @Override
    public void onConnected() {
        counters.connects.increment();
        cycleSender.requestFullSend();
        aggregator.requestFullSend();
        secondSnapshotDueMillis = clock.millis() + config.secondSnapshotDelay() * 1000L;
        submit(otherSender, () -> send(JsonRpcCodec.encode(new EdgeConfigNotification(edgeConfig()).toNotification()), "edgeConfig"));
        notifyListeners();
    }

    @Override
    public void onDisconnected(String reason) {
        controllerChannels.setUnableToSend(true);
        pendingRequests.values().forEach(f -> f.completeExceptionally(new IOException("Websocket connection closed")));
        pendingRequests.clear();
        notifyListeners();
    }

    @Override
    public void onText(String text) {
        counters.messagesReceived.increment();
        submit(requests, () -> handleIncoming(text));
    }

    private void handleIncoming(String text) {
        if (config.debugMode()) {
            LOG.info("debugMode: received {}", abbreviate(SecretMasking.mask(text)));
        }
        JsonRpcMessage message;
        try {
            message = JsonRpcCodec.parse(text);
        } catch (JsonRpcParseException e) {
            LOG.warn("The Backend sent a message that is not valid JSON-RPC ({}); ignored as OpenEMS does: {}",
                    e.getMessage(), abbreviate(SecretMasking.mask(text)));
            return;
        }
        switch (message) {
            case JsonRpcRequest request -> {
                JsonRpcResponse response = requestHandler.handle(request);
                if (response instanceof JsonRpcError) {
                    counters.requestsFailed.increment();
                } else {
                    counters.requestsHandled.increment();
                }
                submit(otherSender, () -> send(JsonRpcCodec.encode(response), "response to " + request.method()));
            }
            case JsonRpcNotification notification ->
                LOG.warn("Unhandled notification from the Backend: {}", notification.method());
            case JsonRpcResponse response -> {
                CompletableFuture<JsonRpcResponse> pending = pendingRequests.remove(response.id());
                if (pending != null) {
                    pending.complete(response);
                } else {
                    LOG.warn("The Backend answered a request the agent did not send (id {})", response.id());
                }
            }
        }
    }

    public CompletableFuture<JsonRpcResponse> sendRequest(JsonRpcRequest request) {
        CompletableFuture<JsonRpcResponse> future = new CompletableFuture<>();
        pendingRequests.put(request.id(), future);
        submit(otherSender, () -> {
            if (!send(JsonRpcCodec.encode(request), request.method())) {
                pendingRequests.remove(request.id());
                future.completeExceptionally(OpenemsError.JSONRPC_SEND_FAILED.exception());
            }
        });
        return future;
    }

    // ---------------------------------------------------------------- configuration

    public synchronized ConnectorConfig updateConfig(Map<String, String> changes) throws ConfigException, IOException {
        ConnectorConfig updated = config.withChanges(changes);
        persistence.persist(changes);
        apply(updated);
        return updated;
    }

    private void apply(ConnectorConfig updated) {
        this.config = updated;
        controllerChannels.applyConfig(updated);
        cycleSender.configure(updated);
        aggregator.configure(updated);
        apiWorker.setApiTimeout(updated.apiTimeout());
        link.reconfigure(updated);
        LOG.info("Configuration applied: {}", updated);
        // §6.5: a config change re-sends edgeConfig and makes the next data messages full
        cycleSender.requestFullSend();
        aggregator.requestFullSend();
        if (link.isConnected()) {
            submit(otherSender, () -> send(JsonRpcCodec.encode(new EdgeConfigNotification(edgeConfig()).toNotification()), "edgeConfig"));
        }
        notifyListeners();
    }

    // ---------------------------------------------------------------- EdgeFacade (Backend requests)

    @Override
    public EdgeConfig edgeConfig() {
        return EdgeConfigBuilder.build(config, allChannels.channels());
    }

    @Override
    public List<ChannelMetadata> channels() {
        return allChannels.channels();
    }

    @Override
    public Object currentValue(ChannelAddress address) {
        ChannelSnapshot snapshot = latest;
        if (snapshot == null) {
            return null;
        }
        for (int i = 0; i < snapshot.size(); i++) {
            if (snapshot.channel(i).address().equals(address)) {
                return snapshot.value(i);
            }
        }
        return null;
    }

    @Override
    public void updateComponentConfig(String componentId, Map<String, JsonElement> properties) throws OpenemsException {
        if (!componentId.equals(config.id())) {
            boolean known = allChannels.channels().stream().anyMatch(c -> c.address().componentId().equals(componentId));
            if (known) {
                throw OpenemsError.EDGE_UNABLE_TO_APPLY_CONFIG.exception(componentId,
                        "its configuration belongs to the device, Uplink only reads its channels");
            }
            throw OpenemsError.EDGE_NO_COMPONENT_WITH_ID.exception(componentId);
        }
        Map<String, String> changes = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            String text = value == null || value.isJsonNull() ? "" : value.isJsonPrimitive() ? value.getAsString() : value.toString();
            // a UI that echoes the masked edgeConfig sends "xxx" back for a secret: that means "unchanged"
            boolean secret = ConnectorConfig.attributes().stream().anyMatch(a -> a.name().equals(name) && a.password());
            if (!(secret && (text.equals(ConnectorConfig.MASKED_PASSWORD) || name.equals("apikey") && text.isEmpty()))) {
                changes.put(name, text);
            }
        });
        try {
            updateConfig(changes);
        } catch (ConfigException e) {
            throw OpenemsError.EDGE_UNABLE_TO_APPLY_CONFIG.exception(componentId, e.getMessage());
        } catch (IOException e) {
            throw OpenemsError.EDGE_UNABLE_TO_APPLY_CONFIG.exception(componentId, "cannot save it: " + e.getMessage());
        }
    }

    @Override
    public Optional<Level> stateLevel(ChannelAddress address) {
        if (!address.componentId().equals(config.id())) {
            return Optional.empty();
        }
        return switch (address.channelId()) {
            case ControllerChannels.UNABLE_TO_SEND -> Optional.of(Level.WARNING);
            case ControllerChannels.RUN_FAILED -> Optional.of(Level.FAULT);
            default -> Optional.empty();
        };
    }

    @Override
    public void setChannelValue(ChannelAddress address, JsonElement value) throws OpenemsException {
        apiWorker.setChannelValue(allChannels.channels(), address, value);
    }

    @Override
    public void subscribeSystemLog(boolean subscribe) {
        systemLogSubscribed = subscribe;
    }

    public boolean systemLogSubscribed() {
        return systemLogSubscribed;
    }

    // ---------------------------------------------------------------- AgentStatus

    @Override
    public StatusSnapshot snapshot() {
        ChannelSnapshot snapshot = latest;
        return new StatusSnapshot(config.enabled() ? link.state() : io.uplink.connector.ConnectionState.DISABLED,
                config.uri(), link.connectedSince(), link.nextAttemptAt(), link.lastError(),
                controllerChannels.unableToSend(), counters.snapshot(), snapshot == null ? 0 : snapshot.size(), lastCycleNanos,
                link.lastDiagnosis());
    }

    @Override
    public List<ChannelRow> channelTable() {
        ChannelSnapshot snapshot = latest;
        if (snapshot == null) {
            return List.of();
        }
        List<ChannelRow> rows = new ArrayList<>(snapshot.size());
        for (int i = 0; i < snapshot.size(); i++) {
            ChannelMetadata channel = snapshot.channel(i);
            rows.add(new ChannelRow(channel, snapshot.value(i), cycleSender.lastSentMillis(snapshot, i),
                    cycleSender.sentAs(snapshot, i, config.aggregationPriority())));
        }
        return rows;
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A status listener failed: {}", e.toString());
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= DEBUG_LOG_MAX_CHARS ? text
                : text.substring(0, DEBUG_LOG_MAX_CHARS) + "… (" + text.length() + " characters)";
    }

    private record PendingAggregate(long dueMillis, Aggregator.Window window) {
    }

    /** Counted from several threads (cycle, two senders, requests). */
    private static final class Counters {
        final LongAdder connects = new LongAdder();
        final LongAdder messagesSent = new LongAdder();
        final LongAdder bytesSent = new LongAdder();
        final LongAdder valuesSent = new LongAdder();
        final LongAdder fullSnapshots = new LongAdder();
        final LongAdder deltaMessages = new LongAdder();
        final LongAdder aggregatedMessages = new LongAdder();
        final LongAdder unsentCycles = new LongAdder();
        final LongAdder sendFailures = new LongAdder();
        final LongAdder requestsHandled = new LongAdder();
        final LongAdder requestsFailed = new LongAdder();
        final LongAdder messagesReceived = new LongAdder();

        StatusSnapshot.Counters snapshot() {
            return new StatusSnapshot.Counters(connects.sum(), messagesSent.sum(), bytesSent.sum(), valuesSent.sum(),
                    fullSnapshots.sum(), deltaMessages.sum(), aggregatedMessages.sum(), unsentCycles.sum(),
                    sendFailures.sum(), requestsHandled.sum(), requestsFailed.sum(), messagesReceived.sum());
        }
    }
}
