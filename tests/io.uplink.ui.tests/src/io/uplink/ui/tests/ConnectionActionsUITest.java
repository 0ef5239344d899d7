package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.uplink.connector.AgentStatus;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.StatusSnapshot;
import io.uplink.testkit.swt.Condition;
import io.uplink.testkit.swt.UiBot;
import io.uplink.testkit.swt.UiToolbarButton;
import io.uplink.testkit.swt.UiView;
import io.uplink.ui.views.ConnectionView;

/**
 * Connect, Disconnect and Test Connection on the Connection view's toolbar, against a real local Backend; Connect
 * while the agent waits to reconnect.
 */
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

    @Test
    void connectWhileTheAgentWaitsToReconnectConnectsAtOnce() throws Exception {
        UiBot bot = new UiBot();
        UiView uiView = bot.viewByTitle("Connection");
        uiView.show();
        ConnectionView view = (ConnectionView) uiView.getViewReference();
        UiToolbarButton connect = uiView.toolbarButton(ConnectionView.CONNECT);
        bot.waitUntil(Condition.that("connected", () -> view.statusText().equals("Connected")), 15_000);
        AgentStatus status = agent.runtime().status().orElseThrow();
        // long waits, so that only Connect explains a connection within seconds
        agent.control().updateConfig(Map.of("reconnectBaseSeconds", "120", "reconnectMaxSeconds", "300"));
        boolean backendDown = false;
        try {
            agent.stopBackend();
            backendDown = true;
            // the waits are drawn (full jitter up to 120 s, then 240 s): a short one passes by
            bot.waitUntil(Condition.that("a wait of 20 s or more", () -> {
                StatusSnapshot now = status.snapshot();
                return now.state() == ConnectionState.WAITING && now.nextAttemptAt() != null
                        && Duration.between(Instant.now(), now.nextAttemptAt()).toSeconds() >= 20;
            }), 90_000);
            bot.waitUntil(Condition.that("the view says it waits, and Connect is there to try now",
                    () -> view.statusText().startsWith("Waiting, next attempt in") && connect.isEnabled()), 5_000);
            assertEquals(ConnectionView.CONNECT_NOW_TOOLTIP, connect.getToolTipText());
            Instant due = status.snapshot().nextAttemptAt();
            agent.restartBackend();
            backendDown = false;

            long clicked = System.nanoTime();
            connect.click();
            bot.waitUntil(Condition.that("connected at once", () -> view.statusText().equals("Connected")), 5_000);
            long millis = (System.nanoTime() - clicked) / 1_000_000;
            System.out.println("[figure] Connect while waiting -> Connected in the view: " + millis + " ms, "
                    + Duration.between(Instant.now(), due).toSeconds() + " s before the wait would have ended");
            assertTrue(Instant.now().isBefore(due.minusSeconds(10)), "well before the wait would have ended");
            assertEquals(1, agent.backend().edge(LiveAgent.EDGE).connectCount(), "one connection");
            assertTrue(agent.control().config().enabled());
            bot.waitUntil(Condition.that("Connect disabled while connected", () -> !connect.isEnabled()), 5_000);
        } finally {
            if (backendDown) {
                agent.restartBackend();
            }
            agent.control().updateConfig(Map.of("reconnectBaseSeconds", "1", "reconnectMaxSeconds", "1"));
            // not connection settings: a long wait already drawn stays; the next UI tests need the agent connected
            agent.control().connectNow();
        }
    }
}
