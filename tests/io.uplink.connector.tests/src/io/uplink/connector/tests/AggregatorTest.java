package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.internal.Aggregator;
import io.uplink.connector.internal.Aggregator.Window;
import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.Level;
import io.uplink.core.MutableClock;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

/** Every expected value here is computed by hand from the samples fed in. */
class AggregatorTest {

    private static final Instant TEN = Instant.parse("2026-11-27T10:00:00Z");

    private static final List<ChannelMetadata> CHANNELS = List.of(
            ChannelMetadata.of("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.LOW),
            ChannelMetadata.of("ess0/Temperature", OpenemsType.DOUBLE, Unit.DEGREE_CELSIUS, PersistencePriority.HIGH),
            ChannelMetadata.of("_sum/ProductionActiveEnergy", OpenemsType.LONG, Unit.CUMULATED_WATT_HOURS,
                    PersistencePriority.HIGH),
            ChannelMetadata.of("meter0/Uptime", OpenemsType.DOUBLE, Unit.CUMULATED_SECONDS, PersistencePriority.LOW),
            ChannelMetadata.of("ess0/LowSocWarning", OpenemsType.BOOLEAN, Unit.NONE, PersistencePriority.HIGH),
            ChannelMetadata.builder(ChannelAddress.parse("ess0/GridMode"), OpenemsType.INTEGER)
                    .enumOptions(Map.of(0, "Undefined", 1, "On-Grid", 2, "Off-Grid")).build(),
            ChannelMetadata.of("_meta/Version", OpenemsType.STRING, Unit.NONE, PersistencePriority.VERY_HIGH),
            ChannelMetadata.of("meter0/Missing", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.LOW),
            ChannelMetadata.of("sim0/Debug", OpenemsType.INTEGER, Unit.NONE, PersistencePriority.VERY_LOW),
            ChannelMetadata.builder(ChannelAddress.parse("ess0/SetActivePowerEquals"), OpenemsType.INTEGER)
                    .priority(PersistencePriority.HIGH).accessMode(AccessMode.WRITE_ONLY).build(),
            ChannelMetadata.of("meter0/ReactivePower", OpenemsType.SHORT, Unit.VOLT_AMPERE_REACTIVE,
                    PersistencePriority.LOW));

    private static final int POWER = 0;
    private static final int TEMPERATURE = 1;
    private static final int ENERGY = 2;
    private static final int UPTIME = 3;
    private static final int WARNING = 4;
    private static final int GRID_MODE = 5;
    private static final int VERSION = 6;
    private static final int REACTIVE = 10;

    private static ConnectorConfig config(String... keyValues) throws Exception {
        Map<String, String> properties = new java.util.HashMap<>(Map.of("apikey", "k"));
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return ConnectorConfig.fromProperties(properties);
    }

    /** Feeds cycles every {@code step} from the clock's time, values from {@code valuesAt(i)}, collecting windows. */
    private static List<Window> run(Aggregator aggregator, MutableClock clock, Duration step, int cycles,
            IntFunction<Object[]> valuesAt) {
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < cycles; i++) {
            ChannelSnapshot snapshot = new ChannelSnapshot(clock.millis(), CHANNELS, valuesAt.apply(i));
            aggregator.record(snapshot).ifPresent(windows::add);
            clock.advance(step);
        }
        return windows;
    }

    private static Object[] values(Object... byIndex) {
        Object[] values = new Object[CHANNELS.size()];
        System.arraycopy(byIndex, 0, values, 0, byIndex.length);
        return values;
    }

    private static JsonObject row(Window window) {
        JsonObject message = JsonParser.parseString(window.text()).getAsJsonObject();
        assertEquals("aggregatedData", message.get("method").getAsString());
        JsonObject params = message.getAsJsonObject("params");
        assertEquals(List.of(String.valueOf(window.windowStartMillis())), List.copyOf(params.keySet()));
        return params.getAsJsonObject(String.valueOf(window.windowStartMillis()));
    }

