package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.core.PersistencePriority;
import io.uplink.management.RemoteAgent;
import io.uplink.testkit.swt.Condition;
import io.uplink.testkit.swt.UiBot;
import io.uplink.testkit.swt.UiTable;
import io.uplink.testkit.swt.UiView;
import io.uplink.ui.WatchedAgents;
import io.uplink.ui.device.AttachDialog;
import io.uplink.ui.preferences.BackendConnectionPage;
import io.uplink.ui.preferences.BufferingPage;
import io.uplink.ui.preferences.ProxyTlsPage;
import io.uplink.ui.views.ConnectionView;

/**
 * The workbench attached to a real headless agent process: the slim device product's {@code uplink-agent} script
 * (as installed on a device) with the management endpoint on, connected to a local Backend in this process. The
 * dialog attaches, the views show the device's live channels and status, the persistence priority threshold
 * changed on the unchanged preference page reaches the device and the Backend receives the larger channel set;
 * then the agent is killed with SIGKILL (window title and status line say "unreachable") and started again with the
 * same data directory and token, and the workbench attaches again by itself.
 *
 * <p>Needs the built product (system property {@code uplink.agent.installation}, set by this module's pom; the root
 * pom builds the products before this module). Timeouts are generous: the product takes a few seconds to start,
 * more on a loaded machine.
 */
class RemoteAttachProcessUITest {
    private static final String KEY = "ui-process-key-0123456789";
    private static final String EDGE = "edge0";
    private static final long START_MILLIS = 120_000;
    private static final long WAIT_MILLIS = 60_000;
    private static final Duration BACKEND_WAIT = Duration.ofSeconds(60);

    private static Path installation;
    private static Path work;
    private static Path keyFile;
    private static Path tokenFile;
    private static String token;
    private static int managementPort;
    private static LocalBackend backend;
    private static volatile Process agent;
    private static int starts;
    private static long stepStart = System.nanoTime();
    private static boolean passed;

