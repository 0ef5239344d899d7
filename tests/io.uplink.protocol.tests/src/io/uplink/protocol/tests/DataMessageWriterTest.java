package io.uplink.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;

import io.uplink.protocol.AggregatedDataNotification;
import io.uplink.protocol.ChannelValueJson;
import io.uplink.protocol.DataMessageWriter;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.TimestampedDataNotification;

class DataMessageWriterTest {

    private static final long TS = 1795757860000L;

    @Test
    void writesTheDocExample() {
        String[] addresses = { "load0/Value104", "_sum/EssSoc", "ess0/State", "meter0/ActivePower" };
        Object[] values = { 5030L, 57L, 0L, null };
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{\"1795757860000\":"
                + "{\"load0/Value104\":5030,\"_sum/EssSoc\":57,\"ess0/State\":0,\"meter0/ActivePower\":null}}}",
                DataMessageWriter.timestampedData(TS, addresses, values, 4));
    }

    @Test
    void emptyMessageHasNoTimestampKey() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{}}",
                DataMessageWriter.timestampedData(TS, new String[0], new Object[0], 0));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"aggregatedData\",\"params\":{}}",
                DataMessageWriter.aggregatedData(TS, new String[] { "a/B" }, new Object[] { 1L }, 0));
    }

    @Test
    void valueModelOnTheWire() {
        String[] addresses = { "a/Bool", "a/False", "a/Whole", "a/Double", "a/NaN", "a/Inf", "a/Text", "a/Int" };
        Object[] values = { true, false, 57L, 57.0, Double.NaN, Double.NEGATIVE_INFINITY, "x\"y", 7 };
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"aggregatedData\",\"params\":{\"5\":{\"a/Bool\":1,"
                + "\"a/False\":0,\"a/Whole\":57,\"a/Double\":57.0,\"a/NaN\":null,\"a/Inf\":null,\"a/Text\":\"x\\\"y\","
                + "\"a/Int\":7}}}", DataMessageWriter.aggregatedData(5, addresses, values, values.length));
    }

    @Test
    void indicesSelectEntries() {
        String[] addresses = { "a/X", "a/Y", "a/Z" };
        Object[] values = { 1L, 2L, 3L };
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{\"9\":{\"a/Z\":3,\"a/X\":1}}}",
                DataMessageWriter.timestampedData(9, addresses, values, new int[] { 2, 0, 1 }, 2));
    }

    @Test
    void streamsTheSameTextToAWriter() throws Exception {
        String[] addresses = { "a/X", "a/Y", "a/Z" };
        Object[] values = { 1L, 2.5, "z" };
        StringWriter timestamped = new StringWriter();
        DataMessageWriter.writeTimestampedData(timestamped, 9, addresses, values, null, 3);
        assertEquals(DataMessageWriter.timestampedData(9, addresses, values, 3), timestamped.toString());
        StringWriter aggregated = new StringWriter();
        DataMessageWriter.writeAggregatedData(aggregated, 9, addresses, values, new int[] { 1 }, 1);
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"aggregatedData\",\"params\":{\"9\":{\"a/Y\":2.5}}}",
                aggregated.toString());
        assertThrows(IllegalArgumentException.class, () -> DataMessageWriter.writeAggregatedData(new StringWriter(),
                9, addresses, values, new int[] { 1 }, 2));
    }

    @Test
    void badCountsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DataMessageWriter.timestampedData(1, new String[1], new Object[1], 2));
        assertEquals("count 2 exceeds the arrays (1 addresses, 1 values)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DataMessageWriter.timestampedData(1, new String[1], new Object[1], -1));
        assertThrows(IllegalArgumentException.class, () -> DataMessageWriter.timestampedData(1,
                new String[] { "a/B" }, new Object[] { new Object() }, 1));
    }

    @Test
    void equalsTheCodecByteForByteOnRandomData() {
        Random random = new Random(20260404);
        for (int round = 0; round < 300; round++) {
            int size = random.nextInt(round % 10 == 0 ? 1 : 200);
            String[] addresses = new String[size + 5];
            Object[] values = new Object[size + 5];
            Map<String, JsonElement> row = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                addresses[i] = randomAddress(random, i);
                values[i] = randomValue(random);
                row.put(addresses[i], ChannelValueJson.toJson(values[i]));
            }
            long ts = random.nextLong() >>> 20;
            String expectedTs = JsonRpcCodec.encode(TimestampedDataNotification.of(ts, row).toNotification());
            assertEquals(expectedTs, DataMessageWriter.timestampedData(ts, addresses, values, size));
            String expectedAgg = JsonRpcCodec.encode(AggregatedDataNotification.of(ts, row).toNotification());
            assertEquals(expectedAgg, DataMessageWriter.aggregatedData(ts, addresses, values, size));
        }
    }

    private static String randomAddress(Random random, int i) {
        String[] components = { "_sum", "meter0", "ctrlBackend0", "ünïcode", "q\"uote", "tab\tbed", "sep\u2028" };
        return components[random.nextInt(components.length)] + i + "/Channel" + random.nextInt(1000);
    }

    private static Object randomValue(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> null;
            case 1 -> random.nextLong();
            case 2 -> (long) random.nextInt(20_000) - 10_000;
            case 3 -> random.nextDouble() * 1e6 - 5e5;
            case 4 -> (double) random.nextInt(1000);
            case 5 -> random.nextBoolean();
            case 6 -> Double.longBitsToDouble(random.nextLong());
            case 7 -> random.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            case 8 -> "text " + random.nextInt() + " <&> \u00e9\u0001\\";
            case 9 -> random.nextInt();
            case 10 -> random.nextFloat() * 100;
            case 11 -> random.nextBoolean() ? -0.0 : 1e-300;
            case 12 -> new BigDecimal(random.nextInt(100_000)).movePointLeft(2);
            default -> random.nextDouble() * 1e25;
        };
    }
}
