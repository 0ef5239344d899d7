package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.uplink.connector.ChannelRow;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.internal.CycleSender;
import io.uplink.connector.internal.CycleSender.PreparedData;
import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

class CycleSenderTest {

    private static final long T0 = 1_795_757_700_000L;

    private static final List<ChannelMetadata> CHANNELS = List.of(
            ChannelMetadata.of("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.HIGH),
            ChannelMetadata.of("_sum/EssSoc", OpenemsType.INTEGER, Unit.PERCENT, PersistencePriority.VERY_HIGH),
            ChannelMetadata.of("ess0/Temperature", OpenemsType.DOUBLE, Unit.DEGREE_CELSIUS, PersistencePriority.HIGH),
            ChannelMetadata.of("meter0/Frequency", OpenemsType.INTEGER, Unit.MILLIHERTZ, PersistencePriority.LOW),
            ChannelMetadata.of("sim0/Debug", OpenemsType.INTEGER, Unit.NONE, PersistencePriority.VERY_LOW),
            ChannelMetadata.builder(ChannelAddress.parse("ess0/SetActivePowerEquals"), OpenemsType.INTEGER)
                    .priority(PersistencePriority.VERY_HIGH).accessMode(AccessMode.WRITE_ONLY).build(),
            ChannelMetadata.of("ess0/LowSocWarning", OpenemsType.BOOLEAN, Unit.NONE, PersistencePriority.HIGH),
            ChannelMetadata.of("_meta/Version", OpenemsType.STRING, Unit.NONE, PersistencePriority.VERY_HIGH));

    private static ConnectorConfig config(String... keyValues) throws Exception {
        Map<String, String> properties = new HashMap<>(Map.of("apikey", "k"));
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return ConnectorConfig.fromProperties(properties);
    }

    /** Values for CHANNELS in order. */
    private static ChannelSnapshot snapshot(long time, Object... values) {
        return new ChannelSnapshot(time, CHANNELS, values);
    }

    private static ChannelSnapshot base(long time) {
        return snapshot(time, 1500L, 57L, 24.5, 50_000L, 7L, 1000L, false, null);
    }

    /** The single row of a timestampedData text, or an empty object for {@code "params":{}}. */
    private static JsonObject row(PreparedData data) {
        JsonObject message = JsonParser.parseString(data.text()).getAsJsonObject();
        assertEquals("timestampedData", message.get("method").getAsString());
        JsonObject params = message.getAsJsonObject("params");
        assertTrue(params.size() <= 1, data.text());
        return params.isEmpty() ? new JsonObject() : params.getAsJsonObject(params.keySet().iterator().next());
    }

    private static String timestampKey(PreparedData data) {
        return JsonParser.parseString(data.text()).getAsJsonObject().getAsJsonObject("params").keySet().iterator()
                .next();
    }

    @Test
    void firstSendIsFullWithNullsFilteredAndFlooredTimestamp() throws Exception {
        CycleSender sender = new CycleSender(config());
        PreparedData data = sender.prepare(base(T0 + 999));
        assertTrue(data.full());
        assertEquals(String.valueOf(T0), timestampKey(data), "floored to the cycle time");
        assertEquals(T0, data.timestampMillis());
        JsonObject row = row(data);
        assertEquals(List.of("meter0/ActivePower", "_sum/EssSoc", "ess0/Temperature", "ess0/LowSocWarning",
                "_meta/Version"), List.copyOf(row.keySet()), "HIGH and above, not WRITE_ONLY, in channel order");
        assertEquals(0, row.get("ess0/LowSocWarning").getAsInt(), "booleans are 0/1");
        assertTrue(row.get("_meta/Version").isJsonNull(), "a full send includes nulls");
        assertEquals(5, data.valueCount());
        assertEquals(5, data.channelCount());

        PreparedData odd = new CycleSender(config("cycleTime", "300")).prepare(base(T0 + 1_250));
        assertEquals(T0 + 1_200, odd.timestampMillis());
    }

    @Test
    void deltaHoldsOnlyChangesSinceTheLastConfirmedSend() throws Exception {
        CycleSender sender = new CycleSender(config());
        sender.confirmSent(sender.prepare(base(T0)));

        PreparedData same = sender.prepare(base(T0 + 1000));
        assertFalse(same.full());
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{}}", same.text());
        assertEquals(0, same.valueCount());
        sender.confirmSent(same);

        PreparedData changed = sender.prepare(snapshot(T0 + 2000, 1600L, 57.0, 24.5, 1L, 8L, 1L, false, "2026.4.0"));
        assertFalse(changed.full());
        JsonObject row = row(changed);
        assertEquals(List.of("meter0/ActivePower", "_meta/Version"), List.copyOf(row.keySet()),
                "57.0 is the same JSON number as 57; LOW, VERY_LOW and WRITE_ONLY changes are not sent");
        assertEquals(1600, row.get("meter0/ActivePower").getAsInt());
        assertEquals("2026.4.0", row.get("_meta/Version").getAsString());
        // not confirmed: the next delta is still against the last confirmed send
        PreparedData again = sender.prepare(snapshot(T0 + 3000, 1600L, 57L, 24.5, 1L, 8L, 1L, false, "2026.4.0"));
        assertEquals(List.of("meter0/ActivePower", "_meta/Version"), List.copyOf(row(again).keySet()));
        sender.confirmSent(again);

        PreparedData nulled = sender.prepare(snapshot(T0 + 4000, null, 57L, 24.5, 1L, 8L, 1L, true, "2026.4.0"));
        JsonObject nulledRow = row(nulled);
        assertEquals(List.of("meter0/ActivePower", "ess0/LowSocWarning"), List.copyOf(nulledRow.keySet()));
        assertTrue(nulledRow.get("meter0/ActivePower").isJsonNull(), "a value becoming undefined is sent as null");
        assertEquals(1, nulledRow.get("ess0/LowSocWarning").getAsInt());
    }

