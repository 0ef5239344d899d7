package io.uplink.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.Level;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

class ChannelMetadataTest {

    @Test
    void factoryMakesReadOnlyPlainChannel() {
        ChannelMetadata soc = ChannelMetadata.of("_sum/EssSoc", OpenemsType.INTEGER, Unit.PERCENT,
                PersistencePriority.VERY_HIGH);
        assertEquals(ChannelAddress.parse("_sum/EssSoc"), soc.address());
        assertEquals(AccessMode.READ_ONLY, soc.accessMode());
        assertFalse(soc.isEnum());
        assertFalse(soc.isWritable());
        assertEquals("", soc.text());
    }

    @Test
    void builderDefaultsToLowAndSetsEverything() {
        ChannelMetadata plain = ChannelMetadata.builder(ChannelAddress.parse("x0/Y"), OpenemsType.LONG).build();
        assertEquals(PersistencePriority.LOW, plain.priority());
        assertEquals(Unit.NONE, plain.unit());

        ChannelMetadata mode = ChannelMetadata.builder(ChannelAddress.parse("ess0/GridMode"), OpenemsType.INTEGER)
                .priority(PersistencePriority.HIGH).accessMode(AccessMode.READ_WRITE)
                .enumOptions(Map.of(2, "Off-Grid", 1, "On-Grid")).text("grid mode").build();
        assertTrue(mode.isEnum());
        assertTrue(mode.isWritable());
        assertEquals(List.of(1, 2), List.copyOf(mode.enumOptions().keySet()), "options sorted by value");
        assertEquals("grid mode", mode.text());
    }

    @Test
    void enumOptionsAreCopiedAndUnmodifiable() {
        Map<Integer, String> options = new HashMap<>(Map.of(0, "A"));
        ChannelMetadata m = ChannelMetadata.builder(ChannelAddress.parse("a0/B"), OpenemsType.INTEGER)
                .enumOptions(options).build();
        options.put(1, "B");
        assertEquals(1, m.enumOptions().size());
        assertThrows(UnsupportedOperationException.class, () -> m.enumOptions().put(2, "C"));
    }

    @Test
    void enumOptionsNeedIntegralType() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ChannelMetadata.builder(ChannelAddress.parse("a0/B"), OpenemsType.STRING)
                        .enumOptions(Map.of(0, "A")).build());
        assertEquals("Channel [a0/B] has enum options but type STRING; enum channels are integral", e.getMessage());
    }

    @Test
    void stateChannelUsesLevelOptions() {
        ChannelMetadata state = ChannelMetadata.state(ChannelAddress.parse("_sum/State"),
                PersistencePriority.VERY_HIGH);
        assertTrue(state.isEnum());
        assertEquals(Map.of(0, "OK", 1, "INFO", 2, "WARNING", 3, "FAULT"), state.enumOptions());
        assertEquals(Level.FAULT, Level.fromValue(3));
        assertEquals(Level.WARNING, Level.OK.max(Level.WARNING));
        assertThrows(IllegalArgumentException.class, () -> Level.fromValue(4));
    }

    @Test
    void withPriorityChangesOnlyPriority() {
        ChannelMetadata m = ChannelMetadata.of("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT,
                PersistencePriority.HIGH);
        ChannelMetadata low = m.withPriority(PersistencePriority.LOW);
        assertNotSame(m, low);
        assertEquals(PersistencePriority.LOW, low.priority());
        assertEquals(m, low.withPriority(PersistencePriority.HIGH));
    }

    @Test
    void snapshotAlignsValuesWithChannels() {
        List<ChannelMetadata> channels = List.of(
                ChannelMetadata.of("a0/X", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.HIGH),
                ChannelMetadata.of("a0/Y", OpenemsType.STRING, Unit.NONE, PersistencePriority.LOW));
        ChannelSnapshot snapshot = new ChannelSnapshot(1_000L, channels, new Object[] { 5L, "five" });
        assertEquals(2, snapshot.size());
        assertEquals(1_000L, snapshot.timestampMillis());
        assertEquals("a0/Y", snapshot.channel(1).address().toString());
        assertEquals("five", snapshot.value(1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ChannelSnapshot(0, channels, new Object[1]));
        assertEquals("Snapshot has 2 channels but 1 values", e.getMessage());
    }
}
