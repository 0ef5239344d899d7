package io.uplink.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's loop as real processes from the slim device product: uplink-backend and uplink-agent on the
 * simulated edge. Data must reach the strict local Backend without a single protocol problem, the key must
 * never show in any output or file in plain text, and both must stop cleanly on SIGTERM.
 */
class AgentBackendLoopTest {
    private static final String KEY = "loop-test-key-93517";
    private static final Pattern SUMMARY = Pattern.compile("edge0 td=(\\d+) .* cfg=(\\d+) \\| values (\\d+) \\| problems (\\d+)");

    @TempDir
    Path work;

    @Test
    void agentDeliversToTheLocalBackendAndBothStopCleanly() throws Exception {
        Path installation = Products.installation(Products.agentProductTarget(), "uplink-agent");
        int port = freePort();
        Path backendLog = work.resolve("backend.log");
        Path agentLog = work.resolve("agent.log");
        Path keyFile = Files.writeString(work.resolve("key"), KEY + "\n");
        Path dataDirectory = work.resolve("data");
        Process backend = new ProcessBuilder(installation.resolve("uplink-backend").toString(), "--port=" + port,
                "--edge=" + KEY + ":edge0").redirectErrorStream(true).redirectOutput(backendLog.toFile()).start();
        Process agent = null;
        try {
            waitFor(backendLog, backend, "for edges [edge0]", Duration.ofSeconds(60));
            agent = new ProcessBuilder(installation.resolve("uplink-agent").toString(), "--uri=ws://127.0.0.1:" + port,
                    "--apikey-file=" + keyFile, "--data-dir=" + dataDirectory, "--summary=1", "--debugMode=true")
                    .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
            Matcher summary = awaitSummary(backendLog, backend, Duration.ofSeconds(60));
            assertTrue(Integer.parseInt(summary.group(1)) >= 3, "timestampedData messages arrived: " + summary.group());
            assertEquals("1", summary.group(2), "one edgeConfig");
            assertTrue(Integer.parseInt(summary.group(3)) > 40, "the simulated edge's channels are current at the Backend");
            assertEquals("0", summary.group(4), "the strict Backend found no protocol problem:\n" + Files.readString(backendLog));
            waitFor(agentLog, agent, "CONNECTED ws://127.0.0.1:" + port, Duration.ofSeconds(10));

            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, agent.exitValue(), Files.readString(agentLog));
            backend.destroy();
            assertTrue(backend.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, backend.exitValue(), Files.readString(backendLog));
            String fileLog = Files.readString(dataDirectory.resolve("logs/uplink-agent.log"));
            assertTrue(fileLog.contains("debugMode: sent timestampedData") && fileLog.contains("debugMode: sent edgeConfig"),
                    "debugMode logs every message sent");
            for (Path file : new Path[] { agentLog, dataDirectory.resolve("logs/uplink-agent.log") }) {
                assertFalse(Files.readString(file).contains(KEY), "the API key appears in " + file);
            }
        } finally {
            if (agent != null) {
                agent.destroyForcibly();
            }
            backend.destroyForcibly();
        }
    }

    private static Matcher awaitSummary(Path log, Process process, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher last = null;
            for (String line : Files.readAllLines(log)) {
                Matcher matcher = SUMMARY.matcher(line);
                if (matcher.find()) {
                    last = matcher;
                }
            }
            if (last != null && Integer.parseInt(last.group(1)) >= 3) {
                return last;
            }
            if (!process.isAlive()) {
                throw new AssertionError("backend exited: " + Files.readString(log));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no data at the backend within " + timeout + ":\n" + Files.readString(log));
    }

    private static void waitFor(Path log, Process process, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' (alive: " + process.isAlive() + "):\n"
                        + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