    @Test
    void requestFullSendIsConsumedByTheNextPrepare() throws Exception {
        CycleSender sender = new CycleSender(config());
        sender.confirmSent(sender.prepare(base(T0)));
        sender.requestFullSend();
        PreparedData full = sender.prepare(base(T0 + 1000));
        assertTrue(full.full());
        assertEquals(5, full.valueCount());
        PreparedData next = sender.prepare(base(T0 + 2000));
        assertFalse(next.full(), "as in OpenEMS the flag is used up even if that full send fails");
    }

    @Test
    void fullSendAfterMoreThanTheIntervalSinceTheLastConfirmedFullSend() throws Exception {
        CycleSender sender = new CycleSender(config("fullSendInterval", "10"));
        sender.confirmSent(sender.prepare(base(T0)));
        PreparedData atInterval = sender.prepare(base(T0 + 10_000));
        assertFalse(atInterval.full(), "exactly the interval is not more than it");
        sender.confirmSent(atInterval);
        PreparedData after = sender.prepare(base(T0 + 10_001));
        assertTrue(after.full());
        // not confirmed: the interval still counts from T0, so the next one is full again
        assertTrue(sender.prepare(base(T0 + 11_000)).full());
        PreparedData confirmed = sender.prepare(base(T0 + 12_000));
        sender.confirmSent(confirmed);
        assertFalse(sender.prepare(base(T0 + 22_000)).full());
        assertTrue(sender.prepare(base(T0 + 22_001)).full());
    }

    @Test
    void lateOrRepeatedConfirmationsAreIgnored() throws Exception {
        CycleSender sender = new CycleSender(config());
        sender.confirmSent(sender.prepare(base(T0)));
        PreparedData first = sender.prepare(snapshot(T0 + 1000, 1L, 57L, 24.5, 1L, 8L, 1L, false, null));
        PreparedData second = sender.prepare(snapshot(T0 + 2000, 2L, 57L, 24.5, 1L, 8L, 1L, false, null));
        sender.confirmSent(second);
        sender.confirmSent(first);
        PreparedData next = sender.prepare(snapshot(T0 + 3000, 2L, 57L, 24.5, 1L, 8L, 1L, false, null));
        assertEquals(0, next.valueCount(), "the reference is the newer confirmed send");
    }

