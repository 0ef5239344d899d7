package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.uplink.testkit.swt.Condition;
import io.uplink.testkit.swt.UiBot;
import io.uplink.testkit.swt.UiTable;
import io.uplink.testkit.swt.UiView;
import io.uplink.ui.internal.RateCharts;
import io.uplink.ui.views.TransmissionView;

/** The Channel Transmission view on a real agent with 10,000 extra simulated channels and a real local Backend. */
class TransmissionViewUITest {
    private static final int EXTRA_CHANNELS = 10_000;
    private static final long MAX_REFRESH_MILLIS = 50;
    private static LiveAgent agent;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = LiveAgent.start(EXTRA_CHANNELS);
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    private static UiView view(UiBot bot) {
        UiView view = bot.viewByTitle("Channel Transmission");
        view.show();
        return view;
    }

    @Test
    void tableShowsEveryChannelLiveAndFilters() {
        UiBot bot = new UiBot();
        UiBot viewBot = view(bot).bot();
        UiTable table = viewBot.table();
        bot.waitUntil(Condition.that("all channels in the table", () -> table.rowCount() > EXTRA_CHANNELS), 30_000);
        assertEquals(List.of("Address", "Priority", "Value", "Unit", "Last sent", "Sent as"), headers(table));

        viewBot.textWithLabel("Filter:").typeText("_sum/");
        // every row, not just the first: while the text is typed, "_" alone also matches _meta/ and _Property rows
        bot.waitUntil(Condition.that("only _sum channels", () -> table.rowCount() > 0 && table.rowCount() < 100
                && allRows(table, row -> table.cell(row, "Address").startsWith("_sum/"))));
        for (int row = 0; row < table.rowCount(); row++) {
            assertTrue(table.cell(row, "Address").startsWith("_sum/"), table.cell(row, "Address"));
        }
        // live: a value read from the simulated edge and sent to the Backend (delta or full)
        bot.waitUntil(Condition.that("a _sum value that was sent", () -> anyRow(table,
                row -> !table.cell(row, "Value").equals("–") && !table.cell(row, "Last sent").equals("never")
                        && List.of("full", "delta").contains(table.cell(row, "Sent as")))), 15_000);

        viewBot.comboBox().setSelection("VERY_HIGH");
        bot.waitUntil(Condition.that("only VERY_HIGH _sum channels", () -> table.rowCount() > 0
                && allRows(table, row -> table.cell(row, "Priority").equals("VERY_HIGH"))));
        viewBot.comboBox().setSelection(TransmissionView.ANY_PRIORITY);
        viewBot.textWithLabel("Filter:").setText("");
        bot.waitUntil(Condition.that("all channels again", () -> table.rowCount() > EXTRA_CHANNELS));
    }

    @Test
    void chartsShowFullAndDeltaMessagesAndThroughput() {
        UiBot bot = new UiBot();
        TransmissionView view = (TransmissionView) view(bot).getViewReference();
        RateCharts charts = view.charts();
        bot.waitUntil(Condition.that("delta messages and kB/s drawn", () -> max(charts.shown(RateCharts.DELTA)) > 0
                && max(charts.shown(RateCharts.KILOBYTES)) > 0 && max(charts.shown(RateCharts.VALUES)) > 0), 20_000);
        // a full snapshot goes out right after connecting and 10 s later
        bot.waitUntil(Condition.that("a full snapshot drawn", () -> max(charts.shown(RateCharts.FULL)) > 0), 20_000);
        assertTrue(agent.backend().edge(LiveAgent.EDGE).messages().size() > 3, "the Backend received the data");
    }

    @Test
    void refreshAtTenThousandChannelsStaysUnderFiftyMillisecondsOnTheUiThread() {
        UiBot bot = new UiBot();
        TransmissionView view = (TransmissionView) view(bot).getViewReference();
        UiTable table = view(bot).bot().table();
        bot.waitUntil(Condition.that("all channels in the table", () -> table.rowCount() > EXTRA_CHANNELS), 30_000);
        int before = view.refreshNanos().size();
        bot.waitUntil(Condition.that("10 more refreshes", () -> view.refreshNanos().size() >= Math.min(before + 10, 120)), 30_000);
        List<Long> times = view.refreshNanos();
        List<Long> measured = new ArrayList<>(times.subList(Math.max(0, times.size() - 10), times.size()));
        long[] millis = measured.stream().mapToLong(n -> n / 1_000_000).sorted().toArray();
        double median = (millis[4] + millis[5]) / 2.0;
        System.out.printf("TransmissionView UI-thread refresh at %d rows: median %.1f ms, max %d ms, all %s%n",
                table.rowCount(), median, millis[9], Arrays.toString(millis));
        assertTrue(median <= MAX_REFRESH_MILLIS, "median refresh " + median + " ms > " + MAX_REFRESH_MILLIS + " ms: "
                + Arrays.toString(millis));
    }

    private static List<String> headers(UiTable table) {
        return Arrays.stream(table.widget().getColumns()).map(c -> c.getText()).toList();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static boolean anyRow(UiTable table, java.util.function.IntPredicate predicate) {
        for (int row = 0; row < table.rowCount(); row++) {
            if (predicate.test(row)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allRows(UiTable table, java.util.function.IntPredicate predicate) {
        for (int row = 0; row < table.rowCount(); row++) {
            if (!predicate.test(row)) {
                return false;
            }
        }
        return true;
    }
}
