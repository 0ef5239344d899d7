package io.uplink.backend.local.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.uplink.backend.local.BackendCommandLine;
import io.uplink.backend.local.BackendRunner;
import io.uplink.backend.local.CommandLineException;
import io.uplink.backend.local.LauncherArguments;
import io.uplink.backend.local.LocalBackend;

/** Options of the backend application and its run loop, without OSGi. */
class BackendCommandLineTest {

    @Test
    void defaultsAreLoopbackPort8081AndTheDemoEdge() throws CommandLineException {
        BackendCommandLine commandLine = BackendCommandLine.parse(List.of());
        assertEquals("127.0.0.1", commandLine.host());
        assertEquals(8081, commandLine.port());
        assertEquals(Map.of("uplink-demo-key", "edge0"), commandLine.apikeyToEdgeId());
        assertFalse(commandLine.helpRequested());
    }

    @Test
    void allOptionsAreParsed() throws CommandLineException {
        BackendCommandLine commandLine = BackendCommandLine.parse(List.of("--port=9000", "--host=0.0.0.0",
                "--edge=key-a:edge1", "--edge=key:with:colons:edge2", "--help"));
        assertEquals("0.0.0.0", commandLine.host());
        assertEquals(9000, commandLine.port());
        assertEquals(Map.of("key-a", "edge1", "key:with:colons", "edge2"), commandLine.apikeyToEdgeId());
        assertTrue(commandLine.helpRequested());
        assertEquals(0, BackendCommandLine.parse(List.of("--port=0")).port());
    }

    @Test
    void badOptionsAreNamedInTheMessage() {
        Map<List<String>, String> expected = Map.of(
                List.of("--bogus"), "unknown option '--bogus'",
                List.of("edge0"), "unknown option 'edge0'",
                List.of("--port=abc"), "--port must be a number from 0 to 65535, got 'abc'",
                List.of("--port=70000"), "--port must be a number from 0 to 65535, got '70000'",
                List.of("--host="), "--host needs an address",
                List.of("--edge=nocolon"), "--edge must be APIKEY:EDGEID, got 'nocolon'",
                List.of("--edge=:edge0"), "--edge must be APIKEY:EDGEID, got ':edge0'",
                List.of("--edge=key:"), "--edge must be APIKEY:EDGEID, got 'key:'",
                List.of("--edge=key:edge 0"), "--edge edge id 'edge 0'",
                List.of("--edge=k:edge0", "--edge=k:edge1"), "--edge apikey given twice: 'k:edge1'");
        expected.forEach((args, message) -> {
            CommandLineException error = assertThrows(CommandLineException.class, () -> BackendCommandLine.parse(args));
            assertTrue(error.getMessage().contains(message), args + " -> " + error.getMessage());
        });
    }

    @Test
    void eclipseLauncherArgumentsAreIgnored() {
        String[] args = { "-consoleLog", "-nosplash", "-data", "/tmp/ws", "--port=1234", "-configuration", "/c",
            "-os", "linux", "-ws", "gtk", "-arch", "x86_64", "-nl", "en", "-launcher", "/x/uplink", "-name", "Uplink",
            "-showsplash", "-application", "io.uplink.backend.local.backend", "-product", "p", "--edge=k:e1",
            "-vmargs", "-Xmx1g", "--bogus" };
        assertEquals(List.of("--port=1234", "--edge=k:e1"), LauncherArguments.strip(args));
    }

    @Test
    void runnerExitsWith2OnBadArgumentsAnd0OnHelp() {
        Output output = new Output();
        assertEquals(2, output.runner().run(List.of("--port=x")));
        assertTrue(output.err().contains("--port must be a number"), output.err());

        Output help = new Output();
        assertEquals(0, help.runner().run(List.of("--help")));
        assertTrue(help.out().startsWith("Usage: backend [--port=N]"), help.out());
        assertTrue(help.out().contains("default 127.0.0.1"), help.out());
    }

    @Test
    void runnerPrintsSummaryLinesUntilStopped() throws Exception {
        Output output = new Output();
        BackendRunner runner = output.runner();
        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(
                () -> runner.run(List.of("--port=0", "--edge=key-9:edge9")));
        LocalBackend backend = runner.awaitStarted(TestEdge.WAIT);
        assertNotNull(backend, output.err());
        try (TestEdge edge = TestEdge.connect(backend.port(), "key-9")) {
            backend.awaitConnected("edge9", TestEdge.WAIT);
            long deadline = System.nanoTime() + TestEdge.WAIT.toNanos();
            while (!output.out().contains("edges 1/1 connected | edge9 td=0") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(output.out().contains("backend :" + backend.port() + " | edges 1/1 connected | edge9 td=0"),
                    output.out());
            runner.stop();
            assertEquals(0, exitCode.get(10, TimeUnit.SECONDS));
            assertTrue(runner.awaitStopped(Duration.ZERO));
            edge.awaitClose();
        }
        assertTrue(output.out().startsWith("Local OpenEMS Backend on ws://127.0.0.1:" + backend.port()
                + "/ for edges [edge9]"), output.out());
    }

    @Test
    void runnerExitsWith1WhenThePortIsTaken() throws IOException {
        try (LocalBackend occupying = LocalBackend.start("127.0.0.1", 0, Map.of("k", "edge0"))) {
            Output output = new Output();
            assertEquals(1, output.runner().run(List.of("--port=" + occupying.port())));
            assertTrue(output.err().contains("cannot start the WebSocket server on 127.0.0.1:" + occupying.port()),
                    output.err());
        }
    }

    /** Captures what a runner prints. */
    private static final class Output {
        private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        private final BackendRunner runner = new BackendRunner(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8), Duration.ofMillis(50));

        BackendRunner runner() {
            return runner;
        }

        String out() {
            synchronized (outBytes) {
                return outBytes.toString(StandardCharsets.UTF_8);
            }
        }

        String err() {
            synchronized (errBytes) {
                return errBytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