    @Test
    void aChangedChannelListSendsOnlyNewAndChangedChannels() throws Exception {
        CycleSender sender = new CycleSender(config());
        sender.confirmSent(sender.prepare(base(T0)));
        List<ChannelMetadata> grown = new ArrayList<>(CHANNELS);
        grown.add(1, ChannelMetadata.of("pvInverter0/ActivePower", OpenemsType.INTEGER, Unit.WATT,
                PersistencePriority.HIGH));
        ChannelSnapshot snapshot = new ChannelSnapshot(T0 + 1000, List.copyOf(grown),
                new Object[] {1500L, 3000L, 57L, 24.6, 50_000L, 7L, 1000L, false, null});
        PreparedData data = sender.prepare(snapshot);
        assertFalse(data.full());
        assertEquals(List.of("pvInverter0/ActivePower", "ess0/Temperature"), List.copyOf(row(data).keySet()));
    }

    @Test
    void statusShowsWhenAndHowEachChannelWasSent() throws Exception {
        CycleSender sender = new CycleSender(config());
        ChannelSnapshot first = base(T0);
        assertEquals(CycleSender.NEVER, sender.lastSentMillis(first, 0));
        assertEquals(ChannelRow.SentAs.NOT_SENT, sender.sentAs(first, 0, PersistencePriority.LOW));
        sender.confirmSent(sender.prepare(first));
        ChannelSnapshot second = snapshot(T0 + 1000, 1600L, 57L, 24.5, 50_000L, 7L, 1000L, false, null);
        sender.confirmSent(sender.prepare(second));

        assertEquals(T0 + 1000, sender.lastSentMillis(second, 0));
        assertEquals(ChannelRow.SentAs.DELTA, sender.sentAs(second, 0, PersistencePriority.LOW));
        assertEquals(T0, sender.lastSentMillis(second, 1));
        assertEquals(ChannelRow.SentAs.FULL, sender.sentAs(second, 1, PersistencePriority.LOW));
        assertEquals(ChannelRow.SentAs.AGGREGATED_ONLY, sender.sentAs(second, 3, PersistencePriority.LOW));
        assertEquals(ChannelRow.SentAs.NOT_SENT, sender.sentAs(second, 3, PersistencePriority.HIGH));
        assertEquals(ChannelRow.SentAs.NOT_SENT, sender.sentAs(second, 4, PersistencePriority.LOW));
        assertEquals(ChannelRow.SentAs.NOT_SENT, sender.sentAs(second, 5, PersistencePriority.LOW), "WRITE_ONLY");
        assertEquals(CycleSender.NEVER, sender.lastSentMillis(second, 3));

        CycleSender.SendStatus status = sender.status();
        assertEquals(5, status.size());
        assertEquals("meter0/ActivePower", status.address(0));
        assertEquals(T0 + 1000, status.lastSentMillis(0));
        assertFalse(status.sentInFull(0));
        assertTrue(status.sentInFull(4));
    }

    @Test
    void bytesAreUtf8() throws Exception {
        CycleSender sender = new CycleSender(config());
        PreparedData data = sender.prepare(snapshot(T0, 1L, 2L, 3.0, 4L, 5L, 6L, true, "Grüße € 😀"));
        assertEquals(data.text().getBytes(StandardCharsets.UTF_8).length, data.bytes());
        assertTrue(data.bytes() > data.text().length());
    }

    @Test
    void oneHundredThousandChannelsCarryOnlyTheChange() throws Exception {
        int n = 100_000;
        List<ChannelMetadata> channels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            channels.add(ChannelMetadata.of(new ChannelAddress("sim0", "Value" + i),
                    i % 2 == 0 ? OpenemsType.INTEGER : OpenemsType.DOUBLE, Unit.NONE,
                    i % 3 == 2 ? PersistencePriority.LOW : PersistencePriority.HIGH));
        }
        List<ChannelMetadata> list = List.copyOf(channels);
        CycleSender sender = new CycleSender(config());
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = i % 2 == 0 ? (Object) (long) i : (Object) (i + 0.5);
        }
        PreparedData full = sender.prepare(new ChannelSnapshot(T0, list, values.clone()));
        assertEquals(n - n / 3, full.valueCount());
        sender.confirmSent(full);
        for (int cycle = 1; cycle <= 3; cycle++) {
            Object[] next = values.clone();
            next[4] = 4L + cycle;
            PreparedData delta = sender.prepare(new ChannelSnapshot(T0 + cycle * 1000L, list, next));
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{\"" + (T0 + cycle * 1000L)
                    + "\":{\"sim0/Value4\":" + (4 + cycle) + "}}}", delta.text());
            sender.confirmSent(delta);
            values = next;
        }
    }
}
