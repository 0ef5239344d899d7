package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import io.uplink.agent.ManagementSettings;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.core.PersistencePriority;
import io.uplink.management.ManagementServer;
import io.uplink.management.RemoteAgent;
import io.uplink.testkit.swt.Condition;
import io.uplink.testkit.swt.UiBot;
import io.uplink.testkit.swt.UiTable;
import io.uplink.ui.UplinkWorkbenchAdvisor;
import io.uplink.ui.WatchedAgents;
import io.uplink.ui.device.AttachDialog;
import io.uplink.ui.internal.KnownDevices;
import io.uplink.ui.preferences.BackendConnectionPage;
import io.uplink.ui.preferences.BufferingPage;
import io.uplink.ui.preferences.ProxyTlsPage;

/**
 * The workbench attached to an agent's management endpoint (a real agent with a real local Backend, serving the
 * endpoint on loopback as on a device): the dialog, live views, a setting changed through the unchanged preference
 * page reaching the Backend, the dialog's messages for a wrong token, a wrong fingerprint and an endpoint that is
 * off, and the device going away and coming back while attached.
 */
class RemoteAttachUITest {
    private static LiveAgent agent;
    private static ManagementServer endpoint;
    private static ManagementServer tlsEndpoint;
    private AttachDialog dialog;

    @BeforeAll
    static void startAgentWithEndpoint() throws Exception {
        agent = LiveAgent.start(0);
        endpoint = serve(false, 0);
    }

    private static ManagementServer serve(boolean tls, int port) throws Exception {
        return ManagementServer.start(new ManagementSettings("127.0.0.1", port, tls, Optional.empty()),
                agent.runtime().status().orElseThrow(), agent.control(), agent.control().dataDirectory());
    }

    @AfterAll
    static void stopAll() {
        WatchedAgents.detach();
        for (ManagementServer server : new ManagementServer[] { endpoint, tlsEndpoint }) {
            if (server != null) {
                server.close();
            }
        }
        agent.close();
    }

    @AfterEach
    void closeDialog() {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
        WatchedAgents.detach();
    }

    private static String token() throws Exception {
        return Files.readString(agent.control().dataDirectory().resolve("management-token")).strip();
    }

    private UiBot openDialog() {
        Shell window = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        dialog = new AttachDialog(window);
        dialog.setBlockOnOpen(false);
        dialog.open();
        new UiBot().spin();
        return new UiBot(dialog.getShell());
    }

    private void attach(UiBot bot, int port, String token, boolean tls) {
        bot.textWithLabel("Host:").setText("127.0.0.1");
        bot.textWithLabel("Port:").setText(Integer.toString(port));
        bot.textWithLabel("Token:").setText(token);
        if (bot.checkBox("TLS (the agent runs with --management-tls)").widget().getSelection() != tls) {
            bot.checkBox("TLS (the agent runs with --management-tls)").click();
        }
        bot.button("Attach").click();
    }

    private String awaitError(UiBot bot) {
        bot.waitUntil(Condition.that("a message in the dialog", () -> dialog.errorText() != null), 15_000);
        return dialog.errorText();
    }

