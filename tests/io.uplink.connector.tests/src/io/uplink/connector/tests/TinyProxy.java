package io.uplink.connector.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real HTTP CONNECT proxy for tests: Debian's tinyproxy (installed by test.sh), started in the foreground on a
 * free loopback port with a generated configuration and stopped with the test.
 */
final class TinyProxy implements AutoCloseable {

    private final ServerProcess server;

    private TinyProxy(ServerProcess server) {
        this.server = server;
    }

    /** The tinyproxy binary, or empty when it is not installed. */
    static Optional<Path> binary() {
        return ServerProcess.binary("/usr/bin/tinyproxy", "/usr/sbin/tinyproxy", "/usr/local/bin/tinyproxy");
    }

    /** Starts tinyproxy; with a user, CONNECT needs Basic authentication with that user and password. */
    static TinyProxy start(Path binary, String user, String password) throws IOException, InterruptedException {
        int port = freePort();
        Path dir = ServerProcess.directory("tinyproxy");
        StringBuilder config = new StringBuilder();
        if ("root".equals(System.getProperty("user.name"))) {
            config.append("User nobody\nGroup nogroup\n"); // tinyproxy will not keep root rights
        }
        config.append("Listen 127.0.0.1\nPort ").append(port).append("\nTimeout 60\nMaxClients 50\n")
                .append("Allow 127.0.0.1\nLogLevel Connect\n");
        if (user != null) {
            config.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
        }
        Path conf = dir.resolve("tinyproxy.conf");
        Files.writeString(conf, config);
        return new TinyProxy(ServerProcess.start("tinyproxy", dir, port,
                List.of(binary.toString(), "-d", "-c", conf.toString())));
    }

    int port() {
        return server.port();
    }

    static int freePort() throws IOException {
        return ServerProcess.freePort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
