package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.internal.ControllerChannels;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.Level;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

class ControllerChannelsTest {

    private static ConnectorConfig config(String... keyValues) throws Exception {
        Map<String, String> properties = new java.util.HashMap<>(Map.of("apikey", "k"));
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return ConnectorConfig.fromProperties(properties);
    }

    private static ChannelMetadata channel(ControllerChannels source, String channelId) {
        return source.channels().stream().filter(c -> c.address().channelId().equals(channelId)).findFirst()
                .orElseThrow(() -> new AssertionError("no channel " + channelId));
    }

    private static Object value(ControllerChannels source, String channelId) {
        ChannelSnapshot snapshot = source.read(0);
        for (int i = 0; i < snapshot.size(); i++) {
            if (snapshot.channel(i).address().channelId().equals(channelId)) {
                return snapshot.value(i);
            }
        }
        throw new AssertionError("no channel " + channelId);
    }

    @Test
    void channelsHaveOpenemsWireNamesTypesAndPriorities() throws Exception {
        ControllerChannels source = new ControllerChannels(config());
        assertEquals("ctrlBackend0", source.id());
        ChannelMetadata state = channel(source, "State");
        assertEquals(OpenemsType.INTEGER, state.type());
        assertTrue(state.isEnum());
        assertEquals(PersistencePriority.VERY_HIGH, state.priority());
        assertEquals(new ChannelAddress("ctrlBackend0", "State"), state.address());
        assertMetadata(source, "RunFailed", OpenemsType.BOOLEAN, PersistencePriority.HIGH);
        assertMetadata(source, "ApiWorkerLog", OpenemsType.STRING, PersistencePriority.LOW);
        assertMetadata(source, "UnableToSend", OpenemsType.BOOLEAN, PersistencePriority.VERY_HIGH);
        assertMetadata(source, "LastSuccessfulResend", OpenemsType.LONG, PersistencePriority.VERY_HIGH);
        assertEquals(Unit.CUMULATED_SECONDS, channel(source, "LastSuccessfulResend").unit());
        assertMetadata(source, "ConnectionCloseFailure", OpenemsType.BOOLEAN, PersistencePriority.LOW);
        assertMetadata(source, "_PropertyUri", OpenemsType.STRING, PersistencePriority.HIGH);
        assertMetadata(source, "_PropertyApiTimeout", OpenemsType.INTEGER, PersistencePriority.HIGH);
        assertMetadata(source, "_PropertyPersistencePriority", OpenemsType.STRING, PersistencePriority.HIGH);
        assertMetadata(source, "_PropertyEnabled", OpenemsType.BOOLEAN, PersistencePriority.HIGH);
        assertMetadata(source, "_PropertyProxyType", OpenemsType.STRING, PersistencePriority.HIGH);
        assertTrue(source.channels().stream().noneMatch(c -> c.address().channelId().contains("Apikey")),
                "password properties get no channel");
        long publicAttributes = ConnectorConfig.attributes().stream().filter(a -> !a.password()).count();
        assertEquals(6 + publicAttributes, source.channels().size(), "no _Property channel for a secret");
        assertTrue(source.channels().stream().noneMatch(ChannelMetadata::isWritable));
    }

    private static void assertMetadata(ControllerChannels source, String channelId, OpenemsType type,
            PersistencePriority priority) {
        ChannelMetadata channel = channel(source, channelId);
        assertEquals(type, channel.type(), channelId);
        assertEquals(priority, channel.priority(), channelId);
        assertFalse(channel.isEnum(), channelId);
    }

    @Test
    void propertyValuesComeFromTheConfiguration() throws Exception {
        ControllerChannels source = new ControllerChannels(config("apiTimeout", "45", "uri", "wss://b.example.com"));
        assertEquals(45L, value(source, "_PropertyApiTimeout"));
        assertEquals("wss://b.example.com", value(source, "_PropertyUri"));
        assertEquals("HIGH", value(source, "_PropertyPersistencePriority"));
        assertEquals("LOW", value(source, "_PropertyAggregationPriority"));
        assertEquals(Boolean.TRUE, value(source, "_PropertyEnabled"));
        assertEquals("", value(source, "_PropertyAlias"), "the configured alias, as OpenEMS shows it");
        assertEquals(1000L, value(source, "_PropertyCycleTime"));
    }

    @Test
    void stateFollowsUnableToSendAndRunFailed() throws Exception {
        ControllerChannels source = new ControllerChannels(config());
        assertEquals(0L, value(source, "State"));
        assertEquals(Boolean.FALSE, value(source, "UnableToSend"));
        source.setUnableToSend(true);
        assertTrue(source.unableToSend());
        assertEquals(Level.WARNING, source.state());
        assertEquals(2L, value(source, "State"));
        source.setRunFailed(true);
        assertEquals(3L, value(source, "State"));
        source.setUnableToSend(false);
        assertEquals(3L, value(source, "State"), "FAULT while RunFailed");
        source.setRunFailed(false);
        assertEquals(0L, value(source, "State"));
        source.setConnectionCloseFailure(true);
        assertEquals(0L, value(source, "State"), "ConnectionCloseFailure is a plain boolean, not a state");
    }

    @Test
    void settersShowInTheNextReadOnly() throws Exception {
        ControllerChannels source = new ControllerChannels(config());
        ChannelSnapshot before = source.read(1);
        assertNull(value(source, "ApiWorkerLog"));
        assertNull(value(source, "LastSuccessfulResend"));
        source.setApiWorkerLog("ess0/SetActivePowerEquals:1000");
        source.setLastSuccessfulResend(1_795_757_700L);
        assertEquals("ess0/SetActivePowerEquals:1000", value(source, "ApiWorkerLog"));
        assertEquals(1_795_757_700L, value(source, "LastSuccessfulResend"));
        assertNull(before.value(source.channels().indexOf(channel(source, "ApiWorkerLog"))),
                "an earlier snapshot is not changed");
    }

    @Test
    void applyConfigChangesTheChannelSetOnlyWithTheId() throws Exception {
        ControllerChannels source = new ControllerChannels(config());
        long version = source.channelsVersion();
        var channels = source.channels();
        source.applyConfig(config("apiTimeout", "5"));
        assertEquals(version, source.channelsVersion());
        assertSame(channels, source.channels());
        assertEquals(5L, value(source, "_PropertyApiTimeout"));

        source.setUnableToSend(true);
        source.applyConfig(config("id", "ctrlBackend1"));
        assertTrue(source.channelsVersion() > version);
        assertEquals("ctrlBackend1", source.id());
        assertTrue(source.channels().stream().allMatch(c -> c.address().componentId().equals("ctrlBackend1")));
        assertEquals(Boolean.TRUE, value(source, "UnableToSend"), "values survive the rename");
        assertEquals("ctrlBackend1", value(source, "_PropertyId"));
    }

    @Test
    void nothingCanBeWrittenFromOutside() throws Exception {
        ControllerChannels source = new ControllerChannels(config());
        ChannelWriteException own = assertThrows(ChannelWriteException.class,
                () -> source.write(ChannelAddress.parse("ctrlBackend0/UnableToSend"), false));
        assertTrue(own.getMessage().contains("READ_ONLY"), own.getMessage());
        assertThrows(ChannelWriteException.class,
                () -> source.write(ChannelAddress.parse("ctrlBackend0/Nope"), 1));
        assertEquals(Boolean.FALSE, value(source, "UnableToSend"));
    }
}