    private static String windowTitle() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().getText();
    }

    @Test
    void attachShowsLiveChannelsAndAChangedThresholdReachesTheBackend() throws Exception {
        UiBot bot = openDialog();
        attach(bot, endpoint.port(), token(), false);
        UiBot main = new UiBot();
        main.waitUntil(Condition.that("the dialog closes once attached", () -> dialog.getShell() == null
                || dialog.getShell().isDisposed()), 15_000);
        String device = "127.0.0.1:" + endpoint.port();
        assertTrue(WatchedAgents.current().remote());
        main.waitUntil(Condition.that("the device in the window title", () -> windowTitle().equals("Uplink — device " + device)));
        assertEquals("Agent: device " + device, WatchedAgents.describe());
        assertEquals(device, KnownDevices.recent().getFirst().display(), "remembered");
        assertEquals(token(), KnownDevices.token(KnownDevices.recent().getFirst()).orElseThrow(), "token in secure storage");
        org.eclipse.core.runtime.preferences.IEclipsePreferences preferences =
                org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode("io.uplink.ui");
        for (String key : preferences.keys()) {
            assertTrue(!preferences.get(key, "").contains(token()), "the token in plain text in preference " + key);
        }

        io.uplink.testkit.swt.UiView transmission = main.viewByTitle("Channel Transmission");
        transmission.show();
        UiTable table = transmission.bot().table();
        main.waitUntil(Condition.that("the device's channels, live", () -> table.rowCount() > 40
                && anyRow(table, row -> table.cell(row, "Address").equals("_sum/State")
                        && !table.cell(row, "Last sent").equals("never"))), 20_000);
        main.viewByTitle("Connection").show();

        PreferenceDialog preferencesDialog = PreferencesUtil.createPreferenceDialogOn(
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), BackendConnectionPage.ID,
                new String[] { BackendConnectionPage.ID, ProxyTlsPage.ID, BufferingPage.ID }, null);
        preferencesDialog.setBlockOnOpen(false);
        preferencesDialog.open();
        main.spin();
        UiBot page = new UiBot(preferencesDialog.getShell());
        assertEquals("ws://127.0.0.1:" + agent.port(), page.textWithLabel("Backend URI:").getText(), "the device's own settings");
        long changedAt = System.currentTimeMillis();
        page.comboBoxWithLabel("Persistence priority:").setSelection("MEDIUM");
        page.button("Apply and Close").click();
        assertEquals(PersistencePriority.MEDIUM, agent.control().config().persistencePriority(), "changed on the device");
        ReceivedMessage full = agent.backend().awaitMessage(LiveAgent.EDGE, m -> m.receivedAtMillis() > changedAt
                && m.isNotification("timestampedData") && data(m).has("_sum/State") && data(m).has("ess0/Temperature"),
                Duration.ofSeconds(20));
        assertTrue(data(full).has("ess0/Temperature"), "the Backend receives the MEDIUM channel set");
        agent.control().updateConfig(java.util.Map.of("persistencePriority", "HIGH"));
    }

    @Test
    void aWrongTokenAnEndpointThatIsOffAndAWrongFingerprintAreSaidInTheDialog() throws Exception {
        UiBot bot = openDialog();
        attach(bot, endpoint.port(), "a-wrong-token-0000000000", false);
        String wrongToken = awaitError(bot);
        assertTrue(wrongToken.startsWith("Wrong token: the device at 127.0.0.1:" + endpoint.port() + " refused it"), wrongToken);
        assertEquals("a-wrong-token-0000000000", bot.textWithLabel("Token:").getText(), "what was typed stays");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        attach(bot, closedPort, token(), false);
        bot.waitUntil(Condition.that("the endpoint-off message", () -> dialog.errorText() != null
                && dialog.errorText().startsWith("Nothing answers on 127.0.0.1:" + closedPort)), 15_000);
        assertTrue(dialog.errorText().contains("without --management"), dialog.errorText());

        tlsEndpoint = serve(true, 0);
        RemoteAgent.Target tlsTarget = new RemoteAgent.Target("127.0.0.1", tlsEndpoint.port(), true);
        KnownDevices.pin(tlsTarget, tlsEndpoint.fingerprint().replace('A', 'B').replace('1', '2'));
        attach(bot, tlsEndpoint.port(), token(), true);
        bot.waitUntil(Condition.that("the wrong-fingerprint message", () -> dialog.errorText() != null
                && dialog.errorText().startsWith("Wrong TLS fingerprint")), 15_000);
        assertEquals(tlsEndpoint.fingerprint(), dialog.shownFingerprint(), "the presented fingerprint is shown");

        // the technician compares it with what the agent printed, confirms, and it is pinned
        bot.checkBox("It is the fingerprint the device's agent printed").click();
        bot.button("Attach").click();
        new UiBot().waitUntil(Condition.that("attached over TLS", () -> dialog.getShell() == null
                || dialog.getShell().isDisposed()), 15_000);
        assertEquals(tlsEndpoint.fingerprint(), KnownDevices.pinnedFingerprint(tlsTarget).orElseThrow());
        assertEquals(RemoteAgent.Link.ATTACHED, WatchedAgents.device().orElseThrow().link());
    }

    @Test
    void losingTheDeviceShowsUnreachableAndItReattachesByItself() throws Exception {
        UiBot bot = openDialog();
        attach(bot, endpoint.port(), token(), false);
        UiBot main = new UiBot();
        main.waitUntil(Condition.that("attached", () -> WatchedAgents.device().isPresent()), 15_000);
        int port = endpoint.port();
        String device = "127.0.0.1:" + port;
        main.waitUntil(Condition.that("title", () -> windowTitle().equals("Uplink — device " + device)));

        endpoint.close(); // as the agent process going away: its endpoint closes every connection
        main.waitUntil(Condition.that("unreachable in the title", () -> windowTitle().equals(
                "Uplink — device " + device + " (unreachable)")), 15_000);
        assertTrue(WatchedAgents.describe().startsWith("Agent: device " + device + " — device unreachable"),
                WatchedAgents.describe());
        endpoint = serve(false, port);
        main.waitUntil(Condition.that("re-attached by itself", () -> windowTitle().equals("Uplink — device " + device)), 20_000);
        assertEquals(RemoteAgent.Link.ATTACHED, WatchedAgents.device().orElseThrow().link());
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
}
