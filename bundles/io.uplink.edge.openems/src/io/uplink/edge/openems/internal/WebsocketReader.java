package io.uplink.edge.openems.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.glassfish.tyrus.client.ClientManager;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.uplink.core.ChannelMetadata;
import io.uplink.core.SourceHealth;
import io.uplink.edge.openems.OpenEmsSourceConfig;

/**
 * Reads an Edge through {@code Controller.Api.Websocket}, one connection per {@link #run()}: authenticate (the
 * token of the last session first, it dies with every Edge restart), enumerate the channels ({@code getEdgeConfig},
 * then {@code getChannelsOfComponent} per enabled component, pipelined), subscribe to all of them, and publish
 * each {@code currentData} as one snapshot. {@code edgeConfig} and {@code channelUpdate} notifications, a timer,
 * and components that were not ready yet trigger a new enumeration and subscription ({@code count} + 1).
 */
public final class WebsocketReader {

    private enum Signal { REENUMERATE, CLOSED }

    private final OpenEmsSourceConfig config;
    private final URI uri;
    private final ClientManager client;
    private final SourceState state;
    /** The token of the last successful session; tokens live in the Edge's memory only. */
    private volatile String token;
    private volatile boolean connected;

    public WebsocketReader(OpenEmsSourceConfig config, ClientManager client, SourceState state) {
        this.config = config;
        this.uri = config.websocketUri();
        this.client = client;
        this.state = state;
    }

    /** True once the last {@link #run()} got through the websocket upgrade. */
    public boolean connected() {
        return this.connected;
    }

    /**
     * Runs one connection until it ends.
     *
     * @return normally never
     * @throws ReaderFailure why the connection ended or could not be made
     */
    public void run() throws ReaderFailure, InterruptedException {
        this.connected = false;
        BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        String[] closeReason = { "closed" };
        EdgeWebsocket ws;
        try {
            ws = EdgeWebsocket.connect(this.client, this.uri, this.config.requestTimeout(), new EdgeWebsocket.Listener() {
                @Override
                public void onNotification(String method, JsonObject params) {
                    switch (method) {
                        case "currentData" -> onCurrentData(params);
                        case "edgeConfig", "channelUpdate" -> signals.offer(Signal.REENUMERATE);
                        default -> {
                            // systemLog and others are not subscribed
                        }
                    }
                }

                @Override
                public void onClosed(String why) {
                    closeReason[0] = why;
                    signals.offer(Signal.CLOSED);
                }
            });
        } catch (IOException e) {
            throw new ReaderFailure(SourceHealth.State.UNAVAILABLE, this.uri + ": " + e.getMessage(), e);
        }
        this.connected = true;
        try {
            this.authenticate(ws);
            int count = 0;
            long interval = this.config.reenumerateInterval().toNanos();
            long nextEnumeration = 0;
            long nextMissingRetry = Long.MAX_VALUE;
            boolean enumerate = true;
            while (true) {
                if (enumerate) {
                    List<String> missing = this.enumerate(ws);
                    ws.edgeRpc("subscribeChannelUpdate", object("subscribe", true));
                    JsonObject subscribe = new JsonObject();
                    subscribe.addProperty("count", ++count); // must grow per connection, or the Edge ignores it
                    JsonArray addresses = new JsonArray();
                    this.state.layout().channels().forEach(c -> addresses.add(c.address().toString()));
                    subscribe.add("channels", addresses);
                    EdgeWebsocket.await(ws.edgeRpc("subscribeChannels", subscribe), "subscribeChannels",
                            this.config.requestTimeout());
                    nextEnumeration = System.nanoTime() + interval;
                    nextMissingRetry = missing.isEmpty() ? Long.MAX_VALUE
                            : System.nanoTime() + this.config.missingRetry().toNanos();
                    this.missing = missing;
                    enumerate = false;
                }
                Signal signal = signals.poll(Math.min(250, this.config.staleAfter().toMillis()), TimeUnit.MILLISECONDS);
                if (signal == Signal.CLOSED || !ws.isOpen()) {
                    throw new ReaderFailure(SourceHealth.State.CONNECTING, this.uri + ": connection lost ("
                            + closeReason[0] + "); reconnecting");
                }
                long now = System.nanoTime();
                enumerate = signal == Signal.REENUMERATE || now >= nextEnumeration || now >= nextMissingRetry;
                long last = this.state.lastValuesNanos();
                long lastValues = last == Long.MIN_VALUE || last - this.connectedAt < 0 ? this.connectedAt : last;
                if (now - lastValues > this.config.staleAfter().toNanos()) {
                    this.state.setHealth(SourceHealth.State.STALE, "no currentData from the Edge for more than "
                            + this.config.staleAfter().toMillis() + " ms (its cycle stalled?); values are empty");
                } else if (lastValues != this.connectedAt) {
                    this.state.setHealth(this.missing.isEmpty() ? SourceHealth.State.OK : SourceHealth.State.DEGRADED,
                            this.missing.isEmpty() ? "" : "components not readable (not started, disabled or removed): "
                                    + String.join(", ", this.missing) + "; their channels are left out, retried");
                }
            }
        } catch (IOException e) {
            throw new ReaderFailure(SourceHealth.State.CONNECTING, this.uri + ": " + e.getMessage() + "; reconnecting", e);
        } catch (EdgeRpcException e) {
            throw new ReaderFailure(SourceHealth.State.UNAVAILABLE, this.uri + ": the Edge answered error " + e.code()
                    + " (" + e.getMessage() + ")", e);
        } finally {
            this.state.clearValues();
            ws.close();
        }
    }