    @BeforeAll
    static void startBackendAndAgentProcess() throws Exception {
        String configured = System.getProperty("uplink.agent.installation");
        assertTrue(configured != null, "system property uplink.agent.installation is not set (this module's pom sets it)");
        installation = Path.of(configured).toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(installation.resolve("uplink-agent")), "the slim agent product is not built: "
                + installation + " (build the whole reactor: the root pom builds the products before the UI tests)");
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        work = Files.createTempDirectory("uplink-ui-process");
        keyFile = Files.writeString(work.resolve("apikey"), KEY + "\n");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        tokenFile = work.resolve("management-token");
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, token + "\n");
        managementPort = freePort();
        // a workbench that dies without running @AfterAll leaves no agent behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process running = agent;
            if (running != null) {
                running.destroyForcibly();
            }
        }, "RemoteAttachProcessUITest agent killer"));
        startAgent();
        backend.awaitConnected(EDGE, BACKEND_WAIT);
        step("agent process started and connected");
    }

    @AfterAll
    static void stopAll() throws IOException {
        WatchedAgents.detach();
        if (agent != null) {
            kill(agent);
        }
        if (backend != null) {
            backend.close();
        }
        if (work != null && !passed) {
            System.out.println("RemoteAttachProcessUITest: the agent's output and data directory are kept in " + work);
        } else if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Starts the agent process (the same data directory and token every time) and waits for its endpoint. */
    private static void startAgent() throws IOException {
        starts++;
        Path log = work.resolve("agent-" + starts + ".log");
        agent = new ProcessBuilder(installation.resolve("uplink-agent").toString(),
                "--uri=ws://127.0.0.1:" + backend.port(), "--apikey-file=" + keyFile, "--data-dir=" + work.resolve("data"),
                "--reconnectBaseSeconds=1", "--reconnectMaxSeconds=1", "--management=127.0.0.1:" + managementPort,
                "--management-token-file=" + tokenFile).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process started = agent;
        String ready = "Management endpoint on ws://127.0.0.1:" + managementPort;
        long[] nextCheck = { 0 };
        new UiBot().waitUntil(new Condition() {
            @Override
            public boolean test() throws Exception {
                if (System.nanoTime() < nextCheck[0]) {
                    return false;
                }
                nextCheck[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                boolean up = Files.exists(log) && Files.readString(log).contains(ready);
                if (!up && !started.isAlive()) {
                    throw new AssertionError("the agent process exited (" + started.exitValue() + "):\n" + Files.readString(log));
                }
                return up;
            }

            @Override
            public String getFailureMessage() {
                try {
                    return "'" + ready + "' in the agent's output; it printed:\n" + Files.readString(log);
                } catch (IOException e) {
                    return "'" + ready + "' in the agent's output (" + e + ")";
                }
            }
        }, START_MILLIS);
    }

    /** SIGKILL, as a crash or a pulled power cable: no shutdown hook, no close frame. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the agent process survived SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void attachedToARealAgentProcessAChangedThresholdReachesTheBackendAndAKilledAgentIsReattached() throws Exception {
        String device = "127.0.0.1:" + managementPort;
        UiBot main = new UiBot();

        // attach through the dialog, as the technician does
        Shell window = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        AttachDialog dialog = new AttachDialog(window);
        dialog.setBlockOnOpen(false);
        dialog.open();
        main.spin();
        UiBot bot = new UiBot(dialog.getShell());
        bot.textWithLabel("Host:").setText("127.0.0.1");
        bot.textWithLabel("Port:").setText(Integer.toString(managementPort));
        bot.textWithLabel("Token:").setText(token);
        if (bot.checkBox("TLS (the agent runs with --management-tls)").widget().getSelection()) {
            bot.checkBox("TLS (the agent runs with --management-tls)").click();
        }
        bot.button("Attach").click();
        main.waitUntil(new Condition() {
            @Override
            public boolean test() {
                return dialog.getShell() == null || dialog.getShell().isDisposed();
            }

            @Override
            public String getFailureMessage() {
                return "the dialog closes once attached; it says: " + dialog.errorText();
            }
        }, WAIT_MILLIS);
        assertTrue(WatchedAgents.current().remote());
        assertEquals(work.resolve("data").toString(), WatchedAgents.device().orElseThrow().dataDirectory().toString(),
                "the agent process's data directory");
        main.waitUntil(Condition.that("the device in the window title", () -> windowTitle().equals("Uplink — device " + device)),
                WAIT_MILLIS);
        main.waitUntil(Condition.that("the device in the status line", () -> statusLine().equals("Agent: device " + device)),
                WAIT_MILLIS);
        step("attached");

        // live status and channels of the process's simulated edge
        UiView connectionView = main.viewByTitle("Connection");
        connectionView.show();
        ConnectionView connection = (ConnectionView) connectionView.getViewReference();
        main.waitUntil(Condition.that("Connected in the Connection view", () -> connection.statusText().equals("Connected")),
                WAIT_MILLIS);
        UiView transmission = main.viewByTitle("Channel Transmission");
        transmission.show();
        UiTable table = transmission.bot().table();
        main.waitUntil(Condition.that("the device's channels, live", () -> table.rowCount() > 40
                && anyRow(table, row -> table.cell(row, "Address").equals("_sum/State")
                        && !table.cell(row, "Last sent").equals("never"))), WAIT_MILLIS);
        step("live channels and status");

        // at the default threshold (HIGH) the MEDIUM channel ess0/Temperature is never sent, not even in the full
        // snapshot after connecting
        ReceivedMessage high = backend.awaitMessage(EDGE, m -> m.isNotification("timestampedData")
                && data(m).has("_sum/State"), BACKEND_WAIT);
        for (ReceivedMessage sent : backend.edge(EDGE).messages()) {
            assertFalse(sent.isNotification("timestampedData") && data(sent).has("ess0/Temperature"),
                    "a MEDIUM channel sent at threshold HIGH: " + data(sent).keySet());
        }
        step("HIGH set at the Backend");

        // the unchanged preference page, on the device's settings
        PreferenceDialog preferences = PreferencesUtil.createPreferenceDialogOn(window, BackendConnectionPage.ID,
                new String[] { BackendConnectionPage.ID, ProxyTlsPage.ID, BufferingPage.ID }, null);
        preferences.setBlockOnOpen(false);
        preferences.open();
        main.spin();
        UiBot page = new UiBot(preferences.getShell());
        assertEquals("ws://127.0.0.1:" + backend.port(), page.textWithLabel("Backend URI:").getText(), "the device's own settings");
        assertEquals("HIGH", page.comboBoxWithLabel("Persistence priority:").selection());
        long changedAt = System.currentTimeMillis();
        page.comboBoxWithLabel("Persistence priority:").setSelection("MEDIUM");
        page.button("Apply and Close").click();
        main.waitUntil(Condition.that("the preference dialog closes", () -> preferences.getShell() == null
                || preferences.getShell().isDisposed()), WAIT_MILLIS);
        assertEquals(PersistencePriority.MEDIUM, WatchedAgents.device().orElseThrow().config().persistencePriority(),
                "changed on the device");
        ReceivedMessage medium = backend.awaitMessage(EDGE, m -> m.receivedAtMillis() > changedAt
                && m.isNotification("timestampedData") && data(m).has("_sum/State") && data(m).has("ess0/Temperature"),
                BACKEND_WAIT);
        assertTrue(data(medium).keySet().containsAll(data(high).keySet()), "the MEDIUM set contains the HIGH one: "
                + data(medium).keySet());
        step("MEDIUM set at the Backend");

        // kill -9 while attached: the workbench says the device is unreachable, and keeps the last state
        long connectsBefore = backend.edge(EDGE).connectCount();
        kill(agent);
        long killedAt = System.currentTimeMillis();
        main.waitUntil(Condition.that("unreachable in the title", () -> windowTitle().equals(
                "Uplink — device " + device + " (unreachable)")), WAIT_MILLIS);
        main.waitUntil(Condition.that("unreachable in the status line", () -> statusLine().startsWith(
                "Agent: device " + device + " — device unreachable")), WAIT_MILLIS);
        assertEquals(RemoteAgent.Link.UNREACHABLE, WatchedAgents.device().orElseThrow().link());
        assertTrue(table.rowCount() > 40, "the views keep the last state");
        backend.awaitDisconnected(EDGE, BACKEND_WAIT);
        step("unreachable shown");

        // the same agent started again (same data directory and token): the workbench attaches by itself
        startAgent();
        step("agent process restarted");
        main.waitUntil(Condition.that("re-attached by itself", () -> windowTitle().equals("Uplink — device " + device)),
                START_MILLIS);
        main.waitUntil(Condition.that("the status line without the problem", () -> statusLine().equals(
                "Agent: device " + device)), WAIT_MILLIS);
        step("re-attached");
        assertEquals(RemoteAgent.Link.ATTACHED, WatchedAgents.device().orElseThrow().link());
        assertEquals(PersistencePriority.MEDIUM, WatchedAgents.device().orElseThrow().config().persistencePriority(),
                "the device kept the changed threshold");
        backend.awaitConnectCount(EDGE, connectsBefore + 1, BACKEND_WAIT);
        main.waitUntil(Condition.that("Connected again in the Connection view",
                () -> connection.statusText().equals("Connected")), WAIT_MILLIS);
        backend.awaitMessage(EDGE, m -> m.receivedAtMillis() > killedAt && m.isNotification("timestampedData")
                && data(m).has("ess0/Temperature"), BACKEND_WAIT);
        step("MEDIUM set after the restart");
        passed = true;
    }

    /** How long each step took, in the test's output: the figures to look at when the machine is slow. */
    private static void step(String done) {
        long now = System.nanoTime();
        System.out.printf("RemoteAttachProcessUITest: %s after %d ms%n", done, TimeUnit.NANOSECONDS.toMillis(now - stepStart));
        stepStart = now;
    }

    private static String windowTitle() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().getText();
    }

    /** The message of the workbench window's status line (JFace draws it in a CLabel). */
    private static String statusLine() {
        List<String> texts = new ArrayList<>();
        collectLabels(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), texts);
        return texts.stream().filter(text -> text.startsWith("Agent: ") || text.equals("No agent")).findFirst()
                .orElse("(no status line message among " + texts + ")");
    }

    private static void collectLabels(Control control, List<String> texts) {
        if (control instanceof CLabel label && label.isVisible() && label.getText() != null) {
            texts.add(label.getText());
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collectLabels(child, texts);
            }
        }
    }

    private static boolean anyRow(UiTable table, java.util.function.IntPredicate predicate) {
        for (int row = 0; row < table.rowCount(); row++) {
            if (predicate.test(row)) {
                return true;
            }
        }
        return false;
    }

    private static JsonObject data(ReceivedMessage message) {
        JsonObject params = message.params();
        return params.size() == 0 ? new JsonObject() : params.getAsJsonObject(params.keySet().iterator().next());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
