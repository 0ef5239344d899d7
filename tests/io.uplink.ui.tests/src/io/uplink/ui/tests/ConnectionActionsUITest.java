package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.uplink.testkit.swt.Condition;
import io.uplink.testkit.swt.UiBot;
import io.uplink.testkit.swt.UiToolbarButton;
import io.uplink.testkit.swt.UiView;
import io.uplink.ui.views.ConnectionView;

/** Connect, Disconnect and Test Connection on the Connection view's toolbar, against a real local Backend. */
class ConnectionActionsUITest {
    private static LiveAgent agent;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = LiveAgent.start(0);
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    @Test
    void disconnectConnectAndTestAreEnabledByState() {
        UiBot bot = new UiBot();
        UiView uiView = bot.viewByTitle("Connection");
        uiView.show();
        ConnectionView view = (ConnectionView) uiView.getViewReference();
        UiToolbarButton connect = uiView.toolbarButton(ConnectionView.CONNECT);
        UiToolbarButton disconnect = uiView.toolbarButton(ConnectionView.DISCONNECT);
        UiToolbarButton test = uiView.toolbarButton(ConnectionView.TEST_CONNECTION);
        bot.waitUntil(Condition.that("connected", () -> view.statusText().equals("Connected")), 15_000);
        bot.waitUntil(Condition.that("the simulated edge's health next to the connection",
                () -> view.sourceText().equals("OK")), 5_000);
        assertEquals("UNAVAILABLE since " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneId.systemDefault()).format(java.time.Instant.ofEpochMilli(1_795_000_000_000L))
                + ": modbus://10.0.0.5:502 refused the connection",
                ConnectionView.describe(new io.uplink.core.SourceHealth(io.uplink.core.SourceHealth.State.UNAVAILABLE,
                        "modbus://10.0.0.5:502 refused the connection", 1_795_000_000_000L)));
        assertFalse(connect.isEnabled(), "already connected");
        assertTrue(disconnect.isEnabled() && test.isEnabled());

        disconnect.click();
        bot.waitUntil(Condition.that("disabled", () -> view.statusText().startsWith("Disabled")), 10_000);
        agent.backend().awaitDisconnected(LiveAgent.EDGE, Duration.ofSeconds(10));
        assertFalse(agent.control().config().enabled());
        bot.waitUntil(Condition.that("Connect enabled, Disconnect not", () -> connect.isEnabled() && !disconnect.isEnabled()));

        // the test runs beside the link, so it works while the agent is disconnected too
        test.click();
        bot.waitUntil(Condition.that("the test's diagnosis", () -> view.testResultText().contains("works, OK")), 35_000);

        connect.click();
        bot.waitUntil(Condition.that("connected again", () -> view.statusText().equals("Connected")), 15_000);
        assertTrue(agent.control().config().enabled());
        assertTrue(agent.backend().edge(LiveAgent.EDGE).isConnected());
    }
}
