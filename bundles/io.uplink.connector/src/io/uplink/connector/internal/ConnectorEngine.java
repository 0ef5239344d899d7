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
import io.uplink.connector.StatusEvent;
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
import io.uplink.protocol.SystemLogNotification;

/**
 * The connector's logic between the channel sources and the link: the cycle (ApiWorker writes, sampling,
 * delta/full, aggregation), the connect sequence (§6.1), configuration changes (§6.5), the Backend's requests
 * (§7) and the status model every reader uses.
 */
public final class ConnectorEngine implements AgentStatus, EdgeFacade, BackendLink.Events {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorEngine.class);
    private static final int DEBUG_LOG_MAX_CHARS = 2000;
    /** Unknown to every Backend, so it is answered 4001 without side effects (backlog-replay.md §5). */
    public static final String BARRIER_METHOD = "xAgentBarrier";
    private static final ThreadLocal<Boolean> FORWARDING = ThreadLocal.withInitial(() -> Boolean.FALSE);

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
    private final StatusEventLog events;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<PendingAggregate> pendingAggregates = new CopyOnWriteArrayList<>();
    private final Map<UUID, CompletableFuture<JsonRpcResponse>> pendingRequests = new ConcurrentHashMap<>();
    /** Null when the agent runs without a backlog (then nothing is kept for replay, as in OpenEMS). */
    private final Outbox outbox;
    private final Replayer replayer;
    private final java.util.concurrent.atomic.AtomicLong epochs = new java.util.concurrent.atomic.AtomicLong();
    /** The current connection's number, -1 while disconnected: confirmations count only on the same connection. */
    private volatile long epoch = -1;
    private volatile long lastFullSentMillis = Long.MIN_VALUE;
    private volatile Aggregator.Window newestWindow;

    private volatile ConnectorConfig config;
    private volatile ChannelSnapshot latest;
    private volatile long secondSnapshotDueMillis;
    private volatile long lastCycleNanos;
    private volatile boolean systemLogSubscribed;
    /** True once edgeConfig went out on the current connection: no data may precede it (§6.1). */
    private volatile boolean ready;
    /** A connection change requested by a Backend request waits until the request's answer is sent. */
    private final java.util.concurrent.atomic.AtomicReference<ConnectorConfig> linkChangeAfterAnswer = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile java.util.function.LongConsumer cycleTimeListener = millis -> {
    };
    /** Tells a lost connection from a failed attempt: both arrive as onDisconnected. */
    private volatile boolean linkOpen;

    public ConnectorEngine(ConnectorConfig config, ChannelSource deviceSource, Clock clock, RandomGenerator random,
            BackendLink link, ExecutorService dataSender, ExecutorService otherSender, ExecutorService requests,
            ConfigPersistence persistence) {
        this(config, deviceSource, clock, random, link, dataSender, otherSender, requests, persistence, null, null, null);
    }

    /**
     * @param backlog where undelivered data is kept, or null for none
     * @param backlogThread the outbox's thread (with a backlog)
     * @param replayThread the replay's thread (with a backlog)
     */
    public ConnectorEngine(ConnectorConfig config, ChannelSource deviceSource, Clock clock, RandomGenerator random,
            BackendLink link, ExecutorService dataSender, ExecutorService otherSender, ExecutorService requests,
            ConfigPersistence persistence, io.uplink.store.Backlog backlog, ExecutorService backlogThread,
            ExecutorService replayThread) {
        this.config = config;
        this.deviceSource = deviceSource;
        this.clock = clock;
        this.link = link;
        this.dataSender = dataSender;
        this.otherSender = otherSender;
        this.requests = requests;
        this.persistence = persistence;
        this.events = new StatusEventLog(clock, StatusEventLog.DEFAULT_CAPACITY);
        this.controllerChannels = new ControllerChannels(config);
        this.allChannels = new CompositeSource(List.of(deviceSource, controllerChannels));
        this.cycleSender = new CycleSender(config);
        this.aggregator = new Aggregator(config, clock.getZone());
        this.apiWorker = new ApiWorker(clock, config.apiTimeout());
        this.requestHandler = new BackendRequestHandler(this);
        // drawn once per instance, as OpenEMS does, so many edges spread their aggregates over the window
        this.aggregationDelayMillis = config.aggregationMaxDelay() == 0 ? 0
                : random.nextLong(config.aggregationMaxDelay() * 1000L + 1);
        if (backlog == null) {
            this.outbox = null;
            this.replayer = null;
        } else {
            this.outbox = new Outbox(backlog, clock, backlogThread, this::barrier, this::config);
            this.replayer = new Replayer(backlog, outbox, clock, new java.util.SplittableRandom(random.nextLong()),
                    replayThread, new ReplayHooks(), this::config);
        }
    }

    public ConnectorConfig config() {
        return config;
    }

    public void start() {
        link.start(config, this);
    }

    public void stop() {
        link.stop();
        if (outbox != null) {
            for (PendingAggregate pending : pendingAggregates) { // windows waiting for their random delay
                outbox.recordWindow(pending.window()).notSent();
            }
            pendingAggregates.clear();
            outbox.flush(); // what is still in memory goes to disk before the store closes
        }
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
        ChannelSnapshot snapshot = withSumState(allChannels.read(Math.floorDiv(nowMillis, cycleMillis) * cycleMillis));
        latest = snapshot;

        Optional<Aggregator.Window> window = aggregator.record(snapshot);
        window.ifPresent(w -> {
            newestWindow = w;
            pendingAggregates.add(new PendingAggregate(nowMillis + aggregationDelayMillis, w));
        });
        long secondDue = secondSnapshotDueMillis;
        if (secondDue != 0 && nowMillis >= secondDue) {
            secondSnapshotDueMillis = 0;
            cycleSender.requestFullSend(); // the Backend may have dropped the first one (drop window after connect)
        }
        Outbox.Pending kept = outbox == null ? null : outbox.recordCycle(snapshot, snapshot.timestampMillis());
        if (ready && link.isConnected()) {
            CycleSender.PreparedData data = cycleSender.prepare(snapshot);
            submit(dataSender, () -> sendData(data, kept));
        } else {
            counters.unsentCycles.increment();
            if (kept != null) {
                kept.notSent();
            }
        }
        sendDueAggregates(nowMillis);
        if (outbox != null) {
            outbox.tick();
            replayer.tick();
        }
        lastCycleNanos = System.nanoTime() - started;
        notifyListeners();
    }

    /**
     * {@code _sum/State} is the edge's overall level (§5.1): the highest of the source's and the controller's own
     * state, so RunFailed (FAULT) and UnableToSend (WARNING) reach the Backend's state display too.
     */
    private ChannelSnapshot withSumState(ChannelSnapshot snapshot) {
        int index = sumStateIndex(snapshot);
        if (index < 0) {
            return snapshot;
        }
        long controllerLevel = controllerChannels.state().value();
        Object sourceLevel = snapshot.value(index);
        if (sourceLevel instanceof Long level && level >= controllerLevel) {
            return snapshot;
        }
        Object[] values = new Object[snapshot.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = snapshot.value(i);
        }
        values[index] = controllerLevel;
        return new ChannelSnapshot(snapshot.timestampMillis(), snapshot.channels(), values);
    }

    private List<ChannelMetadata> sumStateChannels;
    private int sumStateIndex = -1;

    private int sumStateIndex(ChannelSnapshot snapshot) {
        if (snapshot.channels() != sumStateChannels) {
            sumStateChannels = snapshot.channels();
            sumStateIndex = -1;
            for (int i = 0; i < snapshot.size(); i++) {
                if (snapshot.channel(i).address().toString().equals("_sum/State")) {
                    sumStateIndex = i;
                    break;
                }
            }
        }
        return sumStateIndex;
    }

    private void sendData(CycleSender.PreparedData data, Outbox.Pending kept) {
        long sentOn = epoch;
        if (send(data.text(), "timestampedData")) {
            if (kept != null) {
                kept.sent(sentOn, clock.millis());
            }
            if (data.full()) {
                lastFullSentMillis = clock.millis();
            }
            cycleSender.confirmSent(data);
            counters.valuesSent.add(data.valueCount());
            if (data.full()) {
                counters.fullSnapshots.increment();
            } else {
                counters.deltaMessages.increment();
            }
        } else if (kept != null) {
            kept.notSent();
        }
    }

    private void sendDueAggregates(long nowMillis) {
        for (PendingAggregate pending : pendingAggregates) {
            if (nowMillis < pending.dueMillis()) {
                continue;
            }
            pendingAggregates.remove(pending);
            // recorded when due, not when complete: its send outcome is known at once, so it never holds up the
            // cycles recorded after it
            Outbox.Pending kept = outbox == null ? null : outbox.recordWindow(pending.window());
            if (!link.isConnected()) {
                counters.droppedAggregates.increment();
                unableToSend(true, "aggregated data not sent: no connection");
                if (kept != null) {
                    kept.notSent();
                    LOG.info("Aggregated data of the window starting {} not sent: no connection; kept for replay",
                            Instant.ofEpochMilli(pending.window().windowStartMillis()));
                } else {
                    LOG.warn("Aggregated data of the window starting {} not sent: no connection",
                            Instant.ofEpochMilli(pending.window().windowStartMillis()));
                }
                continue;
            }
            submit(otherSender, () -> {
                long sentOn = epoch;
                if (send(pending.window().text(), "aggregatedData")) {
                    counters.aggregatedMessages.increment();
                    counters.valuesSent.add(pending.window().valueCount());
                    if (kept != null) {
                        kept.sent(sentOn, clock.millis());
                    }
                } else if (kept != null) {
                    kept.notSent();
                }
            });
        }
    }

    /** Sends one text; keeps UnableToSend and the counters true to what happened. */
    private boolean send(String text, String what) {
        boolean sent = link.send(text);
        if (sent) {
            counters.messagesSent.increment();
            counters.bytesSent.add(utf8Length(text));
            unableToSend(false, what + " sent"); // cleared on the first success, unlike OpenEMS
            if (config.debugMode()) {
                LOG.info("debugMode: sent {} ({} bytes): {}", what, text.length(), abbreviate(SecretMasking.mask(text)));
            }
        } else {
            counters.sendFailures.increment();
            unableToSend(true, what + " not sent: connection is closed");
            LOG.debug("Unable to send {}: connection is closed", what);
        }
        return sent;
    }

    private void unableToSend(boolean raised, String why) {
        if (controllerChannels.changeUnableToSend(raised)) {
            events.record(raised ? StatusEvent.Kind.UNABLE_TO_SEND_RAISED : StatusEvent.Kind.UNABLE_TO_SEND_CLEARED, why);
        }
    }

    /** Diagnoses come from exception messages: make sure the key never reaches the history. */
    private String withoutSecrets(String text) {
        String apikey = config.apikey();
        String safe = text == null ? "no reason given" : text;
        return apikey == null || apikey.isEmpty() ? safe : safe.replace(apikey, ConnectorConfig.MASKED_PASSWORD);
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
        linkOpen = true;
        epoch = epochs.incrementAndGet();
        if (outbox != null) {
            outbox.connected(epoch, clock.millis());
            replayer.connected(epoch);
        }
        events.record(StatusEvent.Kind.CONNECTED, "connected to " + withoutSecrets(config.uri()));
        cycleSender.requestFullSend();
        aggregator.requestFullSend();
        secondSnapshotDueMillis = clock.millis() + config.secondSnapshotDelay() * 1000L;
        // on the connecting thread, before any data: edgeConfig is the first message of every connection (§6.1)
        send(JsonRpcCodec.encode(new EdgeConfigNotification(edgeConfig()).toNotification()), "edgeConfig");
        ready = true;
        notifyListeners();
    }

    @Override
    public void onDisconnected(String reason) {
        ready = false;
        epoch = -1;
        if (outbox != null) {
            outbox.disconnected();
            replayer.disconnected();
        }
        boolean wasOpen = linkOpen;
        linkOpen = false;
        events.record(wasOpen ? StatusEvent.Kind.CONNECTION_LOST : StatusEvent.Kind.CONNECT_FAILED, withoutSecrets(reason));
        unableToSend(true, wasOpen ? "connection lost" : "cannot connect");
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
                submit(otherSender, () -> {
                    send(JsonRpcCodec.encode(response), "response to " + request.method());
                    ConnectorConfig pending = linkChangeAfterAnswer.getAndSet(null);
                    if (pending != null) {
                        link.reconfigure(pending); // OpenEMS too answers first, then restarts the component
                    }
                });
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

    /**
     * Cuts the link's wait for its next attempt short (see {@link BackendLink#connectNow()}); listeners are told, so
     * every watcher sees the attempt start.
     *
     * @return true when a wait was cut short
     */
    public boolean connectNow() {
        int attempt = link.connectNow();
        if (attempt > 0) {
            notifyListeners();
        }
        return attempt > 0;
    }

    @Override
    public void onConnectNow(int attempt) {
        events.record(StatusEvent.Kind.CONNECT_NOW,
                "attempt " + attempt + " made at once on request, instead of at the end of the reconnect wait");
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
        return updateConfig(changes, false);
    }

    private synchronized ConnectorConfig updateConfig(Map<String, String> changes, boolean answerFirst)
            throws ConfigException, IOException {
        ConnectorConfig updated = config.withChanges(changes);
        checkIdIsFree(updated);
        // persist the resulting values (a null change means "default"), so a restart gives what runs now
        Map<String, String> resulting = updated.toProperties();
        Map<String, String> persisted = new LinkedHashMap<>();
        changes.keySet().stream().filter(resulting::containsKey).forEach(name -> persisted.put(name, resulting.get(name)));
        persistence.persist(persisted);
        apply(updated, answerFirst);
        events.record(StatusEvent.Kind.CONFIGURATION_APPLIED, describeChanges(changes));
        return updated;
    }

    /** The controller's id is a channel prefix: it must not be a component the device already has. */
    private void checkIdIsFree(ConnectorConfig updated) throws ConfigException {
        String id = updated.id();
        boolean taken = deviceSource.channels().stream().anyMatch(c -> c.address().componentId().equals(id));
        if (taken) {
            throw new ConfigException("id", "'" + id + "' is a component of the device; choose another id");
        }
    }

    /** Told when cycleTime changes, so the cycle timer follows. */
    public void setCycleTimeListener(java.util.function.LongConsumer listener) {
        this.cycleTimeListener = listener;
    }

    /** A complete new configuration from outside (the configuration file changed), already validated. */
    public synchronized void replaceConfig(ConnectorConfig updated) {
        apply(updated);
    }

    private static String describeChanges(Map<String, String> changes) {
        StringBuilder text = new StringBuilder("configuration applied:");
        changes.forEach((name, value) -> {
            boolean secret = ConnectorConfig.attributes().stream().anyMatch(a -> a.name().equals(name) && a.password());
            text.append(' ').append(name).append('=').append(secret ? ConnectorConfig.MASKED_PASSWORD : value);
        });
        return changes.isEmpty() ? "configuration applied: no changes" : text.toString();
    }

    private void apply(ConnectorConfig updated) {
        apply(updated, false);
    }

    private void apply(ConnectorConfig updated, boolean answerFirst) {
        long previousCycleTime = this.config.cycleTime();
        this.config = updated;
        controllerChannels.applyConfig(updated);
        cycleSender.configure(updated);
        aggregator.configure(updated);
        apiWorker.setApiTimeout(updated.apiTimeout());
        if (answerFirst) {
            linkChangeAfterAnswer.set(updated);
        } else {
            link.reconfigure(updated);
        }
        if (updated.cycleTime() != previousCycleTime) {
            cycleTimeListener.accept(updated.cycleTime());
        }
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
        for (Map.Entry<String, JsonElement> property : properties.entrySet()) {
            String name = property.getKey();
            JsonElement value = property.getValue();
            // JSON null resets the attribute to its default (withChanges takes null for that)
            String text = value == null || value.isJsonNull() ? null : value.isJsonPrimitive() ? value.getAsString() : value.toString();
            boolean secret = ConnectorConfig.attributes().stream().anyMatch(a -> a.name().equals(name) && a.password());
            if (secret) {
                // a UI echoing the masked edgeConfig sends "xxx": unchanged. Secrets are set on the device only,
                // where they go into secure storage; over the Backend they could not be stored safely.
                if (text == null || text.isEmpty() || text.equals(ConnectorConfig.MASKED_PASSWORD)) {
                    continue;
                }
                throw OpenemsError.EDGE_UNABLE_TO_APPLY_CONFIG.exception(componentId,
                        name + ": is set on the device (uplink-agent), not over the Backend");
            }
            changes.put(name, text);
        }
        try {
            updateConfig(changes, true);
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
        LOG.info("The Backend {} the system log", subscribe ? "subscribed to" : "unsubscribed from");
    }

    /**
     * Forwards one log line to the Backend as {@code systemLog} while it is subscribed (§5.6). Lines logged while
     * forwarding are not forwarded again, so a failing send cannot feed itself.
     */
    public void publishSystemLog(SystemLogNotification line) {
        if (!systemLogSubscribed || FORWARDING.get()) {
            return;
        }
        submit(otherSender, () -> {
            FORWARDING.set(Boolean.TRUE);
            try {
                if (systemLogSubscribed && !link.send(JsonRpcCodec.encode(line.toNotification()))) {
                    systemLogSubscribed = false; // as OpenEMS: a failed send ends the subscription
                }
            } finally {
                FORWARDING.remove();
            }
        });
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
                link.lastDiagnosis(), link.failedAttempts());
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
    public List<StatusEvent> events() {
        return events.events();
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

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String abbreviate(String text) {
        return text.length() <= DEBUG_LOG_MAX_CHARS ? text
                : text.substring(0, DEBUG_LOG_MAX_CHARS) + "… (" + text.length() + " characters)";
    }

    private record PendingAggregate(long dueMillis, Aggregator.Window window) {
    }

    // ---------------------------------------------------------------- backlog

    /** A barrier (backlog-replay.md §5): an unknown method, answered 4001 once every earlier frame was read. */
    private CompletableFuture<Boolean> barrier() {
        JsonRpcRequest request = new JsonRpcRequest(UUID.randomUUID(), BARRIER_METHOD, new com.google.gson.JsonObject());
        return sendRequest(request).handle((response, error) -> {
            if (error != null) {
                return false;
            }
            return !(response instanceof JsonRpcError failure)
                    || failure.code() == OpenemsError.JSONRPC_UNHANDLED_METHOD.code();
        });
    }

    private final class ReplayHooks implements Replayer.Hooks {
        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public void requestFullSnapshot() {
            cycleSender.requestFullSend();
        }

        @Override
        public long lastFullSnapshotMillis() {
            return lastFullSentMillis;
        }

        @Override
        public String newestWindowText() {
            Aggregator.Window window = newestWindow;
            return window == null ? null : window.text();
        }

        @Override
        public boolean send(String text, String what) {
            return ConnectorEngine.this.send(text, what);
        }

        @Override
        public CompletableFuture<Boolean> barrier() {
            return ConnectorEngine.this.barrier();
        }

        @Override
        public void resent(long epochSeconds) {
            controllerChannels.setLastSuccessfulResend(epochSeconds);
            lastSuccessfulResend = epochSeconds;
        }
    }

    private volatile long lastSuccessfulResend;

    @Override
    public io.uplink.connector.BacklogStatus backlog() {
        if (outbox == null) {
            return io.uplink.connector.BacklogStatus.NOT_AVAILABLE;
        }
        io.uplink.store.BacklogStats stats = outbox.backlog().stats();
        long oldest = stats.oldestTimestampMillis();
        long age = oldest < 0 ? -1 : Math.max(0, (clock.millis() - oldest) / 1000);
        String problem = outbox.problem();
        if (problem == null && outbox.backlog().openReport().quarantined()) {
            problem = "a damaged backlog was set aside at start: " + outbox.backlog().openReport().reason();
        }
        return new io.uplink.connector.BacklogStatus(true, config.replayMode(), stats.rowsByPriority(),
                stats.bytesByPriority(), age, stats.evictedRows(), stats.evictedBytes(), outbox.lostRows(),
                outbox.possibleDuplicates(), outbox.liveConfirmed(), outbox.awaitingConfirmation(), lastSuccessfulResend,
                replayer.progress(), problem);
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
        final LongAdder droppedAggregates = new LongAdder();
        final LongAdder sendFailures = new LongAdder();
        final LongAdder requestsHandled = new LongAdder();
        final LongAdder requestsFailed = new LongAdder();
        final LongAdder messagesReceived = new LongAdder();

        StatusSnapshot.Counters snapshot() {
            return new StatusSnapshot.Counters(connects.sum(), messagesSent.sum(), bytesSent.sum(), valuesSent.sum(),
                    fullSnapshots.sum(), deltaMessages.sum(), aggregatedMessages.sum(), unsentCycles.sum(),
                    sendFailures.sum(), requestsHandled.sum(), requestsFailed.sum(), messagesReceived.sum(),
                    droppedAggregates.sum());
        }
    }
}
