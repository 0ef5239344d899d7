package io.uplink.edge.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelValues;
import io.uplink.core.MutableClock;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.edge.sim.SimulatedEdge;

class ExtraChannelsTest {

    private static final Instant START = Instant.parse("2026-04-04T10:00:00Z");

    @Test
    void addsTheRequestedNumberOfMixedChannels() {
        int base = new SimulatedEdge(new MutableClock(START), 1, 0).channels().size();
        SimulatedEdge edge = new SimulatedEdge(new MutableClock(START), 1, 300);
        List<ChannelMetadata> channels = edge.channels();
        assertEquals(base + 300, channels.size());
        long integers = 0;
        long high = 0;
        for (int i = 0; i < 300; i++) {
            ChannelMetadata c = channels.get(base + i);
            assertEquals("sim0/Value" + i, c.address().toString());
            if (c.type() == OpenemsType.INTEGER) {
                integers++;
            } else {
                assertEquals(OpenemsType.DOUBLE, c.type());
            }
            if (c.priority() == PersistencePriority.HIGH) {
                high++;
            } else {
                assertEquals(PersistencePriority.LOW, c.priority());
            }
        }
        assertEquals(150, integers);
        assertEquals(200, high);
        ChannelSnapshot s = edge.read(START.toEpochMilli());
        assertInstanceOf(Long.class, s.value(base));
        assertInstanceOf(Double.class, s.value(base + 1));
    }

    @Test
    void aboutOneInFiveChangesPerSecond() {
        int count = 10_000;
        SimulatedEdge edge = new SimulatedEdge(new MutableClock(START), 5, count);
        int base = edge.channels().size() - count;
        ChannelSnapshot previous = edge.read(START.toEpochMilli());
        long changed = 0;
        int seconds = 60;
        for (int s = 1; s <= seconds; s++) {
            ChannelSnapshot now = edge.read(START.toEpochMilli() + s * 1_000L + 250);
            for (int i = base; i < now.size(); i++) {
                if (!ChannelValues.sameJson(previous.value(i), now.value(i))) {
                    changed++;
                }
            }
            previous = now;
        }
        double rate = (double) changed / (count * (long) seconds);
        assertTrue(rate > 0.17 && rate < 0.23, "change rate " + rate);
    }

    @Test
    void valuesHoldWithinASecond() {
        SimulatedEdge edge = new SimulatedEdge(new MutableClock(START), 5, 1_000);
        int base = edge.channels().size() - 1_000;
        ChannelSnapshot a = edge.read(START.toEpochMilli() + 100);
        ChannelSnapshot b = edge.read(START.toEpochMilli() + 900);
        for (int i = base; i < a.size(); i++) {
            assertEquals(a.value(i), b.value(i));
        }
    }

    @Test
    void readsOneHundredThousandChannels() {
        int count = 100_000;
        MutableClock clock = new MutableClock(START);
        SimulatedEdge edge = new SimulatedEdge(clock, 8, count);
        int base = edge.channels().size() - count;
        long slowest = 0;
        for (int cycle = 0; cycle < 20; cycle++) {
            long started = System.nanoTime();
            ChannelSnapshot s = edge.read(clock.millis());
            slowest = Math.max(slowest, System.nanoTime() - started);
            assertEquals(base + count, s.size());
            for (int i = base; i < s.size(); i += 997) {
                assertNotNull(s.value(i));
            }
            clock.advanceMillis(1_000);
        }
        // generous: catches an accidental quadratic path, not a slow machine
        assertTrue(slowest < 2_000_000_000L, "slowest read took " + slowest / 1_000_000 + " ms");
    }
}
