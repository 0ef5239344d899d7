package io.uplink.management.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonObject;

import io.uplink.agent.AgentControl;
import io.uplink.agent.AgentOptions;
import io.uplink.agent.AgentRuntime;
import io.uplink.agent.ManagementSettings;
import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.connector.AgentStatus;
import io.uplink.connector.ChannelRow;
import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.StatusEvent;
import io.uplink.connector.StatusSnapshot;
import io.uplink.core.PersistencePriority;
import io.uplink.management.ManagementException;
import io.uplink.management.ManagementJson;
import io.uplink.management.ManagementServer;
import io.uplink.management.internal.ChannelTableChanges;
import io.uplink.testkit.net.FaultInjectingTcpProxy;
import io.uplink.management.RemoteAgent;

/**
 * The management endpoint of a real agent (the framework's AgentRuntime service on the simulated edge, sending to
 * a real local Backend), used through the workbench's own client over real WebSockets on loopback.
 */
class ManagementEndpointTest {
    private static final String KEY = "management-test-key-0123";
    private static final String NEW_KEY = "management-new-key-98765";
    private static final String EDGE = "edge0";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path directory;
    private LocalBackend backend;
    private AgentRuntime runtime;
    private ManagementServer server;
    private RemoteAgent remote;
    private RemoteAgent second;

