package io.uplink.agent.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.equinox.app.IApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.uplink.agent.AgentRuntime;
import io.uplink.agent.HeadlessApplication;

/** The agent bundle inside a real Equinox runtime with Felix SCR: components activate, the application runs and stops. */
class HeadlessApplicationOsgiTest {

    @TempDir
    Path dataDirectory;

    @Test
    void agentRuntimeComponentIsActivatedByDeclarativeServices() throws Exception {
        AgentRuntime runtime = awaitRuntime();
        assertNotNull(runtime, "AgentRuntime service not registered: is org.apache.felix.scr started?");
        Bundle agentBundle = FrameworkUtil.getBundle(AgentRuntime.class);
        assertEquals(Bundle.ACTIVE, agentBundle.getState(), "io.uplink.agent must be active");
    }

    @Test
    void headlessApplicationRunsUntilStoppedAndExitsWithZero() throws Exception {
        AgentRuntime runtime = awaitRuntime();
        HeadlessApplication application = new HeadlessApplication();
        Path keyFile = Files.writeString(dataDirectory.resolve("key.txt"), "osgi-test-key");
        CompletableFuture<Object> exit = CompletableFuture.supplyAsync(() -> run(application,
                "-consoleLog", "--data-dir=" + dataDirectory, "--apikey-file=" + keyFile, "--uri=ws://127.0.0.1:9"));

        waitUntil(() -> runtime.state() == AgentRuntime.State.RUNNING, Duration.ofSeconds(10));
        Path logFile = dataDirectory.resolve("logs/uplink-agent.log");
        assertTrue(Files.isRegularFile(logFile), "Logback writes the rolling log file into the data directory");
        assertTrue(!exit.isDone(), "the application must keep running until it is stopped");

        application.stop();
        assertEquals(IApplication.EXIT_OK, exit.get(10, TimeUnit.SECONDS));
        assertEquals(AgentRuntime.State.STOPPED, runtime.state());
        String log = Files.readString(logFile);
        assertTrue(log.contains("configuration: built-in defaults"), log);
        assertTrue(!log.contains("osgi-test-key"), "the API key never appears in the log");
        assertTrue(log.contains("Uplink agent stopped"), log);
    }

    @Test
    void editsOfTheConfigurationFileApplyWithoutRestartAndInvalidOnesAreRejected() throws Exception {
        AgentRuntime runtime = awaitRuntime();
        Path config = Files.writeString(dataDirectory.resolve("agent.properties"), "uri=ws://127.0.0.1:9/first\n");
        Path keyFile = Files.writeString(dataDirectory.resolve("key.txt"), "osgi-test-key");
        HeadlessApplication application = new HeadlessApplication();
        CompletableFuture<Object> exit = CompletableFuture.supplyAsync(() -> run(application,
                "--data-dir=" + dataDirectory, "--apikey-file=" + keyFile, "--config=" + config, "--summary=0"));
        try {
            waitUntil(() -> runtime.state() == AgentRuntime.State.RUNNING && runtime.status().isPresent(), Duration.ofSeconds(10));
            assertEquals("ws://127.0.0.1:9/first", runtime.status().get().snapshot().backendUri());

            Files.writeString(config, "uri=ws://127.0.0.1:9/second\n");
            Files.setLastModifiedTime(config, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            waitUntil(() -> runtime.status().get().snapshot().backendUri().endsWith("/second"), Duration.ofSeconds(10));

            Files.writeString(config, "uri=ftp://nope\n");
            Files.setLastModifiedTime(config, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10000));
            Thread.sleep(5000); // two polls
            assertEquals("ws://127.0.0.1:9/second", runtime.status().get().snapshot().backendUri(),
                    "an invalid edit leaves the running configuration as it was");
            String log = Files.readString(dataDirectory.resolve("logs/uplink-agent.log"));
            assertTrue(log.contains("not applied: uri"), "the error names the attribute:\n" + log);
        } finally {
            application.stop();
            assertEquals(IApplication.EXIT_OK, exit.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void unknownOptionExitsWithTwoWithoutStartingTheAgent() {
        Object exit = run(new HeadlessApplication(), "--no-such-option");
        assertEquals(2, exit);
    }

    @Test
    void apikeyOnTheCommandLineIsRefused() {
        assertEquals(2, run(new HeadlessApplication(), "--data-dir=" + dataDirectory, "--apikey=secret"));
    }

    @Test
    void startWithoutAnyApikeyIsRefusedWithExitTwo() {
        assertEquals(2, run(new HeadlessApplication(), "--data-dir=" + dataDirectory.resolve("fresh")));
    }

    @Test
    void missingConfigFileIsRefused() {
        Object exit = run(new HeadlessApplication(), "--config=" + dataDirectory.resolve("absent.properties"));
        assertEquals(2, exit);
    }

    private static Object run(HeadlessApplication application, String... args) {
        try {
            return application.start(new ArgumentsOnlyContext(args));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AgentRuntime awaitRuntime() throws InterruptedException {
        BundleContext context = FrameworkUtil.getBundle(HeadlessApplicationOsgiTest.class).getBundleContext();
        ServiceTracker<AgentRuntime, AgentRuntime> tracker = new ServiceTracker<>(context, AgentRuntime.class, null);
        tracker.open();
        try {
            return tracker.waitForService(10_000);
        } finally {
            tracker.close();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
