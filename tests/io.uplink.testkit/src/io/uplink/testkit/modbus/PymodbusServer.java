package io.uplink.testkit.modbus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * An independent Modbus/TCP device for tests: pymodbus (Debian's {@code python3-pymodbus}) run as a real process
 * on a free loopback port, serving the registers given here on one unit. Optionally every read is answered
 * {@code delayMs} late (a slow device). The process stops when closed, when the test JVM goes away (its stdin
 * closes) or after {@code maxSeconds}.
 */
public final class PymodbusServer implements AutoCloseable {

    /** Debian's interpreter: the package installs into its dist-packages, not into a pyenv or venv python. */
    private static final String[] PYTHONS = { "/usr/bin/python3", "python3" };
    private static final long START_TIMEOUT_MILLIS = 30_000; // generous: other builds may load the CPUs

    private static final String SCRIPT = """
            import asyncio, json, sys, threading, time, os
            from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext
            from pymodbus.server import StartAsyncTcpServer

            layout = json.load(open(sys.argv[1]))
            delay = layout.get("delayMs", 0) / 1000.0

            class SlowContext(ModbusSlaveContext):
                def getValues(self, fc_as_hex, address, count=1):
                    if delay > 0:
                        time.sleep(delay)  # blocks the event loop: the whole device is slow, as a real one
                    return super().getValues(fc_as_hex, address, count)

            def block(table, size, bits):
                values = [0] * size
                for start, words in layout.get(table, {}).items():
                    for i, w in enumerate(words):
                        values[int(start) + i] = bool(w) if bits else w
                return ModbusSequentialDataBlock(0, values)

            size = layout.get("size", 1000)
            ctx = SlowContext(hr=block("holding", size, False), ir=block("input", size, False),
                              co=block("coils", size, True), di=block("discrete", size, True), zero_mode=True)
            server_context = ModbusServerContext(slaves={layout["unit"]: ctx}, single=False)

            def watchdog():
                sys.stdin.read()  # EOF: the test JVM is gone
                os._exit(0)
            threading.Thread(target=watchdog, daemon=True).start()
            threading.Timer(layout.get("maxSeconds", 300), lambda: os._exit(0)).start()
            asyncio.run(StartAsyncTcpServer(context=server_context, address=("127.0.0.1", layout["port"])))
            """;

    private final Process process;
    private final Path directory;
    private final int port;

    private PymodbusServer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** The python interpreter that has pymodbus, or empty when the package is not installed. */
    public static Optional<String> python() {
        for (String python : PYTHONS) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import pymodbus.server").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(python);
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not there; try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public static Builder builder(int unitId) {
        return new Builder(unitId);
    }

    public int port() {
        return this.port;
    }

    /** What the server printed (pymodbus logs errors there). */
    public String log() throws IOException {
        return Files.readString(this.directory.resolve("server.log"));
    }

    @Override
    public void close() throws IOException {
        this.process.destroy();
        try {
            if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(this.directory)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(this.directory);
    }

    /** The registers and bits the device serves, by start address. */
    public static final class Builder {
        private final int unitId;
        private final Map<String, Map<Integer, int[]>> tables = new LinkedHashMap<>();
        private int delayMs;
        private int maxSeconds = 300;

        private Builder(int unitId) {
            this.unitId = unitId;
        }

        public Builder holding(int address, int... words) {
            return put("holding", address, words);
        }

        public Builder input(int address, int... words) {
            return put("input", address, words);
        }

        public Builder coils(int address, int... bits) {
            return put("coils", address, bits);
        }

        public Builder discrete(int address, int... bits) {
            return put("discrete", address, bits);
        }

        /** Every read is answered this late. */
        public Builder delayMs(int value) {
            this.delayMs = value;
            return this;
        }

        public Builder maxSeconds(int value) {
            this.maxSeconds = value;
            return this;
        }

        private Builder put(String table, int address, int... values) {
            this.tables.computeIfAbsent(table, t -> new TreeMap<>()).put(address, values.clone());
            return this;
        }

        /** Starts the process and waits until its port accepts connections. */
        public PymodbusServer start() throws IOException, InterruptedException {
            String python = python().orElseThrow(() -> new IllegalStateException(
                    "no python3 with pymodbus: install the Debian packages python3-pymodbus python3-serial-asyncio"));
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path dir = Files.createTempDirectory("uplink-pymodbus");
            Files.writeString(dir.resolve("server.py"), SCRIPT);
            Files.writeString(dir.resolve("layout.json"), layoutJson(port), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(python, "server.py", "layout.json").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            PymodbusServer server = new PymodbusServer(process, dir, port);
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
            while (true) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
                    return server;
                } catch (IOException notYet) {
                    if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                        String log = Files.readString(dir.resolve("server.log"));
                        server.close();
                        throw new IOException("pymodbus did not start on port " + port + ": " + log);
                    }
                    Thread.sleep(100);
                }
            }
        }

        private String layoutJson(int port) {
            StringBuilder json = new StringBuilder("{\"port\": " + port + ", \"unit\": " + this.unitId
                    + ", \"delayMs\": " + this.delayMs + ", \"maxSeconds\": " + this.maxSeconds);
            for (Map.Entry<String, Map<Integer, int[]>> table : this.tables.entrySet()) {
                json.append(", \"").append(table.getKey()).append("\": {");
                String separator = "";
                for (Map.Entry<Integer, int[]> run : table.getValue().entrySet()) {
                    json.append(separator).append('"').append(run.getKey()).append("\": [");
                    for (int i = 0; i < run.getValue().length; i++) {
                        json.append(i > 0 ? ", " : "").append(run.getValue()[i] & 0xFFFF);
                    }
                    json.append(']');
                    separator = ", ";
                }
                json.append('}');
            }
            return json.append('}').toString();
        }
    }
}
