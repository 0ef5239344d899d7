package io.uplink.edge.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.uplink.core.AccessMode;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.MutableClock;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.edge.sim.SimulatedEdge;

class SimulatedEdgeTest {

    static final Instant MIDNIGHT = Instant.parse("2026-06-21T00:00:00Z");

    @Test
    void offersTheOpenemsChannelsOfASmallSystem() {
        SimulatedEdge edge = new SimulatedEdge(new MutableClock(MIDNIGHT), 1, 0);
        Set<String> addresses = new HashSet<>();
        for (ChannelMetadata c : edge.channels()) {
            assertTrue(addresses.add(c.address().toString()), "duplicate " + c.address());
        }
        for (String required : List.of("_sum/State", "_sum/EssSoc", "_sum/GridActivePower",
                "_sum/ProductionActivePower", "_sum/ConsumptionActivePower", "_sum/EssActivePower",
                "_sum/GridBuyActiveEnergy", "_sum/GridSellActiveEnergy", "_sum/ProductionActiveEnergy",
                "_meta/Version", "meter0/ActivePower", "meter0/ActivePowerL1", "meter0/ActivePowerL2",
                "meter0/ActivePowerL3", "meter0/Voltage", "meter0/Current", "meter0/Frequency",
                "meter0/ActiveProductionEnergy", "meter0/ActiveConsumptionEnergy", "pvInverter0/ActivePower",
                "pvInverter0/ActualEnergy", "pvInverter0/State", "ess0/Soc", "ess0/ActivePower",
                "ess0/ActiveChargeEnergy", "ess0/ActiveDischargeEnergy", "ess0/GridMode", "ess0/State",
                "ess0/SetActivePowerEquals", "ess0/Temperature")) {
            assertTrue(addresses.contains(required), "missing " + required);
        }
        ChannelMetadata state = find(edge, "_sum/State");
        assertTrue(state.isEnum());
        assertEquals(PersistencePriority.VERY_HIGH, state.priority());
        assertEquals(PersistencePriority.VERY_HIGH, find(edge, "_meta/Version").priority());
        assertEquals(OpenemsType.STRING, find(edge, "_meta/Version").type());
        assertEquals(Unit.CUMULATED_WATT_HOURS, find(edge, "_sum/GridBuyActiveEnergy").unit());
        assertEquals("On-Grid", find(edge, "ess0/GridMode").enumOptions().get(1));
        assertEquals(AccessMode.WRITE_ONLY, find(edge, "ess0/SetActivePowerEquals").accessMode());
        assertEquals(PersistencePriority.MEDIUM, find(edge, "ess0/Temperature").priority());
        assertTrue(edge.channels().stream().anyMatch(c -> c.priority() == PersistencePriority.LOW));
        assertEquals(1, edge.channelsVersion());
        assertEquals("simulatedEdge", edge.id());
    }

    @Test
    void valuesArePlausibleAndBalancedOverTwoDays() {
        MutableClock clock = new MutableClock(MIDNIGHT);
        SimulatedEdge edge = new SimulatedEdge(clock, 42, 0, "2026.5.1");
        long noonProduction = 0;
        for (long minute = 0; minute <= 48 * 60; minute += 10) {
            long t = MIDNIGHT.toEpochMilli() + minute * 60_000;
            SnapshotView v = new SnapshotView(edge.read(t));
            long production = v.getLong("_sum/ProductionActivePower");
            long consumption = v.getLong("_sum/ConsumptionActivePower");
            long grid = v.getLong("_sum/GridActivePower");
            long ess = v.getLong("_sum/EssActivePower");
            long soc = v.getLong("_sum/EssSoc");
            assertEquals(consumption, production + grid + ess, "energy balance at minute " + minute);
            assertTrue(soc >= 0 && soc <= 100, "SOC " + soc);
            assertEquals(soc, v.getLong("ess0/Soc"));
            assertTrue(production >= 0 && production <= 8_000, "production " + production);
            assertTrue(consumption > 0, "consumption " + consumption);
            assertTrue(Math.abs(ess) <= 5_000, "ess " + ess);
            assertEquals(grid, v.getLong("meter0/ActivePower"));
            assertEquals(grid, v.getLong("meter0/ActivePowerL1") + v.getLong("meter0/ActivePowerL2")
                    + v.getLong("meter0/ActivePowerL3"));
            assertEquals(production, v.getLong("pvInverter0/ActivePower"));
            assertEquals(ess, v.getLong("ess0/ActivePower"));
            assertEquals(v.getLong("_sum/ProductionActiveEnergy"), v.getLong("pvInverter0/ActualEnergy"));
            assertEquals(v.getLong("_sum/GridBuyActiveEnergy"), v.getLong("meter0/ActiveConsumptionEnergy"));
            assertEquals(v.getLong("_sum/GridSellActiveEnergy"), v.getLong("meter0/ActiveProductionEnergy"));
            long voltage = v.getLong("meter0/Voltage");
            assertTrue(voltage > 220_000 && voltage < 240_000, "voltage mV " + voltage);
            long frequency = v.getLong("meter0/Frequency");
            assertTrue(frequency > 49_900 && frequency < 50_100, "frequency mHz " + frequency);
            assertEquals(1L, v.getLong("ess0/GridMode"));
            assertEquals("2026.5.1", v.get("_meta/Version"));
            assertInstanceOf(Double.class, v.get("ess0/Temperature"));
            assertEquals(soc < 10, v.get("ess0/LowSocWarning"));
            assertEquals(soc < 10 ? 2L : 0L, v.getLong("_sum/State"));
            long hourOfDay = minute / 60 % 24;
            if (hourOfDay < 5 || hourOfDay >= 21) {
                assertEquals(0, production, "no sun at hour " + hourOfDay);
            }
            if (hourOfDay == 13) {
                noonProduction = Math.max(noonProduction, production);
            }
        }
        assertTrue(noonProduction > 2_000, "midday production " + noonProduction);
    }

