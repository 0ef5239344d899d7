package io.uplink.connector.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real HTTPS proxy for tests: Debian's stunnel4 (installed by test.sh) terminating TLS on a free loopback port in
 * front of another proxy (tinyproxy), so that the client speaks TLS to the proxy and HTTP CONNECT inside it.
 */
final class Stunnel implements AutoCloseable {

    private final ServerProcess server;

    private Stunnel(ServerProcess server) {
        this.server = server;
    }

    static Optional<Path> binary() {
        return ServerProcess.binary("/usr/bin/stunnel4", "/usr/bin/stunnel", "/usr/local/bin/stunnel");
    }

    /** TLS with {@code certificate} (PEM chain) and {@code key} (PKCS#8 PEM) in front of 127.0.0.1:{@code backendPort}. */
    static Stunnel start(Path binary, Path certificate, Path key, int backendPort)
            throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        Path dir = ServerProcess.directory("stunnel");
        Path conf = dir.resolve("stunnel.conf");
        Files.writeString(conf, """
                foreground = yes
                pid =
                debug = notice
                [https-proxy]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                """.formatted(port, backendPort, certificate, key));
        return new Stunnel(ServerProcess.start("stunnel", dir, port, List.of(binary.toString(), conf.toString())));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
