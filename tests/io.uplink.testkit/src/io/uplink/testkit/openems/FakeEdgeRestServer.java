package io.uplink.testkit.openems;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.google.gson.JsonArray;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The fake's {@code Controller.Api.Rest.ReadOnly} (Jetty 12 behaviour, 2025.4 and later), on the JDK's HTTP server. */
final class FakeEdgeRestServer {
    private static final String CHANNEL_PREFIX = "/rest/channel/";

    private final FakeOpenEmsEdge edge;
    final AtomicInteger requests = new AtomicInteger();
    final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    volatile boolean legacyErrors;
    private final Object holdLock = new Object();
    private boolean held;
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    FakeEdgeRestServer(FakeOpenEmsEdge edge) {
        this.edge = edge;
    }

    synchronized void start() throws IOException {
        if (this.server != null) {
            return;
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 0);
        this.executor = Executors.newFixedThreadPool(5); // the Edge's connectionlimit
        this.server.setExecutor(this.executor);
        this.server.createContext("/", this::handle);
        this.server.start();
        this.port = this.server.getAddress().getPort();
    }

    synchronized void stop() {
        this.hold(false);
        if (this.server != null) {
            this.server.stop(0);
            this.executor.shutdownNow();
            this.server = null;
        }
    }

    int port() {
        return this.port;
    }

    void hold(boolean hold) {
        synchronized (this.holdLock) {
            this.held = hold;
            this.holdLock.notifyAll();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            synchronized (this.holdLock) {
                while (this.held) {
                    this.holdLock.wait();
                }
            }
            this.requests.incrementAndGet();
            this.clientPorts.add(exchange.getRemoteAddress().getPort());
            if (!this.authenticated(exchange.getRequestHeaders().getFirst("Authorization"))) {
                if (this.legacyErrors) {
                    send(exchange, 401, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":\"" + java.util.UUID.randomUUID()
                            + "\",\"error\":{\"code\":1003,\"message\":\"Authentication failed\",\"data\":[]}}");
                } else {
                    send(exchange, 500, "text/html;charset=iso-8859-1", jettyErrorPage(
                            "io.openems.common.exceptions.OpenemsError$OpenemsNamedException: Authentication failed"));
                }
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (!exchange.getRequestMethod().equals("GET") || !path.startsWith(CHANNEL_PREFIX)) {
                send(exchange, 500, "text/html;charset=iso-8859-1", jettyErrorPage(
                        "io.openems.common.exceptions.OpenemsException: Unhandled REST target [" + path + "]"));
                return;
            }
            String rest = path.substring(CHANNEL_PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                send(exchange, 404, null, "");
                return;
            }
            Pattern component;
            Pattern channel;
            try {
                component = Pattern.compile(URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8));
                channel = Pattern.compile(URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8));
            } catch (PatternSyntaxException e) {
                send(exchange, 400, null, "");
                return;
            }
            List<com.google.gson.JsonObject> matches = this.edge.matchingChannels(component, channel);
            if (matches.isEmpty()) {
                send(exchange, 404, null, "");
            } else if (matches.size() == 1) {
                send(exchange, 200, "application/json", matches.get(0).toString()); // "for compatibility"
            } else {
                JsonArray array = new JsonArray();
                matches.forEach(array::add);
                send(exchange, 200, "application/json", array.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Basic authentication where only the password counts. */
    private boolean authenticated(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && this.edge.passwordMatches(decoded.substring(colon + 1));
    }

    private static String jettyErrorPage(String message) {
        return "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=ISO-8859-1\"/>\n"
                + "<title>Error 500 " + message + "</title>\n</head>\n<body>\n<h2>HTTP ERROR 500 " + message
                + "</h2>\n<table>\n<tr><th>URI:</th><td>/rest/channel</td></tr>\n<tr><th>STATUS:</th><td>500</td></tr>\n"
                + "</table>\n</body>\n</html>\n";
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
