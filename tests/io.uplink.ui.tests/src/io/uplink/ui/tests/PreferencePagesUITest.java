package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.uplink.core.PersistencePriority;
import io.uplink.testkit.swt.Condition;
import io.uplink.testkit.swt.UiBot;
import io.uplink.ui.preferences.AgentSettingsPage;
import io.uplink.ui.preferences.BackendConnectionPage;
import io.uplink.ui.preferences.BufferingPage;
import io.uplink.ui.preferences.ProxyTlsPage;

/** The preference pages over a real running agent: the agent's own validation, apply without restart, persisted. */
class PreferencePagesUITest {
    private static LiveAgent agent;
    private PreferenceDialog dialog;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = LiveAgent.start(0);
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    @AfterEach
    void closeDialog() {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
    }

    private AgentSettingsPage open(String pageId) {
        dialog = PreferencesUtil.createPreferenceDialogOn(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(),
                pageId, new String[] { BackendConnectionPage.ID, ProxyTlsPage.ID, BufferingPage.ID }, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        new UiBot().spin();
        return (AgentSettingsPage) dialog.getSelectedPage();
    }

    @Test
    void backendConnectionRejectsABadUriAndAppliesAThresholdToTheRunningAgent() throws Exception {
        AgentSettingsPage page = open(BackendConnectionPage.ID);
        UiBot bot = new UiBot(dialog.getShell());
        String uri = bot.textWithLabel("Backend URI:").getText();
        assertEquals("ws://127.0.0.1:" + agent.port(), uri);

        bot.textWithLabel("Backend URI:").setText("http://127.0.0.1:" + agent.port());
        assertTrue(page.getErrorMessage().startsWith("uri: 'http://127.0.0.1:"), page.getErrorMessage());
        assertTrue(page.getErrorMessage().contains("is not a ws:// or wss:// URI"), page.getErrorMessage());
        assertFalse(page.isValid());
        bot.textWithLabel("Backend URI:").setText(uri);
        bot.textWithLabel("API timeout (s):").setText("-1");
        assertTrue(page.getErrorMessage().startsWith("apiTimeout: '-1' is not in 0.."), page.getErrorMessage());
        bot.textWithLabel("API timeout (s):").setText("120");
        assertNull(page.getErrorMessage());
        assertTrue(page.isValid());

        bot.button("Test Connection").click();
        bot.waitUntil(Condition.that("the diagnosis of the test", () -> page.testResultText().startsWith("Connection works: OK")),
                35_000);

        bot.comboBoxWithLabel("Persistence priority:").setSelection("MEDIUM");
        if (Screenshots.directory() != null) {
            bot.captureScreenshot(dialog.getShell(), Screenshots.directory().resolve("preferences.png"));
        }
        bot.button("Apply and Close").click();
        assertEquals(PersistencePriority.MEDIUM, agent.control().config().persistencePriority());
        assertEquals(120, agent.control().config().apiTimeout());
        String persisted = Files.readString(agent.control().dataDirectory().resolve("config-changes.properties"));
        assertTrue(persisted.contains("persistencePriority=MEDIUM") && persisted.contains("apiTimeout=120"), persisted);
    }

    @Test
    void proxyAndTlsNameTheProblemAndBufferingKeepsBaseBelowMax() throws Exception {
        AgentSettingsPage proxy = open(ProxyTlsPage.ID);
        UiBot bot = new UiBot(dialog.getShell());
        bot.textWithLabel("Proxy user:").setText("a:b");
        assertTrue(proxy.getErrorMessage().startsWith("proxyUsername: must not contain ':'"), proxy.getErrorMessage());
        bot.textWithLabel("Proxy user:").setText("");
        Path cert = Files.createTempFile("client", ".pem");
        bot.textWithLabel("Client certificate (PEM):").setText(cert.toString());
        assertTrue(proxy.getErrorMessage().startsWith("tlsClientKeyFile: tlsClientCertFile and tlsClientKeyFile go together"),
                proxy.getErrorMessage());
        bot.textWithLabel("Client certificate (PEM):").setText("");
        assertNull(proxy.getErrorMessage());
        dialog.close();

        AgentSettingsPage buffering = open(BufferingPage.ID);
        bot = new UiBot(dialog.getShell());
        bot.textWithLabel("Reconnect max (s):").setText("0");
        assertTrue(buffering.getErrorMessage().startsWith("reconnectMaxSeconds: '0' is not in 1..3600"), buffering.getErrorMessage());
        bot.textWithLabel("Reconnect max (s):").setText("5");
        bot.textWithLabel("Reconnect base (s):").setText("10");
        assertTrue(buffering.getErrorMessage().startsWith("reconnectMaxSeconds: '5' is less than reconnectBaseSeconds '10'"),
                buffering.getErrorMessage());
        bot.textWithLabel("Reconnect base (s):").setText("2");
        assertTrue(buffering.performOk());
        assertEquals(5, agent.control().config().reconnectMaxSeconds());
        assertEquals(2, agent.control().config().reconnectBaseSeconds());
    }
}
