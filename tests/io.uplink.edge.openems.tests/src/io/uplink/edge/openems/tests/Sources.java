package io.uplink.edge.openems.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import io.uplink.core.ChannelSnapshot;
import io.uplink.core.SourceHealth;
import io.uplink.edge.openems.OpenEmsEdgeSource;
import io.uplink.edge.openems.OpenEmsSourceConfig;

/** Sources with test timings (fast retries) against the fake Edge. */
final class Sources {
    static final Duration CYCLE = Duration.ofMillis(100);

    private Sources() {
    }

    static OpenEmsSourceConfig config(URI websocket, URI rest, String password) {
        return OpenEmsSourceConfig.of(websocket, rest, password)
                .withTimings(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofMillis(800), Duration.ofMillis(800))
                .withIntervals(Duration.ofMinutes(5), Duration.ofMillis(300), CYCLE, Duration.ofSeconds(2),
                        Duration.ofSeconds(2));
    }

    static OpenEmsEdgeSource start(OpenEmsSourceConfig config) {
        return new OpenEmsEdgeSource(config, Clock.systemUTC()).start();
    }

    /** A loopback port nobody listens on. */
    static URI closedPort(String scheme) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort() + "/");
        }
    }

    static Object value(OpenEmsEdgeSource source, String address) {
        ChannelSnapshot snapshot = source.read(System.currentTimeMillis());
        for (int i = 0; i < snapshot.size(); i++) {
            if (snapshot.channel(i).address().toString().equals(address)) {
                return snapshot.value(i);
            }
        }
        return null;
    }

    static boolean has(OpenEmsEdgeSource source, String address) {
        return source.channels().stream().anyMatch(c -> c.address().toString().equals(address));
    }

    static boolean is(OpenEmsEdgeSource source, SourceHealth.State state) {
        return source.health().state() == state;
    }

    static void awaitReading(OpenEmsEdgeSource source) {
        Await.until("the source reading values", () -> source.health().isOk() && value(source, "_sum/EssSoc") != null,
                () -> source.health() + ", " + source.channels().size() + " channels");
    }
}
