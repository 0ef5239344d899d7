package io.uplink.edge.openems;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how to read an OpenEMS Edge. The websocket ({@code Controller.Api.Websocket}) is preferred; REST
 * ReadOnly ({@code Controller.Api.Rest.ReadOnly}) is the fallback while the websocket cannot be reached, and the
 * only path when no websocket is given. Timings default to the values of {@code edge-sources.md}.
 *
 * @param websocketUri {@code ws://host:8085/} or {@code wss://host/openems-edge}; null for REST only
 * @param restUri {@code http://host:8084}; null for no REST fallback
 * @param password the Edge user's password (only the password decides the user; GUEST {@code user} is enough)
 * @param requestTimeout a JSON-RPC request or REST GET without an answer in this time fails (the Edge sets none)
 * @param staleAfter no currentData for this long: the values are null and the health says STALE (3 Edge cycles)
 * @param reconnectBase first wait after a failed attempt; doubles per failure, with jitter
 * @param reconnectMax the waits stop growing here
 * @param authRetry wait after the first refused password (the Edge logs a stack trace per failure)
 * @param authRetryMax wait after further refused passwords
 * @param reenumerateInterval the channels are enumerated again this often even without a change notification
 * @param missingRetry components that could not be enumerated (not started yet) are tried again this often
 * @param restPollInterval one REST GET per this interval (the Edge's cycle)
 * @param restRemovalGrace a channel missing from REST dumps is dropped only after this long (the Edge starts up
 *        component by component)
 * @param websocketProbeInterval while on REST, the websocket is tried again this often
 */
public record OpenEmsSourceConfig(URI websocketUri, URI restUri, String password, Duration requestTimeout,
        Duration staleAfter, Duration reconnectBase, Duration reconnectMax, Duration authRetry, Duration authRetryMax,
        Duration reenumerateInterval, Duration missingRetry, Duration restPollInterval, Duration restRemovalGrace,
        Duration websocketProbeInterval) {

    public static final int DEFAULT_WEBSOCKET_PORT = 8085;
    public static final int DEFAULT_REST_PORT = 8084;

    public OpenEmsSourceConfig {
        if (websocketUri == null && restUri == null) {
            throw new IllegalArgumentException("an OpenEMS Edge source needs a websocket or a REST URI");
        }
        Objects.requireNonNull(password, "password");
        for (Duration d : new Duration[] { requestTimeout, staleAfter, reconnectBase, reconnectMax, authRetry,
                authRetryMax, reenumerateInterval, missingRetry, restPollInterval, restRemovalGrace,
                websocketProbeInterval }) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("OpenEMS source timings must be positive");
            }
        }
    }

    /** The defaults of the doc for the given URIs. */
    public static OpenEmsSourceConfig of(URI websocketUri, URI restUri, String password) {
        return new OpenEmsSourceConfig(websocketUri, restUri, password, Duration.ofSeconds(10), Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMinutes(5));
    }

    /**
     * Parses the part after {@code openems:} of a {@code --source} option: {@code ws://HOST:8085} (REST fallback on
     * {@code http://HOST:8084}), {@code ws://HOST:8085?rest=http://HOST:9084} (another REST address),
     * {@code ws://HOST:8085?rest=none} (no fallback), or {@code http://HOST:8084} (REST only).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static OpenEmsSourceConfig parse(String spec, String password) {
        URI uri;
        try {
            uri = new URI(spec.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + spec + "' is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + spec + "' has no host; expected e.g. ws://192.168.1.10:8085");
        }
        String rest = null;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (!key.equals("rest")) {
                    throw new IllegalArgumentException("'" + spec + "': unknown parameter '" + key + "' (known: rest)");
                }
                rest = eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        switch (scheme) {
            case "ws", "wss" -> {
                URI websocket = withoutQuery(uri, uri.getPort() < 0 && scheme.equals("ws") ? DEFAULT_WEBSOCKET_PORT : uri.getPort());
                URI restUri;
                if (rest == null) {
                    restUri = URI.create("http://" + hostPart(uri.getHost()) + ":" + DEFAULT_REST_PORT);
                } else if (rest.equals("none")) {
                    restUri = null;
                } else {
                    restUri = restUri(rest, spec);
                }
                return of(websocket, restUri, password);
            }
            case "http", "https" -> {
                if (rest != null) {
                    throw new IllegalArgumentException("'" + spec + "': rest= belongs to a ws:// address");
                }
                return of(null, restUri(spec.trim(), spec), password);
            }
            default -> throw new IllegalArgumentException("'" + spec + "' is neither ws://, wss:// (Controller.Api."
                    + "Websocket) nor http:// (Controller.Api.Rest.ReadOnly)");
        }
    }

    private static URI restUri(String text, String spec) {
        URI uri = URI.create(text);
        if (uri.getHost() == null || uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http")) {
            throw new IllegalArgumentException("'" + spec + "': REST address '" + text + "' is not http://HOST:PORT");
        }
        return URI.create(uri.getScheme() + "://" + hostPart(uri.getHost()) + ":"
                + (uri.getPort() < 0 ? DEFAULT_REST_PORT : uri.getPort()));
    }

    private static URI withoutQuery(URI uri, int port) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return URI.create(uri.getScheme() + "://" + hostPart(uri.getHost()) + (port < 0 ? "" : ":" + port) + path);
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** A short name for logs and the UI: {@code openems@host:port}. */
    public String displayName() {
        URI main = this.websocketUri != null ? this.websocketUri : this.restUri;
        return "openems@" + main.getHost() + (main.getPort() < 0 ? "" : ":" + main.getPort());
    }

    public OpenEmsSourceConfig withTimings(Duration newRequestTimeout, Duration newStaleAfter,
            Duration newReconnectBase, Duration newReconnectMax, Duration newAuthRetry, Duration newAuthRetryMax) {
        return new OpenEmsSourceConfig(this.websocketUri, this.restUri, this.password, newRequestTimeout, newStaleAfter,
                newReconnectBase, newReconnectMax, newAuthRetry, newAuthRetryMax, this.reenumerateInterval,
                this.missingRetry, this.restPollInterval, this.restRemovalGrace, this.websocketProbeInterval);
    }

    public OpenEmsSourceConfig withIntervals(Duration newReenumerateInterval, Duration newMissingRetry,
            Duration newRestPollInterval, Duration newRestRemovalGrace, Duration newWebsocketProbeInterval) {
        return new OpenEmsSourceConfig(this.websocketUri, this.restUri, this.password, this.requestTimeout,
                this.staleAfter, this.reconnectBase, this.reconnectMax, this.authRetry, this.authRetryMax,
                newReenumerateInterval, newMissingRetry, newRestPollInterval, newRestRemovalGrace,
                newWebsocketProbeInterval);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "OpenEmsSourceConfig[websocket=" + this.websocketUri + ", rest=" + this.restUri + "]";
    }
}
