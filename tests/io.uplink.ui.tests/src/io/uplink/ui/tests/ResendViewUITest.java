package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.uplink.testkit.swt.Condition;
import io.uplink.testkit.swt.UiBot;
import io.uplink.testkit.swt.UiView;
import io.uplink.ui.views.ResendView;

/**
 * The Resend Progress view through a real outage: the in-process agent keeps its data in its on-disk backlog while the
 * local Backend is down, and replays it when it is back (short grace and no start jitter, so the test takes ~20 s).
 */
class ResendViewUITest {
    private static LiveAgent agent;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = LiveAgent.start(0, Map.of("replayGraceSeconds", "1", "replayWindowJitterSeconds", "0",
                "replayRawJitterMaxSeconds", "0", "replaySpeed", "50"));
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    @Test
    void theBacklogFillsDuringAnOutageAndDrainsAfter() throws Exception {
        UiBot bot = new UiBot();
        UiView uiView = bot.viewByTitle("Resend Progress");
        uiView.show();
        ResendView view = (ResendView) uiView.getViewReference();
        bot.waitUntil(Condition.that("the backlog shown", () -> view.statusText().startsWith("Backlog empty")
                || view.statusText().contains("waiting to be resent")), 15_000);

        agent.stopBackend();
        bot.waitUntil(Condition.that("rows waiting during the outage", () -> view.statusText().contains("waiting to be resent")
                && !view.priorityText().contains("HIGH=0")), 20_000);
        bot.waitUntil(Condition.that("the chart shows the backlog", () -> Arrays.stream(view.chartRows()).anyMatch(y -> y > 0)),
                10_000);
        assertTrue(view.detailText().contains("Oldest row:"), view.detailText());
        if (Screenshots.directory() != null) {
            org.eclipse.ui.IWorkbenchPage page = view.getSite().getPage();
            page.setPartState(page.getReference(view), org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
            bot.sleep(8000); // a few more rows and chart points
            bot.captureScreenshot(view.getSite().getShell(), Screenshots.directory().resolve("resend.png"));
            page.setPartState(page.getReference(view), org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);
        }

        agent.restartBackend();
        bot.waitUntil(Condition.that("the backlog drained after reconnect",
                () -> view.statusText().startsWith("Backlog empty")), 60_000);
        bot.waitUntil(Condition.that("LastSuccessfulResend set",
                () -> !view.detailText().contains("LastSuccessfulResend: never")), 10_000);
        assertTrue(agent.backend().edge(LiveAgent.EDGE).messages().stream().anyMatch(m -> m.method().equals("xAgentBarrier")),
                "the replay confirmed its rows with a barrier");
    }
}
