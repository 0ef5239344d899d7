package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;

import io.uplink.connector.internal.ApiWorker;
import io.uplink.connector.internal.ApiWorker.CycleResult;
import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.MutableClock;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.edge.sim.SimulatedEdge;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;

class ApiWorkerTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final ChannelAddress SET_POINT = ChannelAddress.parse("ess0/SetActivePowerEquals");
    private static final ChannelAddress LIMIT = ChannelAddress.parse("pvInverter0/ActivePowerLimit");
    private static final ChannelAddress TEXT = ChannelAddress.parse("display0/Text");

    private final MutableClock clock = new MutableClock(T0);
    private final SettableSource device = new SettableSource("device", List.of(
            ChannelMetadata.builder(SET_POINT, OpenemsType.INTEGER).unit(Unit.WATT).accessMode(AccessMode.WRITE_ONLY)
                    .build(),
            ChannelMetadata.builder(LIMIT, OpenemsType.INTEGER).unit(Unit.WATT).accessMode(AccessMode.READ_WRITE)
                    .build(),
            ChannelMetadata.builder(TEXT, OpenemsType.STRING).accessMode(AccessMode.READ_WRITE).build(),
            ChannelMetadata.of("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.HIGH)));

    private void set(ApiWorker worker, ChannelAddress address, JsonElement value) throws OpenemsException {
        worker.setChannelValue(this.device.channels(), address, value);
    }

    private CycleResult cycleAt(ApiWorker worker, Duration sinceT0) {
        this.clock.set(T0.plus(sinceT0));
        return worker.runCycle(this.device, this.clock.instant());
    }

    @Test
    void storedValuesAreWrittenEveryCycleNotAtOnce() throws Exception {
        ApiWorker worker = new ApiWorker(this.clock, 60);
        set(worker, SET_POINT, new JsonPrimitive(4242));
        assertEquals(List.of(), this.device.writes(), "setChannelValue only stores");
        assertEquals(Map.of(SET_POINT, 4242L), worker.values());
        for (int second = 0; second < 3; second++) {
            CycleResult result = cycleAt(worker, Duration.ofSeconds(second));
            assertEquals("ess0/SetActivePowerEquals:4242", result.log());
            assertFalse(result.failed());
            assertEquals(1, result.written());
        }
        assertEquals(3, this.device.writes().size());
        set(worker, LIMIT, new JsonPrimitive("1500"));
        assertEquals("ess0/SetActivePowerEquals:4242|pvInverter0/ActivePowerLimit:1500",
                cycleAt(worker, Duration.ofSeconds(3)).log(), "converted to the channel type, in order of first set");
    }

    @Test
    void theSharedTimerExpiresExactlyAtTheTimeoutAfterTheLastSet() throws Exception {
        ApiWorker worker = new ApiWorker(this.clock, 60);
        set(worker, SET_POINT, new JsonPrimitive(1000));
        this.clock.set(T0.plusSeconds(30));
        set(worker, LIMIT, new JsonPrimitive(2000));
        assertEquals(Optional.of(T0.plusSeconds(90)), worker.deadline(), "a set for another channel restarts it");
        assertEquals(2, cycleAt(worker, Duration.ofMillis(89_999)).written());
        CycleResult expired = cycleAt(worker, Duration.ofSeconds(90));
        assertEquals("", expired.log());
        assertEquals(0, expired.written());
        assertEquals(Map.of(), worker.values(), "all values go at once");
        assertNull(this.device.written(SET_POINT.toString()));
        assertNull(this.device.written(LIMIT.toString()));
        assertEquals(Optional.empty(), worker.deadline());
    }

    @Test
    void aNullSetAlsoRestartsTheTimer() throws Exception {
        ApiWorker worker = new ApiWorker(this.clock, 60);
        set(worker, SET_POINT, new JsonPrimitive(1000));
        this.clock.set(T0.plusSeconds(50));
        set(worker, LIMIT, JsonNull.INSTANCE);
        assertEquals(1, cycleAt(worker, Duration.ofSeconds(109)).written());
        assertEquals(0, cycleAt(worker, Duration.ofSeconds(110)).written());
    }

    @Test
    void expiryHappensEvenWithoutACycleBeforeTheNextSet() throws Exception {
        ApiWorker worker = new ApiWorker(this.clock, 10);
        set(worker, SET_POINT, new JsonPrimitive(1000));
        this.clock.set(T0.plusSeconds(11));
        set(worker, LIMIT, new JsonPrimitive(5));
        assertEquals(Map.of(LIMIT, 5L), worker.values(), "the old value had timed out before this set");
    }

    @Test
    void zeroMeansNeverAndChangingTheTimeoutRestartsIt() throws Exception {
        ApiWorker worker = new ApiWorker(this.clock, 0);
        set(worker, SET_POINT, new JsonPrimitive(1000));
        assertEquals(Optional.empty(), worker.deadline());
        assertEquals(1, cycleAt(worker, Duration.ofDays(3)).written());
        worker.setApiTimeout(5);
        assertEquals(Optional.of(this.clock.instant().plusSeconds(5)), worker.deadline());
        assertEquals(0, cycleAt(worker, Duration.ofDays(3).plusSeconds(5)).written());
    }

    @Test
    void nullOrEmptyTextRemovesAValue() throws Exception {
        ApiWorker worker = new ApiWorker(this.clock, 60);
        set(worker, SET_POINT, new JsonPrimitive(1000));
        set(worker, LIMIT, new JsonPrimitive(2000));
        set(worker, TEXT, new JsonPrimitive("hello"));
        set(worker, SET_POINT, JsonNull.INSTANCE);
        set(worker, LIMIT, new JsonPrimitive(""));
        assertEquals(Map.of(TEXT, "hello"), worker.values());
        set(worker, TEXT, new JsonPrimitive(""));
        assertEquals(Map.of(TEXT, ""), worker.values(), "\"\" is a value for a string channel");
        CycleResult result = cycleAt(worker, Duration.ofSeconds(1));
        assertEquals("display0/Text:", result.log());
        assertEquals(List.of("ess0/SetActivePowerEquals:null", "pvInverter0/ActivePowerLimit:null", "display0/Text:"),
                this.device.writes(), "removed values are released on the device once");
        cycleAt(worker, Duration.ofSeconds(2));
        assertEquals(4, this.device.writes().size());
    }

    @Test
    void requestsForMissingOrReadOnlyChannelsFailAsInOpenems() {
        ApiWorker worker = new ApiWorker(this.clock, 60);
        OpenemsException component = assertThrows(OpenemsException.class,
                () -> set(worker, ChannelAddress.parse("ess9/SetActivePowerEquals"), new JsonPrimitive(1)));
        assertEquals(OpenemsError.EDGE_NO_COMPONENT_WITH_ID, component.error());
        assertEquals("Unable to find OpenEMS Component with ID [ess9]", component.getMessage());

        OpenemsException channel = assertThrows(OpenemsException.class,
                () -> set(worker, ChannelAddress.parse("ess0/Nope"), new JsonPrimitive(1)));
        assertEquals(OpenemsError.GENERIC, channel.error());
        assertEquals("Channel [Nope] is not defined for ID [ess0].", channel.getMessage());

        OpenemsException readOnly = assertThrows(OpenemsException.class,
                () -> set(worker, ChannelAddress.parse("meter0/ActivePower"), new JsonPrimitive(1)));
        assertEquals(OpenemsError.GENERIC, readOnly.error());
        assertEquals("[meter0/ActivePower] is not a Write Channel", readOnly.getMessage());
        assertEquals(Map.of(), worker.values());
        assertEquals(Optional.empty(), worker.deadline(), "refused requests do not start the timer");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedAndTheMapStays() throws Exception {
        ApiWorker worker = new ApiWorker(this.clock, 60);
        set(worker, SET_POINT, new JsonPrimitive(1000));
        this.clock.set(T0.plusSeconds(30));
        OpenemsException e = assertThrows(OpenemsException.class,
                () -> set(worker, SET_POINT, new JsonPrimitive("lots")));
        assertEquals(OpenemsError.GENERIC, e.error());
        assertTrue(e.getMessage().contains("[ess0/SetActivePowerEquals]") && e.getMessage().contains("lots"),
                e.getMessage());
        assertThrows(OpenemsException.class, () -> set(worker, SET_POINT, new JsonPrimitive(3_000_000_000L)));
        OpenemsException array = assertThrows(OpenemsException.class, () -> set(worker, SET_POINT, new JsonArray()));
        assertEquals(OpenemsError.GENERIC, array.error());
        assertEquals(Map.of(SET_POINT, 1000L), worker.values());
        assertEquals(Optional.of(T0.plusSeconds(60)), worker.deadline());
    }

    @Test
    void aFailingWriteFailsTheCycleAndIsLeftOutOfTheLog() throws Exception {
        ApiWorker worker = new ApiWorker(this.clock, 60);
        set(worker, SET_POINT, new JsonPrimitive(-500));
        set(worker, LIMIT, new JsonPrimitive(800));
        this.device.failWritesTo(SET_POINT.toString());
        CycleResult result = cycleAt(worker, Duration.ofSeconds(1));
        assertTrue(result.failed());
        assertEquals("pvInverter0/ActivePowerLimit:800", result.log());
        assertEquals(1, result.written());
        this.device.failWritesTo(null);
        CycleResult recovered = cycleAt(worker, Duration.ofSeconds(2));
        assertFalse(recovered.failed());
        assertEquals("ess0/SetActivePowerEquals:-500|pvInverter0/ActivePowerLimit:800", recovered.log());
    }

    @Test
    void drivesTheSimulatedEdgesSetPoint() throws Exception {
        SimulatedEdge edge = new SimulatedEdge(this.clock, 7, 0);
        int index = edge.channels().stream().map(ChannelMetadata::address).toList().indexOf(SET_POINT);
        ApiWorker worker = new ApiWorker(this.clock, 60);
        worker.setChannelValue(edge.channels(), SET_POINT, new JsonPrimitive(1200));
        assertNull(edge.read(this.clock.millis()).value(index));
        assertEquals("ess0/SetActivePowerEquals:1200", worker.runCycle(edge, this.clock.instant()).log());
        ChannelSnapshot applied = edge.read(this.clock.millis());
        assertEquals(1200L, applied.value(index));

        this.clock.advance(Duration.ofSeconds(60));
        assertEquals("", worker.runCycle(edge, this.clock.instant()).log());
        assertNull(edge.read(this.clock.millis()).value(index), "after the timeout the set point is released");
    }
}
