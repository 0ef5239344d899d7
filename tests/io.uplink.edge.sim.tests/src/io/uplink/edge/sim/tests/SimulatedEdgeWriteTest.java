package io.uplink.edge.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.MutableClock;
import io.uplink.edge.sim.SimulatedEdge;

class SimulatedEdgeWriteTest {

    private static final ChannelAddress SET_POINT = ChannelAddress.parse("ess0/SetActivePowerEquals");
    private static final ChannelAddress PV_LIMIT = ChannelAddress.parse("pvInverter0/ActivePowerLimit");
    private static final Instant NOON = Instant.parse("2026-06-21T12:00:00Z");

    @Test
    void setPointDrivesTheBatteryWhileSet() throws Exception {
        MutableClock clock = new MutableClock(NOON);
        SimulatedEdge edge = new SimulatedEdge(clock, 11, 0);
        SnapshotView before = new SnapshotView(edge.read(clock.millis()));
        long socBefore = before.getLong("ess0/Soc");
        assertTrue(socBefore > 20 && socBefore < 80, "start SOC " + socBefore);
        assertNull(before.get("ess0/SetActivePowerEquals"));

        edge.write(SET_POINT, -2_000L);
        SnapshotView charging = new SnapshotView(edge.read(clock.millis()));
        assertEquals(-2_000, charging.getLong("ess0/ActivePower"));
        assertEquals(-2_000, charging.getLong("_sum/EssActivePower"));
        assertEquals(-2_000L, charging.get("ess0/SetActivePowerEquals"));
        assertEquals(charging.getLong("_sum/ConsumptionActivePower"), charging.getLong("_sum/ProductionActivePower")
                + charging.getLong("_sum/GridActivePower") + charging.getLong("_sum/EssActivePower"));

        clock.advance(Duration.ofHours(1));
        SnapshotView anHourLater = new SnapshotView(edge.read(clock.millis()));
        assertEquals(socBefore + 20, anHourLater.getLong("ess0/Soc"), "2 kWh into 10 kWh is 20 %");
        long charged = anHourLater.getLong("ess0/ActiveChargeEnergy") - charging.getLong("ess0/ActiveChargeEnergy");
        assertTrue(Math.abs(charged - 2_000) <= 1, "charged " + charged + " Wh");

        edge.write(SET_POINT, "1500");
        assertEquals(1_500, new SnapshotView(edge.read(clock.millis())).getLong("ess0/ActivePower"));

        edge.write(SET_POINT, null);
        SnapshotView released = new SnapshotView(edge.read(clock.millis()));
        long demand = released.getLong("_sum/ConsumptionActivePower") - released.getLong("_sum/ProductionActivePower");
        long ess = released.getLong("ess0/ActivePower");
        assertTrue(Math.abs(Math.clamp(demand, -5_000, 5_000) - ess) <= 40, "self-consumption: demand " + demand
                + " W, battery " + ess + " W");
        assertTrue(Math.abs(released.getLong("_sum/GridActivePower")) <= 40 || Math.abs(demand) > 5_000);
        assertNull(released.get("ess0/SetActivePowerEquals"));
    }

    @Test
    void setPointIsLimitedToTheInverter() throws Exception {
        SimulatedEdge edge = new SimulatedEdge(new MutableClock(NOON), 11, 0);
        edge.write(SET_POINT, 50_000);
        assertEquals(5_000, new SnapshotView(edge.read(NOON.toEpochMilli())).getLong("ess0/ActivePower"));
    }

    @Test
    void productionLimitCapsPv() throws Exception {
        SimulatedEdge edge = new SimulatedEdge(new MutableClock(NOON), 11, 0);
        assertTrue(new SnapshotView(edge.read(NOON.toEpochMilli())).getLong("pvInverter0/ActivePower") > 1_000);
        edge.write(PV_LIMIT, 1_000L);
        SnapshotView limited = new SnapshotView(edge.read(NOON.toEpochMilli()));
        assertEquals(1_000, limited.getLong("pvInverter0/ActivePower"));
        assertEquals(1_000L, limited.get("pvInverter0/ActivePowerLimit"));
        var e = assertThrows(ChannelWriteException.class, () -> edge.write(PV_LIMIT, -5L));
        assertEquals("Cannot write channel [pvInverter0/ActivePowerLimit]: a production limit must not be negative, got -5",
                e.getMessage());
    }

    @Test
    void badWritesAreRejectedWithClearMessages() {
        SimulatedEdge edge = new SimulatedEdge(new MutableClock(NOON), 11, 10);
        assertWriteError(edge, "ess0/Nope", 1L, "Cannot write channel [ess0/Nope]: no such channel in simulatedEdge");
        assertWriteError(edge, "ess0/Soc", 50L, "Cannot write channel [ess0/Soc]: channel is READ_ONLY, not writable");
        assertWriteError(edge, "sim0/Value3", 1L,
                "Cannot write channel [sim0/Value3]: channel is READ_ONLY, not writable");
        assertWriteError(edge, "sim0/Value10", 1L,
                "Cannot write channel [sim0/Value10]: no such channel in simulatedEdge");
        assertWriteError(edge, "sim0/Value03", 1L,
                "Cannot write channel [sim0/Value03]: no such channel in simulatedEdge");
        assertWriteError(edge, "ess0/SetActivePowerEquals", "abc", "Cannot write channel [ess0/SetActivePowerEquals]: "
                + "Cannot convert [abc] (String) to INTEGER: not a number");
        assertWriteError(edge, "ess0/SetActivePowerEquals", 3_000_000_000L,
                "Cannot write channel [ess0/SetActivePowerEquals]: "
                        + "Cannot convert [3000000000] (Long) to INTEGER: out of range [-2147483648, 2147483647]");
    }

    @Test
    void concurrentReadsAndWritesStayConsistent() throws Exception {
        MutableClock clock = new MutableClock(NOON);
        SimulatedEdge edge = new SimulatedEdge(clock, 3, 1_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        SnapshotView v = new SnapshotView(edge.read(clock.millis()));
                        assertEquals(v.getLong("_sum/ConsumptionActivePower"),
                                v.getLong("_sum/ProductionActivePower") + v.getLong("_sum/GridActivePower")
                                        + v.getLong("_sum/EssActivePower"));
                        clock.advanceMillis(1_000);
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    edge.write(SET_POINT, i % 3 == 0 ? null : (long) (i * 10 - 1_500));
                }
                return null;
            }));
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertWriteError(SimulatedEdge edge, String address, Object value, String message) {
        var e = assertThrows(ChannelWriteException.class, () -> edge.write(ChannelAddress.parse(address), value));
        assertEquals(message, e.getMessage());
        assertEquals(ChannelAddress.parse(address), e.address());
    }
}
