package io.uplink.edge.openems.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.uplink.core.ChannelMetadata;
import io.uplink.core.SourceHealth;
import io.uplink.edge.openems.OpenEmsSourceConfig;

/**
 * Reads an Edge through {@code Controller.Api.Rest.ReadOnly}: one {@code GET /rest/channel/.*}{@code /.*} per
 * poll interval, one request at a time on one kept-alive connection (the Edge accepts 10 new connections per 5 s
 * and serves 5 at once, shared with other integrators). The dump carries type, unit and text but no priority, so
 * the profile assigns priorities. A channel missing from a dump is dropped only after the removal grace: an Edge
 * that starts up lists its components one by one.
 */
public final class RestReader implements AutoCloseable {

    private static final String ALL_CHANNELS = "/rest/channel/.*/.*";

    private final OpenEmsSourceConfig config;
    private final SourceState state;
    private final HttpClient http;
    private final String authorization;
    /** address → (metadata, last seen in a dump, System.nanoTime) */
    private final Map<String, Seen> seen = new HashMap<>();

    private record Seen(ChannelMetadata channel, long atNanos) {
    }

    public RestReader(OpenEmsSourceConfig config, SourceState state) {
        this.config = config;
        this.state = state;
        // HTTP/1.1 with sequential requests: the client keeps reusing its one idle connection
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout()).build();
        // only the password decides the user; the name is ignored by the Edge
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("x:" + config.password()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Polls until {@code keepGoing} says stop (returns normally) or a poll fails.
     *
     * @param reason why REST is used (shown in the health while it works)
     * @throws ReaderFailure why polling stopped
     */
    public void run(BooleanSupplier keepGoing, String reason) throws ReaderFailure, InterruptedException {
        long interval = this.config.restPollInterval().toNanos();
        long next = System.nanoTime();
        while (keepGoing.getAsBoolean()) {
            this.pollOnce();
            this.state.setHealth(SourceHealth.State.OK, "reading through REST ReadOnly at " + this.config.restUri()
                    + (reason.isEmpty() ? "" : " (" + reason + ")") + "; priorities come from the profile");
            // a poll that overran its slot skips the next one instead of queueing
            next += interval;
            long now = System.nanoTime();
            if (next - now < 0) {
                next = now + interval - Math.floorMod(now - next, interval);
            }
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
    }

    void pollOnce() throws ReaderFailure, InterruptedException {
        URI base = this.config.restUri();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + ALL_CHANNELS))
                .timeout(this.config.requestTimeout()).header("Authorization", this.authorization)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new ReaderFailure(SourceHealth.State.UNAVAILABLE, base + ": no answer within "
                    + this.config.requestTimeout().toSeconds() + " s; the REST API serves at most 5 connections at"
                    + " once (connectionlimit), other clients may hold them", e);
        } catch (ConnectException e) {
            throw new ReaderFailure(SourceHealth.State.UNAVAILABLE, base + ": connection refused (is the Edge"
                    + " running, is Controller.Api.Rest.ReadOnly enabled on this port?)", e);
        } catch (IOException e) {
            throw new ReaderFailure(SourceHealth.State.UNAVAILABLE, base + ": " + e, e);
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        // Edges since 2025.4 answer a bad password with 500 and a Jetty HTML page, older ones with 401
        if (status == 401 || (status == 500 && body.contains("Authentication failed"))) {
            throw new ReaderFailure(SourceHealth.State.AUTH_FAILED, base + ": the Edge refused the password (HTTP "
                    + status + ", Authentication failed); check --source-password-file");
        }
        if (status != 200) {
            throw new ReaderFailure(SourceHealth.State.UNAVAILABLE, base + ALL_CHANNELS + ": HTTP " + status
                    + (body.isBlank() ? "" : ": " + summary(body)));
        }
        JsonElement dump;
        try {
            dump = JsonParser.parseString(body);
        } catch (RuntimeException e) {
            throw new ReaderFailure(SourceHealth.State.UNAVAILABLE, base + ALL_CHANNELS + ": not JSON: " + summary(body));
        }
        // exactly one match comes as a bare object, more as an array
        List<JsonObject> records = new ArrayList<>();
        if (dump.isJsonArray()) {
            dump.getAsJsonArray().forEach(e -> {
                if (e.isJsonObject()) {
                    records.add(e.getAsJsonObject());
                }
            });
        } else if (dump.isJsonObject()) {
            records.add(dump.getAsJsonObject());
        }
        this.publish(records);
    }

    private void publish(List<JsonObject> records) {
        long now = System.nanoTime();
        Map<String, JsonElement> values = new HashMap<>();
        for (JsonObject record : records) {
            if (!(record.get("address") instanceof JsonElement a) || !a.isJsonPrimitive()) {
                continue;
            }
            String address = a.getAsString();
            int slash = address.indexOf('/');
            if (slash <= 0) {
                continue;
            }
            Seen known = this.seen.get(address);
            ChannelMetadata channel = known != null ? known.channel
                    : ChannelRecords.toMetadata(address.substring(0, slash), address.substring(slash + 1), record);
            if (channel == null) {
                continue;
            }
            this.seen.put(address, new Seen(channel, now));
            values.put(address, record.get("value"));
        }
        long grace = this.config.restRemovalGrace().toNanos();
        this.seen.values().removeIf(s -> now - s.atNanos > grace);
        List<ChannelMetadata> channels = ChannelRecords.sorted(this.seen.values().stream().map(Seen::channel).toList());
        this.state.publishChannels(channels);
        SourceState.Layout layout = this.state.layout();
        Object[] array = new Object[layout.channels().size()];
        for (int i = 0; i < array.length; i++) {
            ChannelMetadata channel = layout.channels().get(i);
            array[i] = ChannelRecords.value(channel, values.get(channel.address().toString()));
        }
        this.state.publishValues(layout, array);
    }

    /** The title of an HTML error page, or the first 200 characters. */
    private static String summary(String body) {
        int title = body.indexOf("<title>");
        int end = body.indexOf("</title>");
        if (title >= 0 && end > title) {
            return "HTML page '" + body.substring(title + 7, end).trim() + "'";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    @Override
    public void close() {
        this.http.shutdownNow();
    }
}
