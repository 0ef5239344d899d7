package io.uplink.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Starts the uplink-agent script of each product as a user would, as a real process: it must run until
 * SIGTERM, then stop cleanly with exit code 0; a bad option must stop it at once with exit code 2.
 */
class AgentStartScriptTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = { "full", "slim" })
    void runsUntilSigtermThenExitsWithZero(String product) throws Exception {
        Path dataDirectory = work.resolve("data");
        Path log = work.resolve("console.log");
        Path keyFile = Files.writeString(work.resolve("apikey"), "product-test-key\n");
        // nothing listens on this port: the agent keeps retrying, which is what a device does without its Backend
        Process agent = new ProcessBuilder(script(product).toString(), "--data-dir=" + dataDirectory,
                "--apikey-file=" + keyFile, "--uri=ws://127.0.0.1:9", "--summary=0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            waitForLine(agent, log, "Uplink agent running");
            assertTrue(agent.isAlive(), "the agent keeps running until it is stopped");
            agent.destroy(); // SIGTERM on Linux
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the agent stops within 30 s of SIGTERM");
            assertEquals(0, agent.exitValue(), "exit code after SIGTERM; console:\n" + read(log));
            String console = read(log);
            assertTrue(console.contains("Received SIGTERM, stopping"), console);
            assertTrue(console.contains("Uplink agent stopped"), console);
            assertTrue(console.matches("(?s).*Uplink agent \\d+\\.\\d+\\.\\d+\\.\\d+ starting.*"), "version logged:\n" + console);
            assertTrue(console.contains("configuration: built-in defaults (no --config) + command-line options [uri]"),
                    "configuration source logged:\n" + console);
            assertTrue(!console.contains("product-test-key"), "the API key never appears in the console");
            Path logFile = dataDirectory.resolve("logs/uplink-agent.log");
            String fileLog = Files.readString(logFile);
            assertTrue(fileLog.contains("Uplink agent stopped"), "the rolling log file in the data directory has the same lines");
            assertTrue(!fileLog.contains("product-test-key"), "the API key never appears in the log file");
        } finally {
            agent.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "full", "slim" })
    void badOptionExitsWithTwoAndNamesTheOption(String product) throws Exception {
        Process agent = new ProcessBuilder(script(product).toString(), "--data-dir=" + work, "--frobnicate=3")
                .redirectErrorStream(true).start();
        String output = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(agent.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, agent.exitValue(), output);
        assertTrue(output.contains("unknown option '--frobnicate'"), output);
    }

    private static Path script(String product) {
        Path installation = product.equals("full")
                ? Products.installation(Products.fullProductTarget(), "uplink")
                : Products.installation(Products.agentProductTarget(), "uplink-agent");
        Path script = installation.resolve("uplink-agent");
        assertTrue(Files.isExecutable(script), "start script is executable: " + script);
        return script;
    }

    private static void waitForLine(Process process, Path log, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!read(log).contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("agent exited with " + process.exitValue() + " before '" + text + "':\n" + read(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within " + START_TIMEOUT + ":\n" + read(log));
            }
            Thread.sleep(100);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
