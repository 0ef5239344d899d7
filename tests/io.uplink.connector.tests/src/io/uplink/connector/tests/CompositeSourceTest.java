package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.uplink.connector.internal.CompositeSource;
import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

class CompositeSourceTest {

    private static ChannelMetadata channel(String address) {
        return ChannelMetadata.of(address, OpenemsType.INTEGER, Unit.WATT, PersistencePriority.HIGH);
    }

    private static ChannelMetadata writable(String address) {
        return ChannelMetadata.builder(ChannelAddress.parse(address), OpenemsType.INTEGER)
                .accessMode(AccessMode.READ_WRITE).build();
    }

    @Test
    void mergesSourceBySourceInOrder() {
        SettableSource a = new SettableSource("a", List.of(channel("meter0/ActivePower"), channel("meter0/Voltage")))
                .set("meter0/ActivePower", 1L).set("meter0/Voltage", 2L);
        SettableSource b = new SettableSource("b", List.of(channel("ess0/Soc"))).set("ess0/Soc", 3L);
        CompositeSource composite = new CompositeSource("all", List.of(a, b));
        ChannelSnapshot snapshot = composite.read(42);
        assertEquals(42, snapshot.timestampMillis());
        assertEquals(List.of("meter0/ActivePower", "meter0/Voltage", "ess0/Soc"),
                snapshot.channels().stream().map(c -> c.address().toString()).toList());
        assertEquals(List.of(1L, 2L, 3L), List.of(snapshot.value(0), snapshot.value(1), snapshot.value(2)));
        assertSame(snapshot.channels(), composite.read(43).channels(), "the same list while nothing changes");
        assertSame(snapshot.channels(), composite.channels());
    }

    @Test
    void versionChangesWhenAPartChanges() {
        SettableSource a = new SettableSource("a", List.of(channel("meter0/ActivePower")));
        SettableSource b = new SettableSource("b", List.of(channel("ess0/Soc")));
        CompositeSource composite = new CompositeSource(List.of(a, b));
        long before = composite.channelsVersion();
        assertEquals(before, composite.channelsVersion());
        b.replaceChannels(List.of(channel("ess0/Soc"), channel("ess0/ActivePower")));
        long after = composite.channelsVersion();
        assertNotEquals(before, after);
        assertEquals(3, composite.channels().size());
        assertEquals(3, composite.read(0).size());
        assertEquals("ess0/ActivePower", composite.channels().get(2).address().toString());
    }

    @Test
    void duplicateAddressesNameTheAddressAndBothSources() {
        SettableSource a = new SettableSource("simulatedEdge", List.of(channel("_sum/State")));
        SettableSource b = new SettableSource("modbus0", List.of(channel("_sum/State")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CompositeSource("all", List.of(a, b)));
        assertTrue(e.getMessage().contains("[_sum/State]") && e.getMessage().contains("[simulatedEdge]")
                && e.getMessage().contains("[modbus0]"), e.getMessage());

        SettableSource c = new SettableSource("modbus0", List.of(channel("meter1/ActivePower")));
        CompositeSource composite = new CompositeSource("all", List.of(a, c));
        c.replaceChannels(List.of(channel("meter1/ActivePower"), channel("_sum/State")));
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class, composite::refreshChannels);
        assertTrue(late.getMessage().contains("[_sum/State]"), late.getMessage());
        assertThrows(IllegalArgumentException.class, () -> composite.read(0), "the conflict stays until fixed");
        c.replaceChannels(List.of(channel("meter1/ActivePower")));
        assertEquals(2, composite.read(0).size());
    }

    @Test
    void writesGoToTheOwningSource() throws Exception {
        SettableSource a = new SettableSource("a", List.of(writable("meter0/Limit")));
        SettableSource b = new SettableSource("b", List.of(writable("ess0/SetActivePowerEquals")));
        CompositeSource composite = new CompositeSource("all", List.of(a, b));
        composite.write(ChannelAddress.parse("ess0/SetActivePowerEquals"), 1000L);
        assertEquals(List.of(), a.writes());
        assertEquals(List.of("ess0/SetActivePowerEquals:1000"), b.writes());
        ChannelWriteException e = assertThrows(ChannelWriteException.class,
                () -> composite.write(ChannelAddress.parse("nothing0/Here"), 1L));
        assertTrue(e.getMessage().contains("nothing0/Here"), e.getMessage());
    }

    @Test
    void aSnapshotThatNoLongerMatchesItsListIsMergedFromTheSnapshot() {
        // a source whose read() shows a new channel set before its version says so
        SettableSource a = new SettableSource("a", List.of(channel("meter0/ActivePower"))) {
            private boolean grown;

            @Override
            public synchronized ChannelSnapshot read(long timestampMillis) {
                if (!this.grown) {
                    this.grown = true;
                    return new ChannelSnapshot(timestampMillis,
                            List.of(channel("meter0/ActivePower"), channel("meter0/Voltage")), new Object[] {1L, 2L});
                }
                return super.read(timestampMillis);
            }
        };
        CompositeSource composite = new CompositeSource("all", List.of(a));
        long version = composite.channelsVersion();
        ChannelSnapshot snapshot = composite.read(0);
        assertEquals(2, snapshot.size());
        assertEquals(2L, snapshot.value(1));
        assertTrue(composite.channelsVersion() > version);
    }
}
