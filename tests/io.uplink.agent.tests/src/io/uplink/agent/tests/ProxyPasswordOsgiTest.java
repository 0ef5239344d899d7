package io.uplink.agent.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.equinox.app.IApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.uplink.agent.AgentRuntime;
import io.uplink.agent.HeadlessApplication;
import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.connector.Diagnosis;

/**
 * The shipped agent's proxy password: given once with {@code --proxy-password-file}, kept in secure storage, used
 * for a real SOCKS5 proxy with username/password (microsocks) on later starts too, and never in a log, a plain file
 * or the edgeConfig; an empty file removes it.
 */
class ProxyPasswordOsgiTest {
    private static final String KEY = "proxy-password-osgi-key";
    private static final String USER = "uplink";
    private static final String PASSWORD = "Agent-Proxy-Secret-8813";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDirectory;
    @TempDir
    Path files;

    private Process microsocks;
    private int proxyPort;
    private LocalBackend backend;

    @BeforeEach
    void startProxyAndBackend() throws Exception {
        Path binary = Path.of("/usr/bin/microsocks");
        if (!Files.isExecutable(binary)) {
            System.out.println("ProxyPasswordOsgiTest skipped: microsocks is not installed (./test.sh installs it)");
        }
        Assumptions.assumeTrue(Files.isExecutable(binary), "microsocks is not installed");
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            proxyPort = free.getLocalPort();
        }
        microsocks = new ProcessBuilder(binary.toString(), "-i", "127.0.0.1", "-p", Integer.toString(proxyPort), "-u",
                USER, "-P", PASSWORD).redirectErrorStream(true).redirectOutput(files.resolve("microsocks.log").toFile())
                .start();
        waitUntil(this::proxyAccepts, Duration.ofSeconds(20));
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, "edge0"));
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) {
            backend.close();
        }
        if (microsocks != null) {
            microsocks.destroy();
            microsocks.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theProxyPasswordGoesFromItsFileIntoSecureStorageAndNowhereElse() throws Exception {
        AgentRuntime runtime = awaitRuntime();
        Path keyFile = Files.writeString(files.resolve("apikey"), KEY + "\n");
        Path passwordFile = Files.writeString(files.resolve("proxy-password"), PASSWORD + "\n");

        try (Running agent = start(runtime, "--apikey-file=" + keyFile, "--proxy-password-file=" + passwordFile)) {
            backend.awaitConnected("edge0", WAIT);
            ReceivedMessage edgeConfig = backend.awaitMessage("edge0", m -> m.isNotification("edgeConfig"), WAIT);
            String text = edgeConfig.params().toString();
            assertTrue(text.contains("\"proxyPassword\":\"xxx\""), "masked in the edgeConfig: " + text);
            assertFalse(text.contains(PASSWORD), text);
        }
        // a later start takes it from secure storage
        try (Running agent = start(runtime)) {
            backend.awaitConnectCount("edge0", 2, WAIT);
        }
        assertNowhereInPlainText(PASSWORD);

        // an empty file removes it: the agent can no longer authenticate to the proxy
        Path empty = Files.writeString(files.resolve("empty"), "");
        try (Running agent = start(runtime, "--proxy-password-file=" + empty)) {
            waitUntil(() -> runtime.status().isPresent() && runtime.status().get().snapshot()
                    .lastDiagnosis() == Diagnosis.SOCKS_AUTH_FAILED, WAIT);
        }
        assertEquals(2, backend.edge("edge0").connectCount());
    }

    private void assertNowhereInPlainText(String secret) throws IOException {
        List<Path> leaks = new ArrayList<>();
        try (var paths = Files.walk(dataDirectory)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                // ISO-8859-1 reads any bytes; the log, config-changes and secure storage are all in here
                if (Files.readString(path, StandardCharsets.ISO_8859_1).contains(secret)) {
                    leaks.add(path);
                }
            }
        }
        assertEquals(List.of(), leaks, "files with the password in plain text");
        assertTrue(Files.readString(dataDirectory.resolve("logs/uplink-agent.log"))
                .contains("Proxy password read from"), "the log says where it came from");
    }

    /** The headless application as the start script runs it, through the SOCKS5 proxy. */
    private Running start(AgentRuntime runtime, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--data-dir=" + dataDirectory, "--summary=0",
                "--uri=ws://127.0.0.1:" + backend.port() + "/", "--proxyType=SOCKS", "--proxyAddress=127.0.0.1",
                "--proxyPort=" + proxyPort, "--proxyUsername=" + USER, "--reconnectMaxSeconds=1"));
        args.addAll(List.of(extra));
        HeadlessApplication application = new HeadlessApplication();
        CompletableFuture<Object> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return application.start(new ArgumentsOnlyContext(args.toArray(String[]::new)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waitUntil(() -> runtime.state() == AgentRuntime.State.RUNNING || exit.isDone(), WAIT);
        assertFalse(exit.isDone(), "the agent did not start: exit " + exit.getNow(null));
        return new Running(application, exit);
    }

    private record Running(HeadlessApplication application, CompletableFuture<Object> exit) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            application.stop();
            assertEquals(IApplication.EXIT_OK, exit.get(20, TimeUnit.SECONDS));
        }
    }

    private boolean proxyAccepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static AgentRuntime awaitRuntime() throws InterruptedException {
        var context = FrameworkUtil.getBundle(ProxyPasswordOsgiTest.class).getBundleContext();
        ServiceTracker<AgentRuntime, AgentRuntime> tracker = new ServiceTracker<>(context, AgentRuntime.class, null);
        tracker.open();
        try {
            return tracker.waitForService(10_000);
        } finally {
            tracker.close();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
