package io.uplink.connector.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real server from a Debian package (tinyproxy, microsocks, stunnel) run in the foreground for a test: in its own
 * temporary directory, on a free loopback port, with its output in {@code server.log}; started once the port
 * accepts connections, stopped and cleaned up with the test.
 */
final class ServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 20; // generous: other builds may load the CPUs

    private final String name;
    private final Path dir;
    private final Process process;
    private final int port;

    private ServerProcess(String name, Path dir, Process process, int port) {
        this.name = name;
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** The first of {@code candidates} that is an executable file, or empty when the package is not installed. */
    static Optional<Path> binary(String... candidates) {
        return Stream.of(candidates).map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** A temporary directory for a server's configuration; {@link #close()} deletes it. */
    static Path directory(String name) throws IOException {
        return Files.createTempDirectory("uplink-" + name);
    }

    /** Starts {@code command} in {@code dir} and waits until 127.0.0.1:{@code port} accepts connections. */
    static ServerProcess start(String name, Path dir, int port, List<String> command)
            throws IOException, InterruptedException {
        Path log = dir.resolve("server.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(name, dir, process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = Files.readString(log);
                server.close();
                throw new IOException(name + " did not start on 127.0.0.1:" + port + ": " + output);
            }
            Thread.sleep(50);
        }
        return server;
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
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
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public String toString() {
        return name + " on 127.0.0.1:" + port;
    }
}
