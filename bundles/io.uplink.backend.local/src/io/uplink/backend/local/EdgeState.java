package io.uplink.backend.local;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.uplink.backend.local.EdgeMessageValidator.DataRows;

/**
 * What the Backend knows about one configured Edge. Thread-safe; every getter returns a snapshot.
 */
public final class EdgeState {

    private final String edgeId;
    private final List<EdgeConnection> connections = new ArrayList<>();
    private final List<String> requestPaths = new ArrayList<>();
    private final Map<String, TimedValue> currentData = new HashMap<>();
    private final Map<String, TimedValue> aggregatedData = new HashMap<>();
    private final Map<String, MethodStats> stats = new TreeMap<>();
    private final ArrayDeque<ReceivedMessage> messages = new ArrayDeque<>();
    private long connectCount;
    private JsonObject lastEdgeConfig;
    private long recordedTotal;
    private long droppedMessages;
    private long receivedBytes;
    private int messageCap;
    private boolean silent;

    EdgeState(String edgeId, int messageCap) {
        this.edgeId = edgeId;
        this.messageCap = messageCap;
    }

    public String edgeId() {
        return edgeId;
    }

    public synchronized boolean isConnected() {
        return !connections.isEmpty();
    }

    /** Open connections, oldest first. */
    public synchronized List<EdgeConnection> connections() {
        return List.copyOf(connections);
    }

    /** Number of accepted connects since start. */
    public synchronized long connectCount() {
        return connectCount;
    }

    /** Path and query of every accepted connect, in order. */
    public synchronized List<String> requestPaths() {
        return List.copyOf(requestPaths);
    }

    public synchronized Optional<JsonObject> lastEdgeConfig() {
        return Optional.ofNullable(lastEdgeConfig).map(JsonObject::deepCopy);
    }

    /** Latest {@code timestampedData} value per channel address, like the Backend's "current data" cache. */
    public synchronized Map<String, TimedValue> currentData() {
        return Map.copyOf(currentData);
    }

    public synchronized int currentDataSize() {
        return currentData.size();
    }

    public synchronized Optional<TimedValue> currentValue(String channelAddress) {
        return Optional.ofNullable(currentData.get(channelAddress));
    }

    /** Latest {@code aggregatedData} value per channel address (the Backend's "aggregated" cache). */
    public synchronized Map<String, TimedValue> aggregatedData() {
        return Map.copyOf(aggregatedData);
    }

    /** Counters per method, sorted by method name. */
    public synchronized Map<String, MethodStats> methodStats() {
        return new TreeMap<>(stats);
    }

    public synchronized MethodStats methodStats(String method) {
        return stats.getOrDefault(method, MethodStats.ZERO);
    }

    /** Received messages in arrival order; at most the message cap, the oldest are dropped first. */
    public synchronized List<ReceivedMessage> messages() {
        return List.copyOf(messages);
    }

    public synchronized long droppedMessages() {
        return droppedMessages;
    }

    public synchronized long receivedBytes() {
        return receivedBytes;
    }

    public synchronized boolean isSilent() {
        return silent;
    }

    synchronized void setSilent(boolean silent) {
        this.silent = silent;
        connections.forEach(connection -> connection.setSilent(silent));
    }

    synchronized void setMessageCap(int cap) {
        messageCap = cap;
        trimMessages();
    }

    synchronized void connected(EdgeConnection connection) {
        connections.add(connection);
        requestPaths.add(connection.requestPath());
        connectCount++;
        connection.setSilent(silent);
        notifyAll();
    }

    synchronized void disconnected(EdgeConnection connection) {
        connections.remove(connection);
        notifyAll();
    }

    /** The most recent open connection: an older one may be a half-dead leftover the Edge gave up on. */
    synchronized Optional<EdgeConnection> latestConnection() {
        return connections.isEmpty() ? Optional.empty() : Optional.of(connections.getLast());
    }

    synchronized void storeEdgeConfig(JsonObject config) {
        lastEdgeConfig = config.deepCopy();
    }

    synchronized void storeCurrentData(DataRows data) {
        storeLatest(currentData, data);
    }

    synchronized void storeAggregatedData(DataRows data) {
        storeLatest(aggregatedData, data);
    }

    synchronized void record(ReceivedMessage message, int valueCount) {
        stats.merge(message.method(), MethodStats.ZERO.plus(valueCount, message.bytes()),
                (old, added) -> old.plus(valueCount, message.bytes()));
        receivedBytes += message.bytes();
        messages.addLast(message);
        recordedTotal++;
        trimMessages();
        notifyAll();
    }

    /** @return the first retained message matching, waiting up to {@code timeout}; null on timeout */
    synchronized ReceivedMessage awaitMessage(Predicate<ReceivedMessage> predicate, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextSequence = 0;
        while (true) {
            long firstRetained = recordedTotal - messages.size();
            Iterator<ReceivedMessage> iterator = messages.iterator();
            for (long sequence = firstRetained; iterator.hasNext(); sequence++) {
                ReceivedMessage message = iterator.next();
                if (sequence >= nextSequence && predicate.test(message)) {
                    return message;
                }
            }
            nextSequence = recordedTotal;
            if (!waitUntil(deadline)) {
                return null;
            }
        }
    }

    synchronized boolean awaitConnectCount(long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connectCount < atLeast || connections.isEmpty()) {
            if (!waitUntil(deadline)) {
                return false;
            }
        }
        return true;
    }

    synchronized boolean awaitDisconnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!connections.isEmpty()) {
            if (!waitUntil(deadline)) {
                return false;
            }
        }
        return true;
    }

    /** A short account of the last messages, for failure messages of the await helpers. */
    synchronized String describeRecent(int count) {
        StringBuilder text = new StringBuilder();
        text.append(edgeId).append(": ").append(connections.size()).append(" open connection(s), ")
                .append(connectCount).append(" connect(s), ").append(recordedTotal).append(" message(s) received");
        text.append(", per method ").append(stats.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue().messages()).toList());
        int skip = Math.max(0, messages.size() - count);
        Iterator<ReceivedMessage> iterator = messages.iterator();
        for (int i = 0; iterator.hasNext(); i++) {
            ReceivedMessage message = iterator.next();
            if (i >= skip) {
                text.append("\n  ").append(message.receivedAtMillis()).append(' ').append(message.method())
                        .append(' ').append(abbreviate(message));
            }
        }
        return text.toString();
    }

    private static String abbreviate(ReceivedMessage message) {
        JsonObject params = message.params();
        String text = params != null ? params.toString() : message.message().toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private boolean waitUntil(long deadline) throws InterruptedException {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
            return false;
        }
        wait(remainingMillis);
        return true;
    }

    private void trimMessages() {
        while (messages.size() > messageCap) {
            messages.removeFirst();
            droppedMessages++;
        }
    }

    private static void storeLatest(Map<String, TimedValue> target, DataRows data) {
        data.rows().forEach((timestamp, values) -> {
            for (Map.Entry<String, JsonElement> value : values.entrySet()) {
                TimedValue previous = target.get(value.getKey());
                if (previous == null || previous.timestamp() <= timestamp) {
                    target.put(value.getKey(), new TimedValue(timestamp, value.getValue()));
                }
            }
        });
    }
}