    @Test
    void aCompleteWindowAggregatesAsOpenemsDoes() throws Exception {
        MutableClock clock = new MutableClock(TEN, ZoneOffset.UTC);
        Aggregator aggregator = new Aggregator(config(), clock.getZone());
        // cycles at 10:00:00 … 10:04:59; the one at 10:05:00 completes the window
        List<Window> windows = run(aggregator, clock, Duration.ofSeconds(1), 301, i -> {
            Object[] v = new Object[CHANNELS.size()];
            v[POWER] = i < 100 ? 10L : 20L;
            v[TEMPERATURE] = i < 150 ? 1.5 : 2.0;
            v[ENERGY] = i == 299 ? 5L : 1000L + i;
            v[UPTIME] = i * 0.5;
            v[WARNING] = i < 150;
            v[GRID_MODE] = i < 50 || i >= 150 && i < 200 ? Long.valueOf(2) : i < 150 ? Long.valueOf(1)
                    : i < 299 ? Long.valueOf(0) : null;
            v[VERSION] = i < 5 ? null : i < 10 ? "2026.4.0" : "2026.5.0";
            v[8] = 1L;
            v[9] = 1L;
            v[REACTIVE] = i < 100 ? Long.valueOf(10) : i < 200 ? null : Long.valueOf(40);
            return v;
        });
        assertEquals(1, windows.size());
        Window window = windows.get(0);
        assertEquals(TEN.toEpochMilli(), window.windowStartMillis(), "stamped with the window start");
        JsonObject row = row(window);
        assertEquals(17, row.get("meter0/ActivePower").getAsLong(), "(100×10 + 200×20)/300 = 16.67 → 17");
        assertEquals(1.75, row.get("ess0/Temperature").getAsDouble(), 0.0);
        assertEquals(1298, row.get("_sum/ProductionActiveEnergy").getAsLong(), "cumulated: max, not the last value");
        assertEquals(149.5, row.get("meter0/Uptime").getAsDouble(), 0.0);
        assertEquals(1, row.get("ess0/LowSocWarning").getAsLong(), "150×1 + 150×0 → 0.5 → Math.round → 1");
        assertEquals(2, row.get("ess0/GridMode").getAsLong(), "2 and 1 both 100×: 2 was seen last");
        assertEquals("2026.4.0", row.get("_meta/Version").getAsString(), "the first defined string");
        assertEquals(25, row.get("meter0/ReactivePower").getAsLong(), "nulls do not count: (100×10 + 100×40)/200");
        assertTrue(row.get("meter0/Missing").isJsonNull(), "first window after start-up includes nulls");
        assertFalse(row.has("sim0/Debug"), "VERY_LOW is below aggregationPriority LOW");
        assertFalse(row.has("ess0/SetActivePowerEquals"), "WRITE_ONLY is never sent");
        assertEquals(9, window.valueCount());
        assertEquals(9, row.size());
    }

    @Test
    void enumModeAndTieBreak() throws Exception {
        MutableClock clock = new MutableClock(TEN, ZoneOffset.UTC);
        Aggregator aggregator = new Aggregator(config(), clock.getZone());
        // window 1: OK ×150, FAULT ×100, OK ×50 → OK; window 2: FAULT ×150 then OK ×150 → tie, OK seen last
        List<Window> windows = run(aggregator, clock, Duration.ofSeconds(1), 601, i -> {
            long level;
            if (i < 300) {
                level = i < 150 || i >= 250 ? Level.OK.value() : Level.FAULT.value();
            } else {
                level = i < 450 ? Level.FAULT.value() : Level.OK.value();
            }
            return values(null, null, null, null, null, level);
        });
        assertEquals(2, windows.size());
        assertEquals(0, row(windows.get(0)).get("ess0/GridMode").getAsLong());
        assertEquals(0, row(windows.get(1)).get("ess0/GridMode").getAsLong());
        assertEquals(TEN.plusSeconds(300).toEpochMilli(), windows.get(1).windowStartMillis());
    }

