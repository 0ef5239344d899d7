package io.uplink.connector.tests;

import static io.uplink.connector.tests.BackendHarness.B;
import static io.uplink.connector.tests.BackendHarness.code;
import static io.uplink.connector.tests.BackendHarness.error;
import static io.uplink.connector.tests.BackendHarness.message;
import static io.uplink.connector.tests.BackendHarness.q;
import static io.uplink.connector.tests.BackendHarness.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import io.uplink.core.ChannelAddress;

/** setChannelValue (§7.4): which channels can be set, and what happens to values of the wrong type. */
class BackendSetChannelValueTest {

    private final BackendHarness backend = new BackendHarness();

    private String set(String componentId, String channelId, String value) {
        return this.backend.call("admin", "setChannelValue",
                q("{'componentId':'" + componentId + "','channelId':'" + channelId + "','value':") + value + "}");
    }

    @Test
    void aWritableChannelStoresTheConvertedValue() {
        assertEquals(wrapped(B, "{}"), set("ess0", "SetActivePowerEquals", "\"-1500\""));
        assertEquals(wrapped(B, "{}"), set("ess0", "Label", "\"night mode\""));
        assertEquals(new ChannelAddress("ess0", "SetActivePowerEquals"), this.backend.edge.writes.get(0).address());
        assertEquals(-1500L, this.backend.edge.writes.get(0).normalized());
        assertEquals("night mode", this.backend.edge.writes.get(1).normalized());
    }

    @Test
    void nullAndTheEmptyStringRemoveAValueOfANonStringChannel() {
        assertEquals(wrapped(B, "{}"), set("ess0", "SetActivePowerEquals", "null"));
        assertEquals(wrapped(B, "{}"), set("ess0", "SetActivePowerEquals", "\"\""));
        assertEquals(JsonNull.INSTANCE, this.backend.edge.writes.get(1).sent());
        assertNull(this.backend.edge.writes.get(1).normalized());
        // a string channel keeps "" as a value
        assertEquals(wrapped(B, "{}"), set("ess0", "Label", "\"\""));
        assertEquals("", this.backend.edge.writes.get(2).normalized());
    }

    @Test
    void aReadOnlyChannelIsNotAWriteChannel() {
        String message = "[Channel [ID=ActivePower, type=INTEGER, activeValue=1234 W, access=READ_ONLY]] is not a "
                + "Write Channel";
        assertEquals(error(1, message, message), set("meter0", "ActivePower", "5"));
        JsonObject undefined = this.backend.callJson("admin", "setChannelValue",
                "{\"componentId\":\"ctrlBackend0\",\"channelId\":\"ApiWorkerLog\",\"value\":\"x\"}");
        assertEquals("[Channel [ID=ApiWorkerLog, type=STRING, activeValue=UNDEFINED, access=READ_ONLY]] is not a "
                + "Write Channel", message(undefined));
        assertTrue(this.backend.edge.writes.isEmpty());
    }

    @Test
    void unknownComponentOrChannel() {
        assertEquals(error(2000, "Unable to find OpenEMS Component with ID [ess9]", "ess9"),
                set("ess9", "SetActivePowerEquals", "1"));
        String noChannel = "Channel [SetReactivePower] is not defined for ID [ess0].";
        assertEquals(error(1, noChannel, noChannel), set("ess0", "SetReactivePower", "1"));
        String odd = "Channel [Set Power] is not defined for ID [ess0].";
        assertEquals(error(1, odd, odd), set("ess0", "Set Power", "1"));
    }

    @Test
    void valuesOfTheWrongTypeComeBackAsTheEdgesError() {
        JsonObject text = this.backend.callJson("admin", "setChannelValue",
                "{\"componentId\":\"ess0\",\"channelId\":\"SetActivePowerEquals\",\"value\":\"lots\"}");
        assertEquals(1, code(text));
        assertEquals("Cannot convert [lots] (String) to INTEGER: not a number", message(text));

        JsonObject tooBig = this.backend.callJson("admin", "setChannelValue",
                "{\"componentId\":\"ess0\",\"channelId\":\"SetActivePowerEquals\",\"value\":3000000000}");
        assertTrue(message(tooBig).contains("out of range"), message(tooBig));

        JsonObject object = this.backend.callJson("admin", "setChannelValue",
                "{\"componentId\":\"ess0\",\"channelId\":\"SetActivePowerEquals\",\"value\":{\"w\":1}}");
        assertEquals(5004, code(object));
        assertTrue(this.backend.edge.writes.isEmpty());
        assertEquals(3, this.backend.log.size());
    }

    @Test
    void missingOrMistypedParams() {
        JsonObject noValue = this.backend.callJson("admin", "setChannelValue",
                "{\"componentId\":\"ess0\",\"channelId\":\"SetActivePowerEquals\"}");
        assertEquals(5000, code(noValue));
        JsonObject numericId = this.backend.callJson("admin", "setChannelValue",
                "{\"componentId\":0,\"channelId\":\"SetActivePowerEquals\",\"value\":1}");
        assertEquals(5010, code(numericId));
        assertEquals(wrapped(B, "{}"), set("ess0", "SetActivePowerEquals", "7"));
    }
}