    @Test
    void cumulatedChannelsNeverDecrease() {
        MutableClock clock = new MutableClock(MIDNIGHT);
        SimulatedEdge edge = new SimulatedEdge(clock, 7, 0);
        List<Integer> cumulated = indicesOfCumulated(edge);
        assertEquals(9, cumulated.size());
        ChannelSnapshot first = edge.read(clock.millis());
        ChannelSnapshot previous = first;
        for (int step = 0; step < 3 * 24 * 60 / 7; step++) {
            clock.advance(Duration.ofMinutes(7));
            ChannelSnapshot now = edge.read(clock.millis());
            for (int i : cumulated) {
                assertTrue((Long) now.value(i) >= (Long) previous.value(i),
                        now.channel(i).address() + " decreased at step " + step);
            }
            previous = now;
        }
        SnapshotView start = new SnapshotView(first);
        SnapshotView end = new SnapshotView(previous);
        long producedWh = end.getLong("_sum/ProductionActiveEnergy") - start.getLong("_sum/ProductionActiveEnergy");
        long consumedWh = end.getLong("_sum/ConsumptionActiveEnergy") - start.getLong("_sum/ConsumptionActiveEnergy");
        assertTrue(producedWh > 3 * 10_000 && producedWh < 3 * 8_000 * 14, "produced in 3 days " + producedWh);
        assertTrue(consumedWh > 3 * 24 * 300 && consumedWh < 3 * 24 * 3_000, "consumed in 3 days " + consumedWh);
    }

    @Test
    void readingAnEarlierTimeKeepsCounters() {
        MutableClock clock = new MutableClock(MIDNIGHT);
        SimulatedEdge edge = new SimulatedEdge(clock, 7, 0);
        SnapshotView later = new SnapshotView(edge.read(MIDNIGHT.toEpochMilli() + 3_600_000));
        SnapshotView earlier = new SnapshotView(edge.read(MIDNIGHT.toEpochMilli()));
        assertEquals(later.getLong("_sum/GridBuyActiveEnergy"), earlier.getLong("_sum/GridBuyActiveEnergy"));
    }

    @Test
    void sameSeedGivesSameValuesWhateverTheReadPattern() {
        SimulatedEdge often = new SimulatedEdge(new MutableClock(MIDNIGHT), 99, 50);
        SimulatedEdge once = new SimulatedEdge(new MutableClock(MIDNIGHT), 99, 50);
        SimulatedEdge otherSeed = new SimulatedEdge(new MutableClock(MIDNIGHT), 100, 50);
        long end = MIDNIGHT.plus(Duration.ofHours(11)).toEpochMilli();
        for (long t = MIDNIGHT.toEpochMilli(); t < end; t += 1_000) {
            often.read(t);
        }
        Object[] a = values(often.read(end));
        Object[] b = values(once.read(end));
        assertEquals(Arrays.asList(a), Arrays.asList(b));
        assertNotEquals(Arrays.asList(a), Arrays.asList(values(otherSeed.read(end))));
    }

    @Test
    void zoneOfTheClockDecidesWhenTheSunShines() {
        Instant utcNoon = Instant.parse("2026-06-21T12:00:00Z");
        SimulatedEdge utc = new SimulatedEdge(new MutableClock(utcNoon), 5, 0);
        SimulatedEdge tokyo = new SimulatedEdge(new MutableClock(utcNoon, ZoneId.of("Asia/Tokyo")), 5, 0);
        assertTrue(new SnapshotView(utc.read(utcNoon.toEpochMilli())).getLong("_sum/ProductionActivePower") > 0);
        assertEquals(0, new SnapshotView(tokyo.read(utcNoon.toEpochMilli())).getLong("_sum/ProductionActivePower"),
                "21:00 in Tokyo");
    }

    static ChannelMetadata find(SimulatedEdge edge, String address) {
        return edge.channels().stream().filter(c -> c.address().toString().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no channel " + address));
    }

    static Object[] values(ChannelSnapshot snapshot) {
        Object[] values = new Object[snapshot.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = snapshot.value(i);
        }
        return values;
    }

    private static List<Integer> indicesOfCumulated(SimulatedEdge edge) {
        List<ChannelMetadata> channels = edge.channels();
        return IntStream.range(0, channels.size()).filter(i -> channels.get(i).unit().isCumulated())
                .boxed().toList();
    }

    @Test
    void snapshotsAreAlignedWithChannels() {
        SimulatedEdge edge = new SimulatedEdge(new MutableClock(MIDNIGHT), 3, 10);
        ChannelSnapshot s = edge.read(MIDNIGHT.toEpochMilli());
        assertEquals(edge.channels(), s.channels());
        assertEquals(edge.channels().size(), s.size());
        assertFalse(s.channels().isEmpty());
        assertEquals(MIDNIGHT.toEpochMilli(), s.timestampMillis());
    }
}