    @Test
    void theLastValueBeforeTheWindowStartIsCarriedIn() throws Exception {
        // cycles at hh:mm:ss.500 starting 10:02:00.5, so no cycle falls exactly on a window start
        MutableClock clock = new MutableClock(TEN.plusSeconds(120).plusMillis(500), ZoneOffset.UTC);
        Aggregator aggregator = new Aggregator(config(), clock.getZone());
        int lastOfFirst = 179; // 10:04:59.5
        List<Window> windows = run(aggregator, clock, Duration.ofSeconds(1), 181 + 300, i -> {
            if (i <= lastOfFirst) {
                return values(i == lastOfFirst ? 42L : 0L, i == lastOfFirst ? 100.0 : 0.0, null, null, null, 1L,
                        "old");
            }
            return values(null, 0.0, null, null, null, i - 180 < 150 ? 1L : 2L, "new");
        });
        assertEquals(2, windows.size());
        Window partial = windows.get(0);
        assertEquals(TEN.toEpochMilli(), partial.windowStartMillis(), "the first, partial window is sent");
        assertEquals(0, row(partial).get("meter0/ActivePower").getAsLong(), "42/180 → 0");

        JsonObject second = row(windows.get(1));
        assertEquals(TEN.plusSeconds(300).toEpochMilli(), windows.get(1).windowStartMillis());
        assertEquals(42, second.get("meter0/ActivePower").getAsLong(), "only the carry-in is defined");
        assertEquals(100.0 / 301, second.get("ess0/Temperature").getAsDouble(), 0.0, "carry-in + 300 samples");
        assertEquals("old", second.get("_meta/Version").getAsString(), "the carry-in is the first value");
        assertEquals(1, second.get("ess0/GridMode").getAsLong(), "carry-in 1 + 150×1 beats 150×2");
    }

    @Test
    void aSampleExactlyAtTheStartIsItsOwnCarryIn() throws Exception {
        MutableClock clock = new MutableClock(TEN.plusSeconds(180), ZoneOffset.UTC);
        Aggregator aggregator = new Aggregator(config(), clock.getZone());
        // 10:03:00 … 10:04:59 "old", from 10:05:00 "new"; windows complete at 10:05:00 and 10:10:00
        List<Window> windows = run(aggregator, clock, Duration.ofSeconds(1), 120 + 301,
                i -> values(null, i < 120 ? 0.0 : 1.0, null, null, null, null, i < 120 ? "old" : "new"));
        assertEquals(2, windows.size());
        JsonObject second = row(windows.get(1));
        assertEquals("new", second.get("_meta/Version").getAsString());
        assertEquals(1.0, second.get("ess0/Temperature").getAsDouble(), 0.0, "the 10:04:59 value is not counted");
    }

    @Test
    void afterAGapTheWindowWithTheSamplesIsSentAndNothingIsCarriedAcross() throws Exception {
        MutableClock clock = new MutableClock(TEN.plusSeconds(180), ZoneOffset.UTC);
        Aggregator aggregator = new Aggregator(config(), clock.getZone());
        List<Window> before = run(aggregator, clock, Duration.ofSeconds(1), 120,
                i -> values(5L, null, null, null, null, null, "before"));
        assertEquals(List.of(), before);
        clock.set(TEN.plus(Duration.ofMinutes(17)));
        List<Window> after = run(aggregator, clock, Duration.ofSeconds(1), 181,
                i -> values(7L, null, null, null, null, null, "after"));
        assertEquals(2, after.size());
        assertEquals(TEN.toEpochMilli(), after.get(0).windowStartMillis());
        assertEquals(5, row(after.get(0)).get("meter0/ActivePower").getAsLong());
        assertEquals(TEN.plus(Duration.ofMinutes(15)).toEpochMilli(), after.get(1).windowStartMillis());
        assertEquals("after", row(after.get(1)).get("_meta/Version").getAsString());
    }

    @Test
    void windowsAlignToLocalTimeOfTheClockZone() throws Exception {
        // +01:02 is not a multiple of 5 minutes: local 10:00 is 08:58 UTC
        ZoneId zone = ZoneOffset.ofHoursMinutes(1, 2);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:59:00Z"), zone);
        Aggregator aggregator = new Aggregator(config(), clock.getZone());
        assertEquals(Instant.parse("2026-11-27T08:58:00Z").toEpochMilli(),
                aggregator.windowStartOf(Instant.parse("2026-11-27T09:01:30Z").toEpochMilli()));
        assertEquals(Instant.parse("2026-11-27T09:03:00Z").toEpochMilli(),
                aggregator.windowStartOf(Instant.parse("2026-11-27T09:03:00Z").toEpochMilli()));
        // every 30 s from 08:59:00 to 09:08:30
        List<Window> windows = run(aggregator, clock, Duration.ofSeconds(30), 20,
                i -> values((long) i, null, null, null, null, null, null));
        assertEquals(2, windows.size());
        assertEquals(Instant.parse("2026-11-27T08:58:00Z").toEpochMilli(), windows.get(0).windowStartMillis());
        assertEquals(4, row(windows.get(0)).get("meter0/ActivePower").getAsLong(), "08:59:00…09:02:30: (0+…+7)/8 = 3.5 → 4");
        assertEquals(Instant.parse("2026-11-27T09:03:00Z").toEpochMilli(), windows.get(1).windowStartMillis());
        assertEquals(13, row(windows.get(1)).get("meter0/ActivePower").getAsLong(), "09:03:00…09:07:30: (8+…+17)/10 = 12.5 → 13");
    }

