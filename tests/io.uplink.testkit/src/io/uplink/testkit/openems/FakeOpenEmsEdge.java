package io.uplink.testkit.openems;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A fake OpenEMS Edge for tests, faithful to {@code edge-sources.md} (2026.5): {@code Controller.Api.Websocket}
 * (password and token authentication, edgeRpc wrapping, subscribeChannels with its count rule, currentData of
 * every subscribed address once per cycle, getEdgeConfig, getChannelsOfComponent through componentJsonApi,
 * edgeConfig and channelUpdate notifications, OpenEMS's error codes, silence on a numeric id) and
 * {@code Controller.Api.Rest.ReadOnly} ({@code GET /rest/channel/<regex>/<regex>}, Basic authentication where only
 * the password counts, 500 with a Jetty HTML page on a bad password, a bare object for one match). Both listen on
 * 127.0.0.1 on ephemeral ports that stay the same across {@link #restartWebsocket()}.
 */
public final class FakeOpenEmsEdge implements AutoCloseable {

    /** One channel as getChannelsOfComponent describes it; {@code priority} null for Edges before 2024.4. */
    public record Channel(String id, String type, String accessMode, String unit, String priority, String text,
            Map<String, Integer> options) {

        public static Channel of(String id, String type, String unit, String priority) {
            return new Channel(id, type, "RO", unit, priority, "", Map.of());
        }

        JsonObject record() {
            JsonObject r = new JsonObject();
            r.addProperty("id", this.id);
            r.addProperty("accessMode", this.accessMode);
            if (this.priority != null) {
                r.addProperty("persistencePriority", this.priority);
            }
            r.addProperty("text", this.text);
            r.addProperty("type", this.type);
            r.addProperty("unit", this.unit);
            r.addProperty("category", this.options.isEmpty() ? "OPENEMS_TYPE" : "ENUM");
            if (!this.options.isEmpty()) {
                JsonObject o = new JsonObject();
                this.options.forEach(o::addProperty);
                r.add("options", o);
            }
            return r;
        }
    }

    record Component(String id, String factoryId, boolean enabled, List<Channel> channels) {
    }

    private volatile String password;
    private final Map<String, Component> components = new ConcurrentHashMap<>();
    private final Map<String, JsonElement> values = new ConcurrentHashMap<>();
    /** Tokens live in memory only: a restart forgets them, as on a real Edge. */
    final Set<String> tokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger failedAuthentications = new AtomicInteger();
    final AtomicInteger websocketConnections = new AtomicInteger();
    final AtomicInteger unresolvedAddressWarnings = new AtomicInteger();
    private final ScheduledExecutorService cycle = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-openems-cycle");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stalled;
    private volatile Runnable beforeCycle = () -> { };
    /** Components listed in the config whose channels are not there yet (an Edge that is starting up). */
    private final Set<String> notStarted = ConcurrentHashMap.newKeySet();
    private volatile boolean channelsInEdgeConfig;
    private final FakeEdgeWebsocketServer websocket = new FakeEdgeWebsocketServer(this);
    private final FakeEdgeRestServer rest = new FakeEdgeRestServer(this);

    public FakeOpenEmsEdge(String password) {
        this.password = password;
    }

    /** The components of a small system: _sum, meter0, ess0 with their priorities as OpenEMS declares them. */
    public static FakeOpenEmsEdge small(String password) {
        FakeOpenEmsEdge edge = new FakeOpenEmsEdge(password);
        edge.addComponent("_sum", "Core.Sum", List.of(
                Channel.of("GridActivePower", "INTEGER", "W", "VERY_HIGH"),
                Channel.of("EssSoc", "INTEGER", "%", "VERY_HIGH"),
                Channel.of("GridBuyActiveEnergy", "LONG", "Wh_Σ", "VERY_HIGH"),
                new Channel("State", "INTEGER", "RO", "", "VERY_HIGH", "0:Ok, 1:Info, 2:Warning, 3:Fault",
                        Map.of("Ok", 0, "Info", 1, "Warning", 2, "Fault", 3))));
        edge.addComponent("meter0", "Meter.Socomec.Threephase", List.of(
                Channel.of("ActivePower", "INTEGER", "W", "HIGH"),
                Channel.of("Frequency", "INTEGER", "mHz", "HIGH"),
                Channel.of("ModbusCommunicationFailed", "BOOLEAN", "", "HIGH"),
                new Channel("SetActivePowerEquals", "INTEGER", "WO", "W", "HIGH", "", Map.of())));
        edge.addComponent("ess0", "Ess.Generic.ManagedSymmetric", List.of(
                Channel.of("Soc", "INTEGER", "%", "HIGH"),
                Channel.of("Temperature", "FLOAT", "°C", "LOW"),
                Channel.of("SerialNumber", "STRING", "", null)));
        edge.setValue("_sum/GridActivePower", -1234);
        edge.setValue("_sum/EssSoc", 57);
        edge.setValue("_sum/GridBuyActiveEnergy", 123456789L);
        edge.setValue("_sum/State", 0);
        edge.setValue("meter0/ActivePower", 512);
        edge.setValue("meter0/Frequency", 49980);
        edge.setValue("meter0/ModbusCommunicationFailed", false);
        edge.setValue("ess0/Soc", 57);
        edge.setValue("ess0/Temperature", 23.5);
        edge.setValue("ess0/SerialNumber", "ESS-0042");
        return edge;
    }

    // ---- set-up and control --------------------------------------------------------------------------------

    /** Adds (or replaces) an enabled component; connected clients get edgeConfig and channelUpdate. */
    public FakeOpenEmsEdge addComponent(String id, String factoryId, List<Channel> channels) {
        this.components.put(id, new Component(id, factoryId, true, List.copyOf(channels)));
        this.websocket.configChanged(this.edgeConfig());
        return this;
    }

    public FakeOpenEmsEdge removeComponent(String id) {
        this.components.remove(id);
        this.websocket.configChanged(this.edgeConfig());
        return this;
    }

    public FakeOpenEmsEdge setEnabled(String id, boolean enabled) {
        Component c = this.components.get(id);
        this.components.put(id, new Component(id, c.factoryId(), enabled, c.channels()));
        this.websocket.configChanged(this.edgeConfig());
        return this;
    }

    /** Values as OpenEMS sends them: booleans as 1/0, null as undefined. */
    public void setValue(String address, Object value) {
        JsonElement json;
        if (value == null) {
            json = JsonNull.INSTANCE;
        } else if (value instanceof Boolean b) {
            json = new JsonPrimitive(b ? 1 : 0);
        } else if (value instanceof Number n) {
            json = new JsonPrimitive(n);
        } else {
            json = new JsonPrimitive(value.toString());
        }
        this.values.put(address, json);
    }

    public void setPassword(String newPassword) {
        this.password = newPassword;
    }

    /** An Edge up to 2024.6: the channels come inside getEdgeConfig, and getChannelsOfComponent is not defined. */
    public void setChannelsInEdgeConfig(boolean old) {
        this.channelsInEdgeConfig = old;
    }

    /** A component that is configured but not active yet: getChannelsOfComponent answers 2000, values are null. */
    public void setNotStarted(String id, boolean starting) {
        if (starting) {
            this.notStarted.add(id);
        } else {
            this.notStarted.remove(id);
        }
    }

    /** A stalled cycle sends no currentData. */
    public void setStalled(boolean stall) {
        this.stalled = stall;
    }

    /**
     * Runs {@code action} on the cycle thread before each cycle's currentData (a benchmark changes every value
     * there, so each cycle carries new values).
     */
    public FakeOpenEmsEdge beforeEachCycle(Runnable action) {
        this.beforeCycle = action == null ? () -> { } : action;
        return this;
    }

    /** Starts the websocket API and the cycle (currentData every {@code cycleTime}). */
    public FakeOpenEmsEdge startWebsocket(Duration cycleTime) throws IOException {
        this.websocket.start();
        this.cycle.scheduleAtFixedRate(() -> {
            if (!this.stalled) {
                this.beforeCycle.run();
                this.websocket.sendCurrentData();
            }
        }, cycleTime.toMillis(), cycleTime.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Closes every connection with 1001 (going away) and stops listening: the Edge is down. */
    public void stopWebsocket() {
        this.websocket.stop();
        this.tokens.clear();
    }

    /** Stops and starts the websocket on the same port: an OpenEMS restart (tokens are forgotten). */
    public void restartWebsocket() throws IOException {
        this.stopWebsocket();
        this.websocket.start();
    }

    public FakeOpenEmsEdge startRest() throws IOException {
        this.rest.start();
        return this;
    }

    public void stopRest() {
        this.rest.stop();
    }

    /** While held, REST requests get no answer: all of the Edge's 5 connections are taken by others. */
    public void holdRest(boolean hold) {
        this.rest.hold(hold);
    }

    /** Edges before 2025.4 answer a bad password with 401 and a JSON-RPC error instead of 500 HTML. */
    public void setLegacyRestErrors(boolean legacy) {
        this.rest.legacyErrors = legacy;
    }

    public URI websocketUri() {
        return URI.create("ws://127.0.0.1:" + this.websocket.port() + "/");
    }

    public URI restUri() {
        return URI.create("http://127.0.0.1:" + this.rest.port());
    }

    public int failedAuthentications() {
        return this.failedAuthentications.get();
    }

    public int websocketConnections() {
        return this.websocketConnections.get();
    }

    public int openWebsocketSessions() {
        return this.websocket.openSessions();
    }

    /** REST requests answered so far, and the distinct client ports they came from (1 = one kept-alive link). */
    public int restRequests() {
        return this.rest.requests.get();
    }

    public int restClientConnections() {
        return this.rest.clientPorts.size();
    }

    /** "Unable to read value for Channel" warnings the Edge would have logged (subscribed but unresolvable). */
    public int unresolvedAddressWarnings() {
        return this.unresolvedAddressWarnings.get();
    }

    @Override
    public void close() {
        this.cycle.shutdownNow();
        this.websocket.stop();
        this.rest.stop();
    }

    // ---- the Edge's model, for the servers ------------------------------------------------------------------

    boolean passwordMatches(String candidate) {
        return this.password.equals(candidate);
    }

    JsonObject edgeConfig() {
        JsonObject components = new JsonObject();
        JsonObject factories = new JsonObject();
        for (Component c : new ArrayList<>(this.components.values())) {
            JsonObject component = new JsonObject();
            component.addProperty("alias", c.id());
            component.addProperty("factoryId", c.factoryId());
            JsonObject properties = new JsonObject();
            properties.addProperty("enabled", c.enabled());
            component.add("properties", properties);
            if (this.channelsInEdgeConfig) {
                JsonObject channels = new JsonObject();
                for (Channel ch : c.channels()) {
                    JsonObject record = ch.record();
                    record.remove("id");
                    channels.add(ch.id(), record);
                }
                component.add("channels", channels);
            }
            components.add(c.id(), component);
            JsonObject factory = new JsonObject();
            factory.addProperty("name", c.factoryId());
            factory.add("natureIds", new JsonArray());
            factories.add(c.factoryId(), factory);
        }
        JsonObject config = new JsonObject();
        config.add("components", components);
        config.add("factories", factories);
        return config;
    }

    boolean metadataEndpointDefined() {
        return !this.channelsInEdgeConfig;
    }

    /** The records of a component, or null when it does not exist (or is disabled and {@code requireEnabled}). */
    JsonArray channelRecords(String componentId, boolean requireEnabled) {
        Component c = this.components.get(componentId);
        if (c == null || (requireEnabled && !c.enabled()) || this.notStarted.contains(componentId)) {
            return null;
        }
        JsonArray records = new JsonArray();
        c.channels().forEach(ch -> records.add(ch.record()));
        return records;
    }

    /** The current value of a subscribed address; null (and a warning counted) when it cannot be resolved. */
    JsonElement currentValue(String address) {
        int slash = address.indexOf('/');
        Component c = slash < 0 ? null : this.components.get(address.substring(0, slash));
        String channelId = slash < 0 ? "" : address.substring(slash + 1);
        if (c == null || !c.enabled() || this.notStarted.contains(c.id())
                || c.channels().stream().noneMatch(ch -> ch.id().equals(channelId))) {
            this.unresolvedAddressWarnings.incrementAndGet();
            return JsonNull.INSTANCE;
        }
        return this.values.getOrDefault(address, JsonNull.INSTANCE);
    }

    /** Every channel of the enabled components whose ids match both patterns (REST), in component order. */
    List<JsonObject> matchingChannels(java.util.regex.Pattern component, java.util.regex.Pattern channel) {
        List<JsonObject> result = new ArrayList<>();
        Map<String, Component> ordered = new LinkedHashMap<>(this.components);
        for (Component c : ordered.values()) {
            if (!c.enabled() || this.notStarted.contains(c.id()) || !component.matcher(c.id()).matches()) {
                continue;
            }
            for (Channel ch : c.channels()) {
                if (!channel.matcher(ch.id()).matches()) {
                    continue;
                }
                JsonObject record = new JsonObject();
                String address = c.id() + "/" + ch.id();
                record.addProperty("address", address);
                record.addProperty("type", ch.type());
                record.addProperty("accessMode", ch.accessMode());
                record.addProperty("text", ch.text());
                record.addProperty("unit", ch.unit());
                if (!ch.accessMode().equals("WO")) {
                    record.add("value", this.values.getOrDefault(address, JsonNull.INSTANCE));
                }
                result.add(record);
            }
        }
        return result;
    }
}
