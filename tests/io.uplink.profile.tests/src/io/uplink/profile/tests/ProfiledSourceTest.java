package io.uplink.profile.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.PersistencePriority;
import io.uplink.profile.CompiledProfile;
import io.uplink.profile.PriorityProfile;
import io.uplink.profile.ProfileRule;
import io.uplink.profile.ProfiledSource;
import io.uplink.profile.TrafficEstimate;

class ProfiledSourceTest {

    /** Two channels; the channel set can be swapped to test rebuilds. */
    static final class FixedSource implements ChannelSource {
        volatile List<ChannelMetadata> channels = List.of(PriorityLayeringTest.DECLARED, PriorityLayeringTest.SOC);
        volatile long version = 1;

        @Override
        public String id() {
            return "fixed";
        }

        @Override
        public List<ChannelMetadata> channels() {
            return channels;
        }

        @Override
        public long channelsVersion() {
            return version;
        }

        @Override
        public ChannelSnapshot read(long timestampMillis) {
            Object[] values = new Object[channels.size()];
            java.util.Arrays.fill(values, 7L);
            return new ChannelSnapshot(timestampMillis, channels, values);
        }

        @Override
        public void write(ChannelAddress address, Object value) {
        }
    }

    @Test
    void withoutProfileTheSourcePassesThrough() {
        FixedSource source = new FixedSource();
        ProfiledSource profiled = new ProfiledSource(source);
        assertSame(source.channels(), profiled.channels());
        ChannelSnapshot snapshot = profiled.read(1000);
        assertSame(source.channels, snapshot.channels());
    }

    @Test
    void theListInstanceStaysUntilTheProfileOrTheSourceChanges() throws Exception {
        FixedSource source = new FixedSource();
        ProfiledSource profiled = new ProfiledSource(source);
        long before = profiled.channelsVersion();
        profiled.setProfile(PriorityLayeringTest.profile());
        List<ChannelMetadata> first = profiled.channels();
        assertTrue(profiled.channelsVersion() > before);
        assertEquals(PersistencePriority.VERY_HIGH, first.get(1).priority());
        ChannelSnapshot a = profiled.read(1000);
        ChannelSnapshot b = profiled.read(2000);
        assertSame(first, a.channels(), "the connector caches its layout per list instance");
        assertSame(first, b.channels());
        assertEquals(7L, b.value(1));

        CompiledProfile other = new PriorityProfile("q", "HIGH", "LOW", "HIGH", "LOW",
                List.of(new ProfileRule("*/*", "VERY_LOW"))).compile();
        long version = profiled.channelsVersion();
        profiled.setProfile(other);
        assertNotSame(first, profiled.channels());
        assertTrue(profiled.channelsVersion() > version);
        assertEquals(PersistencePriority.VERY_LOW, profiled.read(3000).channel(0).priority());
        assertSame(source.channels, profiled.sourceChannels());

        source.channels = List.of(PriorityLayeringTest.SOC);
        source.version++;
        assertEquals(1, profiled.read(4000).size());
        assertEquals(1, profiled.channels().size());
    }

    @Test
    void trafficEstimateCountsChannelsAtEachThreshold() {
        TrafficEstimate measured = TrafficEstimate.of(List.of(PersistencePriority.HIGH, PersistencePriority.LOW,
                PersistencePriority.VERY_HIGH), 20, 0.5, 1000);
        assertTrue(measured.measured());
        assertEquals(2, measured.channelsAtLeast(PersistencePriority.HIGH));
        assertEquals(3, measured.channelsAtLeast(PersistencePriority.VERY_LOW));
        assertEquals(2 * 0.5 * 86_400 * 20, measured.timestampedBytesPerDay(PersistencePriority.HIGH), 1e-6);
        assertEquals(3 * 288 * 20, measured.aggregatedBytesPerDay(PersistencePriority.LOW), 1e-6);

        TrafficEstimate unmeasured = TrafficEstimate.of(List.of(PersistencePriority.HIGH), Double.NaN, Double.NaN, 1000);
        assertEquals(TrafficEstimate.ESTIMATED_BYTES_PER_VALUE * 86_400, unmeasured.timestampedBytesPerDay(PersistencePriority.HIGH), 1e-6);
        assertEquals("2.6 MB", TrafficEstimate.formatBytes(2_592_000));
        assertEquals("999 B", TrafficEstimate.formatBytes(999));
    }
}
