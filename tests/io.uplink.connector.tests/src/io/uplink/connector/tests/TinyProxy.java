package io.uplink.connector.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP CONNECT proxy for tests: Debian's tinyproxy (installed by test.sh), started in the foreground on a
 * free loopback port with a generated configuration and stopped with the test.
 */
final class TinyProxy implements AutoCloseable {

    private final Path dir;
    private final Process process;
    private final int port;

    private TinyProxy(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** The tinyproxy binary, or empty when it is not installed. */
    static Optional<Path> binary() {
        for (String candidate : new String[] { "/usr/bin/tinyproxy", "/usr/sbin/tinyproxy",
                "/usr/local/bin/tinyproxy" }) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    /** Starts tinyproxy; with a user, CONNECT needs Basic authentication with that user and password. */
    static TinyProxy start(Path binary, String user, String password) throws IOException, InterruptedException {
        int port = freePort();
        Path dir = Files.createTempDirectory("uplink-tinyproxy");
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
        Process process = new ProcessBuilder(binary.toString(), "-d", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tinyproxy.log").toFile()).start();
        TinyProxy proxy = new TinyProxy(dir, process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!proxy.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("tinyproxy.log"));
                proxy.close();
                throw new IOException("tinyproxy did not start on 127.0.0.1:" + port + ": " + log);
            }
            Thread.sleep(50);
        }
        return proxy;
    }

    int port() {
        return port;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