    @BeforeEach
    void startAgent() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE, NEW_KEY, "edge1"));
        Path key = Files.writeString(directory.resolve("key"), KEY);
        AgentOptions options = new AgentOptions(dataDirectory(), Optional.empty(),
                Map.of("uri", "ws://127.0.0.1:" + backend.port(), "reconnectBaseSeconds", "1", "reconnectMaxSeconds", "1"),
                Optional.of(key), "sim", 0, 0, false, false);
        runtime = runtimeService();
        runtime.start(options);
        backend.awaitConnected(EDGE, WAIT);
    }

    @AfterEach
    void stopAll() {
        for (AutoCloseable closeable : new AutoCloseable[] { remote, second, server }) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
        runtime.stop();
        backend.close();
    }

    private Path dataDirectory() {
        return directory.resolve("data");
    }

    private ManagementServer startServer(boolean tls, int port) throws Exception {
        server = ManagementServer.start(new ManagementSettings("127.0.0.1", port, tls, Optional.empty()),
                runtime.status().orElseThrow(), runtime.control().orElseThrow(), dataDirectory());
        return server;
    }

    private String token() throws Exception {
        return Files.readString(dataDirectory().resolve("management-token")).strip();
    }

    private RemoteAgent.Target target(boolean tls) {
        return new RemoteAgent.Target("127.0.0.1", server.port(), tls);
    }

    @Test
    void aWorkbenchSeesStatusChannelsAndEventsAndItsChangeReachesTheBackendAndEveryWatcher() throws Exception {
        startServer(false, 0);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dataDirectory().resolve("management-token"))), "the generated token is the owner's only");
        remote = RemoteAgent.attach(target(false), token(), null);
        second = RemoteAgent.attach(target(false), token(), null);
        await("connected, as the agent sees it", () -> remote.snapshot().state() == ConnectionState.CONNECTED);
        assertEquals(runtime.status().orElseThrow().channelTable().size(), remote.channelTable().size());
        // the table's rows leave out the channels' descriptions (bytes per second); sourceChannels() has them
        assertEquals(runtime.status().orElseThrow().channelTable().stream().map(row -> row.channel().address() + " "
                + row.channel().priority() + " " + row.channel().enumOptions()).toList(),
                remote.channelTable().stream().map(row -> row.channel().address() + " " + row.channel().priority() + " "
                        + row.channel().enumOptions()).toList(), "the same channels, in the same order");
        await("the CONNECTED event", () -> remote.events().stream().anyMatch(e -> e.kind() == StatusEvent.Kind.CONNECTED));
        assertEquals(runtime.control().orElseThrow().sourceChannels().size(), remote.sourceChannels().size());
        assertFalse(remote.config().toProperties().containsKey("apikey"));
        assertEquals(2, server.watchers());

        // status stream latency: agent listener → workbench listener, on loopback
        AtomicLong local = new AtomicLong();
        AtomicLong seen = new AtomicLong();
        runtime.status().orElseThrow().addListener(() -> local.compareAndSet(0, System.nanoTime()));
        remote.addListener(() -> {
            if (local.get() != 0) {
                seen.compareAndSet(0, System.nanoTime());
            }
        });
        await("a status notification", () -> seen.get() != 0);
        long latencyMillis = (seen.get() - local.get()) / 1_000_000;
        System.out.println("[figure] status stream latency agent listener -> workbench listener: " + latencyMillis + " ms");
        assertTrue(latencyMillis < 200, latencyMillis + " ms");

        Set<String> before = nextFullSnapshot(0);
        assertFalse(before.contains("ess0/Temperature"), "MEDIUM in the source, not sent at HIGH: " + before);
        ConfigException refused = assertThrows(ConfigException.class,
                () -> remote.updateConfig(Map.of("persistencePriority", "HIGHEST")));
        assertEquals("persistencePriority", refused.attribute());
        assertTrue(refused.getMessage().startsWith("persistencePriority: 'HIGHEST' is not one of"), refused.getMessage());
        long changedAt = System.currentTimeMillis();
        remote.updateConfig(Map.of("persistencePriority", "MEDIUM"));
        assertEquals(PersistencePriority.MEDIUM, runtime.control().orElseThrow().config().persistencePriority());
        assertEquals(PersistencePriority.MEDIUM, remote.config().persistencePriority());
        Set<String> after = nextFullSnapshot(changedAt);
        assertTrue(after.contains("ess0/Temperature"), "the Backend receives the channel set of MEDIUM: " + after);
        await("the other watcher sees the change", () -> second.config().persistencePriority() == PersistencePriority.MEDIUM);
    }

    @Test
    void aSecretIsWriteOnly() throws Exception {
        startServer(false, 0);
        remote = RemoteAgent.attach(target(false), token(), null);
        remote.updateConfig(Map.of("apikey", NEW_KEY));
        backend.awaitConnected("edge1", WAIT);
        AgentControl control = runtime.control().orElseThrow();
        assertEquals(NEW_KEY, control.config().apikey(), "the agent uses the key set over the endpoint");
        JsonObject config = ManagementJson.config(control.config());
        assertFalse(config.toString().contains(NEW_KEY), config.toString());
        assertTrue(config.get("apikeySet").getAsBoolean());
        assertFalse(remote.config().apikey().contains(NEW_KEY));
        for (Path file : Files.walk(dataDirectory()).filter(Files::isRegularFile).toList()) {
            if (!file.toString().contains("secure-storage") && !file.toString().contains("backlog")) {
                assertFalse(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).contains(NEW_KEY), file.toString());
            }
        }
    }

    @Test
    void aWrongTokenIsRefusedAndRepeatedGuessesAreRateLimited() throws Exception {
        startServer(false, 0);
        for (int i = 0; i < 5; i++) {
            ManagementException wrong = assertThrows(ManagementException.class,
                    () -> RemoteAgent.attach(target(false), "not-the-token-000000000", null));
            assertEquals(ManagementException.Reason.WRONG_TOKEN, wrong.reason(), wrong.getMessage());
            assertTrue(wrong.getMessage().startsWith("Wrong token"), wrong.getMessage());
        }
        ManagementException limited = assertThrows(ManagementException.class,
                () -> RemoteAgent.attach(target(false), token(), null));
        assertEquals(ManagementException.Reason.RATE_LIMITED, limited.reason(), limited.getMessage());
        assertEquals(0, server.watchers());
    }

    @Test
    void theEndpointIsOffUnlessStarted() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ManagementException off = assertThrows(ManagementException.class,
                () -> RemoteAgent.attach(new RemoteAgent.Target("127.0.0.1", port, false), "whatever-token-000000", null));
        assertEquals(ManagementException.Reason.ENDPOINT_OFF, off.reason(), off.getMessage());
        assertTrue(off.getMessage().contains("--management"), off.getMessage());
    }

    @Test
    void tlsPresentsAPinnableSelfSignedCertificate() throws Exception {
        startServer(true, 0);
        assertNotNull(server.fingerprint());
        ManagementException unconfirmed = assertThrows(ManagementException.class,
                () -> RemoteAgent.attach(target(true), token(), null));
        assertEquals(ManagementException.Reason.UNCONFIRMED_FINGERPRINT, unconfirmed.reason(), unconfirmed.getMessage());
        assertEquals(server.fingerprint(), unconfirmed.fingerprint());

        String wrongPin = server.fingerprint().replace('A', 'B').replace('0', '1');
        ManagementException mismatch = assertThrows(ManagementException.class,
                () -> RemoteAgent.attach(target(true), token(), wrongPin));
        assertEquals(ManagementException.Reason.FINGERPRINT_MISMATCH, mismatch.reason(), mismatch.getMessage());
        assertTrue(mismatch.getMessage().startsWith("Wrong TLS fingerprint"), mismatch.getMessage());

        ManagementException plain = assertThrows(ManagementException.class,
                () -> RemoteAgent.attach(target(false), token(), null));
        assertEquals(ManagementException.Reason.TLS_MISMATCH, plain.reason(), plain.getMessage());

        remote = RemoteAgent.attach(target(true), token(), unconfirmed.fingerprint());
        await("status over TLS", () -> remote.snapshot().state() == ConnectionState.CONNECTED);

        // the same certificate after a restart: the pin stays valid
        String fingerprint = server.fingerprint();
        server.close();
        startServer(true, 0);
        assertEquals(fingerprint, server.fingerprint());
    }

    @Test
    void theWorkbenchReattachesAfterTheEndpointComesBack() throws Exception {
        startServer(false, 0);
        int port = server.port();
        remote = RemoteAgent.attach(target(false), token(), null);
        List<RemoteAgent.Link> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        remote.addLinkListener(() -> seen.add(remote.link()));
        server.close();
        await("unreachable", () -> remote.link() == RemoteAgent.Link.UNREACHABLE);
        assertNotNull(remote.linkProblem());
        assertEquals(ConnectionState.CONNECTED, remote.snapshot().state(), "the last status stays readable");
        assertThrows(java.io.IOException.class, () -> remote.updateConfig(Map.of("apiTimeout", "30")));
        long restartedAt = System.nanoTime();
        startServer(false, port);
        await("re-attached", () -> remote.link() == RemoteAgent.Link.ATTACHED);
        System.out.println("[figure] re-attached " + (System.nanoTime() - restartedAt) / 1_000_000 + " ms after the endpoint came back");
        assertEquals(List.of(RemoteAgent.Link.UNREACHABLE, RemoteAgent.Link.ATTACHED), seen);
        remote.updateConfig(Map.of("apiTimeout", "30"));
        assertEquals(30, runtime.control().orElseThrow().config().apiTimeout());
    }

    @Test
    void connectNowFromTheWorkbenchCutsTheAgentsWaitShort() throws Exception {
        startServer(false, 0);
        remote = RemoteAgent.attach(target(false), token(), null);
        second = RemoteAgent.attach(target(false), token(), null);
        await("connected, as the agent sees it", () -> remote.snapshot().state() == ConnectionState.CONNECTED);
        assertFalse(remote.connectNow(), "connected: no wait to cut short");
        assertEquals(1, backend.edge(EDGE).connectCount(), "and nothing else happened");

        // long waits, so that only "connect now" explains a connection within seconds
        remote.updateConfig(Map.of("reconnectBaseSeconds", "120", "reconnectMaxSeconds", "300"));
        int port = backend.port();
        backend.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        StatusSnapshot waiting = remote.snapshot();
        // the waits are drawn (full jitter up to 120 s, then 240 s): let a short one pass by
        while (!(waiting.state() == ConnectionState.WAITING && waiting.nextAttemptAt() != null
                && Duration.between(Instant.now(), waiting.nextAttemptAt()).toSeconds() >= 20)) {
            assertTrue(System.nanoTime() < deadline, "no long wait within 90 s: " + waiting);
            Thread.sleep(50);
            waiting = remote.snapshot();
        }
        assertTrue(waiting.failedAttempts() >= 1, "the backoff's count travels too: " + waiting);
        backend = LocalBackend.start("127.0.0.1", port, Map.of(KEY, EDGE, NEW_KEY, "edge1"));
        long clicked = System.nanoTime();
        assertTrue(remote.connectNow(), "the agent was waiting: " + waiting);
        backend.awaitConnected(EDGE, Duration.ofSeconds(5));
        await("the watchers see the connection", () -> remote.snapshot().state() == ConnectionState.CONNECTED
                && second.snapshot().state() == ConnectionState.CONNECTED);
        long millis = (System.nanoTime() - clicked) / 1_000_000;
        System.out.println("[figure] remote connectNow -> CONNECTED at both watchers: " + millis + " ms, instead of "
                + Duration.between(Instant.now(), waiting.nextAttemptAt()).toSeconds() + " s more of waiting");
        assertTrue(millis < 5_000, millis + " ms");
        assertFalse(remote.connectNow(), "connected again: nothing to cut short");
    }

    @Test
    void aSilentlyDeadLinkShowsUnreachableAndReattachesWhenItCarriesAgain() throws Exception {
        startServer(false, 0);
        try (FaultInjectingTcpProxy cable = FaultInjectingTcpProxy.start("127.0.0.1", server.port())) {
            remote = RemoteAgent.attach(new RemoteAgent.Target("127.0.0.1", cable.port(), false), token(), null);
            await("status through the cable", () -> remote.snapshot().state() == ConnectionState.CONNECTED);
            List<RemoteAgent.Link> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            remote.addLinkListener(() -> seen.add(remote.link()));
            // a pulled cable: no FIN, no RST, the bytes just stop both ways
            cable.setMode(FaultInjectingTcpProxy.Mode.BLACKHOLE);
            long pulledAt = System.nanoTime();
            await("unreachable", () -> remote.link() == RemoteAgent.Link.UNREACHABLE);
            long unreachableMillis = (System.nanoTime() - pulledAt) / 1_000_000;
            assertTrue(remote.linkProblem().contains("no answer from the device"), remote.linkProblem());
            assertTrue(unreachableMillis < 10_000, "a dead link found after " + unreachableMillis + " ms");
            Thread.sleep(6_000); // a re-attach attempt into the dead cable times out; still unreachable
            assertEquals(RemoteAgent.Link.UNREACHABLE, remote.link());
            long pluggedAt = System.nanoTime();
            cable.setMode(FaultInjectingTcpProxy.Mode.FORWARD);
            await("re-attached", () -> remote.link() == RemoteAgent.Link.ATTACHED);
            System.out.println("[figure] silent link: unreachable " + unreachableMillis + " ms after the bytes stopped, re-attached "
                    + (System.nanoTime() - pluggedAt) / 1_000_000 + " ms after they flowed again");
            assertEquals(List.of(RemoteAgent.Link.UNREACHABLE, RemoteAgent.Link.ATTACHED), seen);
            remote.updateConfig(Map.of("apiTimeout", "31"));
            assertEquals(31, runtime.control().orElseThrow().config().apiTimeout());
        }
    }

    @Test
    void aTableOfTenThousandChannelsTravelsWholeOnceThenAsChanges() throws Exception {
        runtime.stop();
        Path key = directory.resolve("key");
        runtime.start(new AgentOptions(dataDirectory(), Optional.empty(), Map.of("uri", "ws://127.0.0.1:" + backend.port()),
                Optional.of(key), "sim", 10_000, 0, false, false));
        startServer(false, 0);
        remote = RemoteAgent.attach(target(false), token(), null);
        await("the first cycle's table", () -> remote.channelTable().size() > 10_000);
        AgentStatus agent = runtime.status().orElseThrow();
        assertEquals(addresses(agent.channelTable()), addresses(remote.channelTable()), "the same channels in the same order");
        Thread.sleep(800); // past the client's cache: the next read goes to the device
        long started = System.nanoTime();
        int rows = remote.channelTable().size();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(rows > 10_000, rows + " rows");
        // what one refresh carries, by the endpoint's own reckoning: everything once, then a cycle's changes
        ChannelTableChanges changes = new ChannelTableChanges();
        int whole = bytes(changes.next(agent.channelTable(), Integer.MAX_VALUE, false, ChannelTableChanges.UNKNOWN));
        int leastChanges = Integer.MAX_VALUE;
        for (int cycle = 0; cycle < 3; cycle++) { // the least of three: one of them may be a full-send cycle
            Thread.sleep(1_000);
            leastChanges = Math.min(leastChanges, bytes(changes.next(agent.channelTable(), Integer.MAX_VALUE, false, ChannelTableChanges.UNKNOWN)));
        }
        System.out.println("[figure] channel table of " + rows + " rows: " + millis + " ms to refresh; " + whole / 1024
                + " kB whole, then " + leastChanges / 1024 + " kB per cycle of changes (refreshed at most every 700 ms)");
        assertTrue(leastChanges < whole / 2, "a cycle changes about a fifth of the simulated channels, yet "
                + leastChanges + " of " + whole + " bytes travel");
        // a value the agent reads is the value the workbench shows, once refreshed
        Thread.sleep(800);
        Map<String, String> seen = values(remote.channelTable());
        Map<String, String> agentValues = values(agent.channelTable());
        long same = agentValues.entrySet().stream().filter(e -> e.getValue().equals(seen.get(e.getKey()))).count();
        assertTrue(same > agentValues.size() / 2, same + " of " + agentValues.size() + " values as on the device");
    }

    private static List<String> addresses(List<ChannelRow> rows) {
        return rows.stream().map(row -> row.channel().address().toString()).toList();
    }

    private static Map<String, String> values(List<ChannelRow> rows) {
        Map<String, String> values = new java.util.HashMap<>();
        rows.forEach(row -> values.put(row.channel().address().toString(), String.valueOf(row.value())));
        return values;
    }

    private static int bytes(ChannelTableChanges.Changes changes) {
        return ManagementJson.channelChanges(changes).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private Set<String> nextFullSnapshot(long afterMillis) {
        ReceivedMessage message = backend.awaitMessage(EDGE, m -> m.receivedAtMillis() > afterMillis
                && m.isNotification("timestampedData") && data(m).has("_sum/State"), WAIT);
        return data(message).keySet();
    }

    private static JsonObject data(ReceivedMessage message) {
        JsonObject params = message.params();
        return params.size() == 0 ? new JsonObject() : params.getAsJsonObject(params.keySet().iterator().next());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    private static AgentRuntime runtimeService() throws InterruptedException {
        BundleContext context = FrameworkUtil.getBundle(ManagementEndpointTest.class).getBundleContext();
        ServiceTracker<AgentRuntime, AgentRuntime> tracker = new ServiceTracker<>(context, AgentRuntime.class, null);
        tracker.open();
        AgentRuntime found = tracker.waitForService(10_000);
        if (found == null) {
            throw new IllegalStateException("no AgentRuntime service");
        }
        return found;
    }
}
