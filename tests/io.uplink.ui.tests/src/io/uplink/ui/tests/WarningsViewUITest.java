package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swtchart.Chart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.uplink.testkit.swt.Condition;
import io.uplink.testkit.swt.UiBot;
import io.uplink.testkit.swt.UiTable;
import io.uplink.testkit.swt.UiView;
import io.uplink.ui.views.WarningsView;

/** The Warnings view while a real local Backend goes away and comes back. */
class WarningsViewUITest {
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
    void stoppingTheBackendRaisesUnableToSendWithTheDiagnosisAndRestartingClearsIt() throws Exception {
        UiBot bot = new UiBot();
        UiView uiView = bot.viewByTitle("Warnings");
        uiView.show();
        WarningsView view = (WarningsView) uiView.getViewReference();
        UiBot viewBot = uiView.bot();
        UiTable events = viewBot.table();
        bot.waitUntil(Condition.that("a 'connected' event", () -> column(events, 1).contains("connected")), 15_000);
        bot.waitUntil(Condition.that("not raised", () -> view.statusText().equals("UnableToSend is not raised")));

        agent.stopBackend();
        bot.waitUntil(Condition.that("UnableToSend raised in the view",
                () -> view.statusText().startsWith("UnableToSend is raised since")), 15_000);
        bot.waitUntil(Condition.that("the loss and a refused attempt in the log", () -> column(events, 1).contains("connection lost")
                && column(events, 1).contains("connection attempt failed")), 15_000);
        int failed = column(events, 1).indexOf("connection attempt failed");
        assertTrue(events.cell(failed, "Details").contains("CONNECTION_REFUSED"), "the diagnosis: " + events.cell(failed, "Details"));
        bot.waitUntil(Condition.that("the timeline shows UnableToSend raised up to now",
                () -> last(timelineY(viewBot)) == 1.0));

        viewBot.button("Copy").click();
        Clipboard clipboard = new Clipboard(bot.display());
        String copied = (String) clipboard.getContents(TextTransfer.getInstance());
        clipboard.dispose();
        assertTrue(copied != null && copied.contains("connection attempt failed") && copied.contains("CONNECTION_REFUSED"), copied);
        assertTrue(copied.contains("still raised"), copied);
        Path exported = Files.createTempFile("uplink-events", ".txt");
        view.exportTo(exported);
        assertEquals(view.logText(), Files.readString(exported));

        agent.restartBackend();
        bot.waitUntil(Condition.that("UnableToSend cleared in the view",
                () -> view.statusText().equals("UnableToSend is not raised")), 20_000);
        bot.waitUntil(Condition.that("the timeline back to 0 with one raised period", () -> last(timelineY(viewBot)) == 0.0
                && Arrays.stream(timelineY(viewBot)).anyMatch(y -> y == 1.0)));
        assertTrue(column(events, 1).contains("UnableToSend cleared"), column(events, 1).toString());
    }

    private static java.util.List<String> column(UiTable table, int column) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            texts.add(table.cell(row, column));
        }
        return texts;
    }

    private static double[] timelineY(UiBot viewBot) {
        Chart chart = (Chart) viewBot.table().widget().getParent().getChildren()[0];
        return chart.getSeriesSet().getSeries(WarningsView.TIMELINE_SERIES).getYSeries();
    }

    private static double last(double[] values) {
        return values.length == 0 ? Double.NaN : values[values.length - 1];
    }
}