    private volatile List<String> missing = List.of();
    private long connectedAt;

    private void authenticate(EdgeWebsocket ws) throws ReaderFailure, IOException, InterruptedException {
        this.connectedAt = System.nanoTime();
        String cached = this.token;
        if (cached != null) {
            try {
                this.remember(ws.request("authenticateWithToken", object("token", cached), this.config.requestTimeout()));
                return;
            } catch (EdgeRpcException e) {
                this.token = null; // the Edge restarted; the password follows
            }
        }
        try {
            this.remember(ws.request("authenticateWithPassword", object("password", this.config.password()),
                    this.config.requestTimeout()));
        } catch (EdgeRpcException e) {
            if (e.code() == EdgeRpcException.AUTHENTICATION_FAILED) {
                throw new ReaderFailure(SourceHealth.State.AUTH_FAILED, this.uri + ": the Edge refused the password ("
                        + e.code() + " " + e.getMessage() + "); check --source-password-file", e);
            }
            throw new ReaderFailure(SourceHealth.State.UNAVAILABLE, this.uri + ": authentication failed with error "
                    + e.code() + " (" + e.getMessage() + ")", e);
        }
    }

    private void remember(JsonObject result) {
        this.token = result.has("token") ? result.get("token").getAsString() : null;
    }

    /**
     * Publishes the channels of every enabled component.
     *
     * @return the components whose channels could not be read now (not started yet, removed meanwhile)
     */
    private List<String> enumerate(EdgeWebsocket ws) throws IOException, EdgeRpcException, InterruptedException {
        JsonObject config = EdgeWebsocket.await(ws.edgeRpc("getEdgeConfig", new JsonObject()), "getEdgeConfig",
                this.config.requestTimeout());
        JsonObject components = config.get("components") instanceof JsonObject c ? c : new JsonObject();
        List<ChannelMetadata> channels = new ArrayList<>();
        Map<String, CompletableFuture<JsonObject>> asked = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : components.entrySet()) {
            String componentId = entry.getKey();
            JsonObject component = entry.getValue().isJsonObject() ? entry.getValue().getAsJsonObject() : new JsonObject();
            if (component.get("properties") instanceof JsonObject properties && properties.has("enabled")
                    && !properties.get("enabled").getAsBoolean()) {
                continue;
            }
            if (component.get("channels") instanceof JsonObject old) {
                // Edges up to 2024.6 list the channels in the config itself
                for (Map.Entry<String, JsonElement> channel : old.entrySet()) {
                    addRecord(channels, componentId, channel.getKey(), channel.getValue());
                }
                continue;
            }
            JsonObject params = new JsonObject();
            params.addProperty("componentId", componentId);
            params.addProperty("requireEnabled", true);
            // all sent at once: the Edge answers them on its worker threads
            asked.put(componentId, ws.componentJsonApi("_componentManager", "getChannelsOfComponent", params));
        }
        TreeSet<String> missing = new TreeSet<>();
        for (Map.Entry<String, CompletableFuture<JsonObject>> answer : asked.entrySet()) {
            try {
                JsonObject result = EdgeWebsocket.await(answer.getValue(), "getChannelsOfComponent",
                        this.config.requestTimeout());
                if (result.get("channels") instanceof JsonArray records) {
                    for (JsonElement record : records) {
                        if (record.isJsonObject() && record.getAsJsonObject().has("id")) {
                            addRecord(channels, answer.getKey(), record.getAsJsonObject().get("id").getAsString(), record);
                        }
                    }
                }
            } catch (EdgeRpcException e) {
                if (e.isUndefinedMethod()) {
                    throw e; // an Edge without metadata: nothing to subscribe to
                }
                missing.add(answer.getKey() + " (" + e.code() + " " + e.getMessage() + ")");
            }
        }
        this.state.publishChannels(ChannelRecords.sorted(channels));
        return List.copyOf(missing);
    }

    private static void addRecord(List<ChannelMetadata> channels, String componentId, String channelId, JsonElement record) {
        if (record.isJsonObject()) {
            ChannelMetadata channel = ChannelRecords.toMetadata(componentId, channelId, record.getAsJsonObject());
            if (channel != null) {
                channels.add(channel);
            }
        }
    }

    /** On Tyrus's thread: one Edge cycle becomes one snapshot of the current layout. */
    private void onCurrentData(JsonObject params) {
        SourceState.Layout layout = this.state.layout();
        Object[] values = new Object[layout.channels().size()];
        for (Map.Entry<String, JsonElement> entry : params.entrySet()) {
            Integer index = layout.index().get(entry.getKey());
            if (index != null) {
                values[index] = ChannelRecords.value(layout.channels().get(index), entry.getValue());
            }
        }
        this.state.publishValues(layout, values);
    }

    private static JsonObject object(String name, Object value) {
        JsonObject o = new JsonObject();
        if (value instanceof Boolean b) {
            o.addProperty(name, b);
        } else {
            o.addProperty(name, String.valueOf(value));
        }
        return o;
    }
}
