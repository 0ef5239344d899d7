package io.uplink.edge.openems.tests;

import static io.uplink.edge.openems.tests.Sources.has;
import static io.uplink.edge.openems.tests.Sources.is;
import static io.uplink.edge.openems.tests.Sources.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.uplink.core.ChannelMetadata;
import io.uplink.core.PersistencePriority;
import io.uplink.core.SourceHealth.State;
import io.uplink.core.Unit;
import io.uplink.edge.openems.OpenEmsEdgeSource;
import io.uplink.testkit.openems.FakeOpenEmsEdge;

/** The OpenEMS source against the fake Edge's websocket: metadata, values, changes, and every failure of the doc. */
class OpenEmsEdgeSourceTest {

    private FakeOpenEmsEdge edge;
    private OpenEmsEdgeSource source;

    @AfterEach
    void close() {
        if (this.source != null) {
            this.source.close();
        }
        if (this.edge != null) {
            this.edge.close();
        }
    }

    private OpenEmsEdgeSource connect(String password) throws Exception {
        if (this.edge == null) {
            this.edge = FakeOpenEmsEdge.small("user").startWebsocket(Sources.CYCLE);
        }
        this.source = Sources.start(Sources.config(this.edge.websocketUri(), null, password));
        return this.source;
    }

    private static ChannelMetadata channel(OpenEmsEdgeSource source, String address) {
        return source.channels().stream().filter(c -> c.address().toString().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void readsEveryChannelWithTheEdgesMetadataAndPriorities() throws Exception {
        OpenEmsEdgeSource s = this.connect("user");
        Sources.awaitReading(s);
        assertEquals(-1234L, value(s, "_sum/GridActivePower"));
        assertEquals(Boolean.FALSE, value(s, "meter0/ModbusCommunicationFailed"));
        assertEquals(23.5, value(s, "ess0/Temperature"));
        assertEquals("ESS-0042", value(s, "ess0/SerialNumber"));
        assertEquals(123456789L, value(s, "_sum/GridBuyActiveEnergy"));

        ChannelMetadata grid = channel(s, "_sum/GridActivePower");
        assertEquals(PersistencePriority.VERY_HIGH, grid.priority());
        assertTrue(grid.priorityDeclared(), "the Edge's priority is a declared layer");
        assertEquals(Unit.WATT, grid.unit());
        assertEquals(Unit.CUMULATED_WATT_HOURS, channel(s, "_sum/GridBuyActiveEnergy").unit());
        assertEquals(Map.of(0, "Ok", 1, "Info", 2, "Warning", 3, "Fault"), channel(s, "_sum/State").enumOptions());
        assertFalse(channel(s, "ess0/SerialNumber").priorityDeclared(), "no priority from the Edge: the profile decides");
        assertFalse(has(s, "meter0/SetActivePowerEquals"), "WRITE_ONLY channels have no value and are left out");
        assertEquals(10, s.channels().size());
        assertEquals("openems@127.0.0.1:" + this.edge.websocketUri().getPort(), s.id());
    }

    @Test
    void valuesFollowTheEdgeCycleByCycle() throws Exception {
        OpenEmsEdgeSource s = this.connect("user");
        Sources.awaitReading(s);
        this.edge.setValue("meter0/ActivePower", 4711);
        this.edge.setValue("ess0/Temperature", null);
        Await.until("the new values", () -> Long.valueOf(4711).equals(value(s, "meter0/ActivePower"))
                && value(s, "ess0/Temperature") == null, () -> String.valueOf(value(s, "meter0/ActivePower")));
    }

    @Test
    void followsComponentsThatAreRemovedAndAdded() throws Exception {
        OpenEmsEdgeSource s = this.connect("user");
        Sources.awaitReading(s);
        List<ChannelMetadata> before = s.channels();
        long version = s.channelsVersion();
        this.edge.removeComponent("ess0");
        Await.until("ess0 gone", () -> !has(s, "ess0/Soc"));
        assertTrue(s.channelsVersion() > version);
        assertNotSame(before, s.channels());
        assertEquals(7, s.channels().size());
        Await.until("values of the new set", () -> value(s, "meter0/ActivePower") != null);

        this.edge.addComponent("ess1", "Ess.Generic.ManagedSymmetric",
                List.of(FakeOpenEmsEdge.Channel.of("Soc", "INTEGER", "%", "HIGH")));
        this.edge.setValue("ess1/Soc", 80);
        Await.until("ess1 read", () -> Long.valueOf(80).equals(value(s, "ess1/Soc")), s::health);
        // only subscribed addresses that exist: the Edge logs a WARN per cycle for any other
        int warnings = this.edge.unresolvedAddressWarnings();
        Thread.sleep(Sources.CYCLE.toMillis() * 5);
        assertEquals(warnings, this.edge.unresolvedAddressWarnings(), "subscribed to addresses the Edge cannot resolve");
    }

    @Test
    void aWrongPasswordIsAuthFailedRetriedSlowlyAndRecovers() throws Exception {
        this.edge = FakeOpenEmsEdge.small("secret").startWebsocket(Sources.CYCLE);
        OpenEmsEdgeSource s = this.connect("user");
        Await.until("AUTH_FAILED", () -> is(s, State.AUTH_FAILED), s::health);
        assertTrue(s.health().message().contains("refused the password"), s.health().toString());
        assertEquals(null, value(s, "_sum/EssSoc"));
        int failed = this.edge.failedAuthentications();
        Thread.sleep(400);
        // the test's retry is 0.8 s (60 s by default): no fast loop against an Edge that logs each failure
        assertTrue(this.edge.failedAuthentications() <= failed + 1, "retried too fast: " + this.edge.failedAuthentications());
        this.edge.setPassword("user");
        Sources.awaitReading(s);
    }

    @Test
    void anEdgeRestartIsReportedAndReadingResumesWithTheSameChannelList() throws Exception {
        OpenEmsEdgeSource s = this.connect("user");
        Sources.awaitReading(s);
        List<ChannelMetadata> channels = s.channels();
        this.edge.stopWebsocket();
        Await.until("not OK while the Edge is down", () -> !s.health().isOk(), s::health);
        Await.until("no values while down", () -> value(s, "_sum/EssSoc") == null, s::health);
        assertTrue(s.health().state() == State.CONNECTING || s.health().state() == State.UNAVAILABLE, s.health().toString());
        this.edge.restartWebsocket();
        Sources.awaitReading(s);
        // the token died with the Edge; the subscription is renewed on the new connection
        assertSame(channels, s.channels(), "an unchanged channel set keeps its list instance across reconnects");
        assertTrue(this.edge.websocketConnections() >= 2);
    }

    @Test
    void aStalledCycleIsStaleAndNoOldValuesAreRepeated() throws Exception {
        OpenEmsEdgeSource s = this.connect("user");
        Sources.awaitReading(s);
        this.edge.setStalled(true);
        Await.until("STALE", () -> is(s, State.STALE), s::health);
        assertEquals(null, value(s, "_sum/EssSoc"));
        this.edge.setStalled(false);
        Sources.awaitReading(s);
    }

    @Test
    void aComponentThatIsNotStartedYetIsDegradedAndReadOnceItIs() throws Exception {
        this.edge = FakeOpenEmsEdge.small("user");
        this.edge.setNotStarted("ess0", true);
        this.edge.startWebsocket(Sources.CYCLE);
        OpenEmsEdgeSource s = this.connect("user");
        Await.until("DEGRADED", () -> is(s, State.DEGRADED), s::health);
        assertTrue(s.health().message().contains("ess0"), s.health().toString());
        assertFalse(has(s, "ess0/Soc"));
        assertEquals(-1234L, value(s, "_sum/GridActivePower"));
        this.edge.setNotStarted("ess0", false);
        Await.until("ess0 read", () -> Long.valueOf(57).equals(value(s, "ess0/Soc")) && s.health().isOk(), s::health);
    }

    @Test
    void anEdgeBefore2024_7GivesItsChannelsInTheConfig() throws Exception {
        this.edge = FakeOpenEmsEdge.small("user");
        this.edge.setChannelsInEdgeConfig(true);
        this.edge.startWebsocket(Sources.CYCLE);
        OpenEmsEdgeSource s = this.connect("user");
        Sources.awaitReading(s);
        assertEquals(PersistencePriority.HIGH, channel(s, "meter0/ActivePower").priority());
        assertEquals(10, s.channels().size());
    }

    @Test
    void writesAreRefused() throws Exception {
        OpenEmsEdgeSource s = this.connect("user");
        Sources.awaitReading(s);
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.uplink.core.ChannelWriteException.class,
                () -> s.write(io.uplink.core.ChannelAddress.parse("meter0/ActivePower"), 1));
        assertTrue(e.getMessage().contains("only reads"), e.getMessage());
    }

    @Test
    void closingStopsTheConnection() throws Exception {
        OpenEmsEdgeSource s = this.connect("user");
        Sources.awaitReading(s);
        s.close();
        Await.until("the Edge sees the connection close", Duration.ofSeconds(10),
                () -> this.edge.openWebsocketSessions() == 0, () -> this.edge.openWebsocketSessions() + " open");
    }
}
