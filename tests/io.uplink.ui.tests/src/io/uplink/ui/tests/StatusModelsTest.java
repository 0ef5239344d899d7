package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.uplink.connector.ChannelRow;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.StatusSnapshot;
import io.uplink.connector.StatusEvent;
import io.uplink.connector.StatusEvent.Kind;
import io.uplink.connector.StatusSnapshot.Counters;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.ui.internal.ChannelFilter;
import io.uplink.ui.internal.TransmissionRates;
import io.uplink.ui.internal.UnableToSendTimeline;
import io.uplink.ui.views.ConnectionView;

/** What the views compute off the UI thread: filters, rates, the UnableToSend timeline. */
class StatusModelsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T06:00:00Z");

    @Test
    void filterMatchesAddressCaseInsensitivelyAndPriorityExactly() {
        List<ChannelRow> rows = List.of(row("meter0/ActivePower", PersistencePriority.HIGH),
                row("ess0/Soc", PersistencePriority.VERY_HIGH), row("meter0/Frequency", PersistencePriority.LOW));
        assertArrayEquals(new int[] { 0, 1, 2 }, ChannelFilter.NONE.select(rows));
        assertArrayEquals(new int[] { 0, 2 }, new ChannelFilter(" METER0/ ", null).select(rows));
        assertArrayEquals(new int[] { 2 }, new ChannelFilter("meter0", PersistencePriority.LOW).select(rows));
        assertArrayEquals(new int[0], new ChannelFilter("nothing", null).select(rows));
    }

    @Test
    void ratesComeFromSuccessiveTotalsAndRestartWithANewAgent() {
        TransmissionRates rates = new TransmissionRates(Duration.ofMinutes(5));
        rates.add(T0, counters(10, 1, 9, 1000, 20_000));
        rates.add(T0.plusSeconds(2), counters(14, 2, 12, 3000, 26_000));
        rates.add(T0.plusSeconds(2), counters(99, 9, 99, 9999, 99_999)); // same instant: ignored
        TransmissionRates.Series series = rates.series();
        assertEquals(1, series.size());
        assertEquals(0.5, series.fullMessages()[0], 1e-9);
        assertEquals(1.5, series.deltaMessages()[0], 1e-9);
        assertEquals(1000, series.values()[0], 1e-9);
        assertEquals(3.0, series.kilobytes()[0], 1e-9);
        assertEquals(0, series.secondsAgo()[0], 1e-9);

        rates.add(T0.plusSeconds(3), counters(1, 1, 0, 10, 100)); // totals went down: another agent
        assertEquals(0, rates.series().size());
    }

    @Test
    void timelineHasOnePeriodPerRaiseAndStaysOpenWhileRaised() {
        List<StatusEvent> events = List.of(event(0, Kind.CONNECTED), event(10, Kind.UNABLE_TO_SEND_RAISED),
                event(11, Kind.CONNECT_FAILED), event(40, Kind.UNABLE_TO_SEND_CLEARED), event(100, Kind.UNABLE_TO_SEND_RAISED));
        UnableToSendTimeline timeline = UnableToSendTimeline.of(events);
        assertEquals(2, timeline.intervals().size());
        assertEquals(Duration.ofSeconds(30), timeline.intervals().get(0).length(T0.plusSeconds(200)));
        assertNull(timeline.intervals().get(1).cleared());
        assertTrue(timeline.raisedNow());
        assertEquals(Duration.ofSeconds(30 + 20), timeline.total(T0.plusSeconds(120)));

        double[][] steps = timeline.steps(T0, T0.plusSeconds(120));
        assertArrayEquals(new double[] { -120, -110, -110, -80, -80, -20, -20, 0, 0 }, steps[0], 1e-9);
        assertArrayEquals(new double[] { 0, 0, 1, 1, 0, 0, 1, 1, 1 }, steps[1], 1e-9);
        assertFalse(UnableToSendTimeline.of(List.of(event(0, Kind.CONNECTED))).raisedNow());
        assertEquals("1 h 1 min 5 s", UnableToSendTimeline.describe(Duration.ofSeconds(3665)));
    }

    @Test
    void connectionStatusLineNamesTheAttemptAndWhenConnectCutTheWaitShort() {
        assertEquals("Connecting …", ConnectionView.statusLine(status(ConnectionState.CONNECTING, null, 0), false, T0));
        assertEquals("Connecting (attempt 3) …",
                ConnectionView.statusLine(status(ConnectionState.CONNECTING, null, 2), false, T0));
        assertEquals("Connecting now (attempt 3) …",
                ConnectionView.statusLine(status(ConnectionState.CONNECTING, null, 2), true, T0));
        assertEquals("Connecting now (attempt 1) …",
                ConnectionView.statusLine(status(ConnectionState.CONNECTING, null, 0), true, T0));
        assertEquals("Waiting, next attempt in 73 s; Connect tries now",
                ConnectionView.statusLine(status(ConnectionState.WAITING, T0.plusMillis(73_400), 2), false, T0));
        assertEquals("Connected", ConnectionView.statusLine(status(ConnectionState.CONNECTED, null, 2), false, T0));
    }

    private static StatusSnapshot status(ConnectionState state, Instant nextAttemptAt, int failedAttempts) {
        return new StatusSnapshot(state, "ws://127.0.0.1:8081", null, nextAttemptAt, null, false, Counters.ZERO, 0, 0,
                null, failedAttempts);
    }

    private static ChannelRow row(String address, PersistencePriority priority) {
        return new ChannelRow(ChannelMetadata.of(address, OpenemsType.INTEGER, Unit.NONE, priority), 1, 0, ChannelRow.SentAs.NOT_SENT);
    }

    private static Counters counters(long messages, long full, long delta, long values, long bytes) {
        return new Counters(1, messages, bytes, values, full, delta, 0, 0, 0, 0, 0, 0, 0);
    }

    private static StatusEvent event(int second, Kind kind) {
        return new StatusEvent(T0.plusSeconds(second), kind, kind.name());
    }
}