    @Test
    void nullsAreListedOnlyWhenSendAllIsSet() throws Exception {
        MutableClock clock = new MutableClock(TEN, ZoneOffset.UTC);
        Aggregator aggregator = new Aggregator(config(), clock.getZone());
        List<Window> windows = run(aggregator, clock, Duration.ofSeconds(60), 11, i -> values());
        assertEquals(2, windows.size());
        assertEquals(9, windows.get(0).valueCount(), "first window after start-up: every channel, as null");
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"aggregatedData\",\"params\":{}}", windows.get(1).text());
        assertEquals(0, windows.get(1).valueCount());
        aggregator.requestFullSend();
        List<Window> third = run(aggregator, clock, Duration.ofSeconds(60), 5, i -> values());
        assertEquals(1, third.size());
        assertTrue(row(third.get(0)).get("meter0/Missing").isJsonNull());
    }

    @Test
    void whenTheClockGoesBackTheWindowStartsOver() throws Exception {
        MutableClock clock = new MutableClock(TEN.plusSeconds(120), ZoneOffset.UTC);
        Aggregator aggregator = new Aggregator(config(), clock.getZone());
        assertEquals(List.of(), run(aggregator, clock, Duration.ofSeconds(1), 60, i -> values(100L)));
        clock.set(TEN.minus(Duration.ofMinutes(3)));
        List<Window> windows = run(aggregator, clock, Duration.ofSeconds(1), 181, i -> values(1L));
        assertEquals(1, windows.size());
        assertEquals(TEN.minus(Duration.ofMinutes(5)).toEpochMilli(), windows.get(0).windowStartMillis());
        assertEquals(1, row(windows.get(0)).get("meter0/ActivePower").getAsLong(), "nothing from the future");
    }

    @Test
    void aChangedChannelListKeepsTheRunningAggregates() throws Exception {
        MutableClock clock = new MutableClock(TEN, ZoneOffset.UTC);
        Aggregator aggregator = new Aggregator(config(), clock.getZone());
        ChannelMetadata power = CHANNELS.get(POWER);
        ChannelMetadata added = ChannelMetadata.of("pvInverter0/ActivePower", OpenemsType.INTEGER, Unit.WATT,
                PersistencePriority.HIGH);
        List<ChannelMetadata> before = List.of(power);
        List<ChannelMetadata> after = List.of(added, power);
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i <= 300; i++) {
            ChannelSnapshot snapshot = i < 150 ? new ChannelSnapshot(clock.millis(), before, new Object[] {10L})
                    : new ChannelSnapshot(clock.millis(), after, new Object[] {5L, 20L});
            aggregator.record(snapshot).ifPresent(windows::add);
            clock.advance(Duration.ofSeconds(1));
        }
        JsonObject row = row(windows.get(0));
        assertEquals(15, row.get("meter0/ActivePower").getAsLong());
        assertEquals(5, row.get("pvInverter0/ActivePower").getAsLong());
    }

    @Test
    void theAggregationPriorityFiltersChannels() throws Exception {
        MutableClock clock = new MutableClock(TEN, ZoneOffset.UTC);
        Aggregator aggregator = new Aggregator(config(), clock.getZone());
        aggregator.configure(config("aggregationPriority", "HIGH"));
        List<Window> windows = run(aggregator, clock, Duration.ofSeconds(60), 6,
                i -> values(1L, 2.0, 3L, 4.0, true, 1L, "v", 8L, 9L, 10L, 11L));
        JsonObject row = row(windows.get(0));
        assertEquals(List.of("ess0/Temperature", "_sum/ProductionActiveEnergy", "ess0/LowSocWarning",
                "_meta/Version"), List.copyOf(row.keySet()));
        Optional<Window> none = aggregator.record(new ChannelSnapshot(clock.millis(), CHANNELS, values()));
        assertTrue(none.isEmpty());
    }
}
