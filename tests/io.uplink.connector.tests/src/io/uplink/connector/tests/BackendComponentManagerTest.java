package io.uplink.connector.tests;

import static io.uplink.connector.tests.BackendHarness.B;
import static io.uplink.connector.tests.BackendHarness.componentApi;
import static io.uplink.connector.tests.BackendHarness.error;
import static io.uplink.connector.tests.BackendHarness.q;
import static io.uplink.connector.tests.BackendHarness.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/** componentJsonApi: the {@code _componentManager} channel descriptions and the components Uplink refuses. */
class BackendComponentManagerTest {

    private static final String GRID_MODE = q("{'id':'GridMode','accessMode':'RO','persistencePriority':'HIGH',"
            + "'text':'','type':'INTEGER','unit':'','category':'ENUM','options':{'On-Grid':1,'Off-Grid':2}}");
    private static final String LABEL = q("{'id':'Label','accessMode':'RW','persistencePriority':'LOW',"
            + "'text':'','type':'STRING','unit':'','category':'OPENEMS_TYPE'}");
    private static final String SET_POINT = q("{'id':'SetActivePowerEquals','accessMode':'WO',"
            + "'persistencePriority':'LOW','text':'Set point','type':'INTEGER','unit':'W','category':'OPENEMS_TYPE'}");
    private static final String RUN_FAILED = q("{'id':'RunFailed','accessMode':'RO','persistencePriority':'HIGH',"
            + "'text':'','type':'BOOLEAN','unit':'','category':'STATE','level':'FAULT'}");
    private static final String UNABLE_TO_SEND = q("{'id':'UnableToSend','accessMode':'RO',"
            + "'persistencePriority':'VERY_HIGH','text':'','type':'BOOLEAN','unit':'','category':'STATE',"
            + "'level':'WARNING'}");

    private final BackendHarness backend = new BackendHarness();

    private String manager(String role, String method, String params) {
        return this.backend.call(role, "componentJsonApi", componentApi("_componentManager", method, params));
    }

    @Test
    void channelsOfAComponentInOpenemsShapeSortedById() {
        assertEquals(wrapped(B, "{\"channels\":[" + GRID_MODE + "," + LABEL + "," + SET_POINT + "]}"),
                manager("guest", "getChannelsOfComponent", "{\"componentId\":\"ess0\"}"));
    }

    @Test
    void stateChannelsAreTheWarningAndFaultBits() {
        assertEquals(wrapped(B, "{\"channels\":[" + RUN_FAILED + "," + UNABLE_TO_SEND + "]}"),
                manager("guest", "getStateChannelsOfComponent", "{\"componentId\":\"ctrlBackend0\"}"));
        assertEquals(wrapped(B, "{\"channels\":[]}"),
                manager("guest", "getStateChannelsOfComponent", "{\"componentId\":\"ess0\"}"));
    }

    @Test
    void theStateChannelIsALevelEnum() {
        JsonObject channel = this.backend.callJson("guest", "componentJsonApi", componentApi("_componentManager",
                "getChannel", "{\"componentId\":\"_sum\",\"channelId\":\"State\"}")).getAsJsonObject("result")
                .getAsJsonObject("payload").getAsJsonObject("result").getAsJsonObject("channel");
        assertEquals("ENUM", channel.get("category").getAsString());
        assertEquals("{\"OK\":0,\"INFO\":1,\"WARNING\":2,\"FAULT\":3}", channel.get("options").toString());
        assertEquals("VERY_HIGH", channel.get("persistencePriority").getAsString());
    }

    @Test
    void oneChannel() {
        assertEquals(wrapped(B, "{\"channel\":" + SET_POINT + "}"),
                manager("owner", "getChannel", "{\"componentId\":\"ess0\",\"channelId\":\"SetActivePowerEquals\"}"));
    }

    @Test
    void unknownComponentsAndChannels() {
        assertEquals(error(2000, "Unable to find OpenEMS Component with ID [pv9]", "pv9"),
                manager("guest", "getChannelsOfComponent", "{\"componentId\":\"pv9\"}"));
        String noChannel = "Channel [Soc] is not defined for ID [meter0].";
        assertEquals(error(1, noChannel, noChannel),
                manager("guest", "getChannel", "{\"componentId\":\"meter0\",\"channelId\":\"Soc\"}"));
        assertEquals(error(2000, "Unable to find OpenEMS Component with ID [pv9]", "pv9"),
                manager("guest", "getChannel", "{\"componentId\":\"pv9\",\"channelId\":\"Soc\"}"));
    }

    @Test
    void malformedParamsGetJsonErrors() {
        JsonObject response = this.backend.callJson(
                BackendHarness.authenticated("guest", BackendHarness.inner("componentJsonApi",
                        componentApi("_componentManager", "getChannelsOfComponent", "{\"componentId\":7}"))));
        assertEquals(5010, BackendHarness.code(response));
        assertEquals("JSON [componentId:7] is not a String member", BackendHarness.message(response));
        response = this.backend.callJson("guest", "componentJsonApi", "{\"componentId\":\"_componentManager\"}");
        assertEquals(5003, BackendHarness.code(response));
    }

    @Test
    void unknownComponentManagerEndpointIsNotDefined() {
        String notDefined = "Endpoint with method \"channelExportXlsx\" is not defined!";
        assertEquals(error(1, notDefined, notDefined),
                manager("admin", "channelExportXlsx", "{\"componentId\":\"meter0\"}"));
    }

    @Test
    void systemCommandsAreRefusedWhateverTheRole() {
        String refused = "Uplink does not run system commands: [executeSystemCommand] of component [_host] is refused";
        assertEquals(error(1, refused, refused), this.backend.call("admin", "componentJsonApi",
                componentApi("_host", "executeSystemCommand", "{\"command\":\"reboot\"}")));
        String update = "Uplink does not run system commands: [executeSystemUpdate] of component [_host] is refused";
        assertEquals(error(1, update, update), this.backend.call("guest", "componentJsonApi",
                componentApi("_host", "executeSystemUpdate", "{}")));
        assertTrue(this.backend.log.get(0).contains("componentJsonApi _host/executeSystemCommand"),
                this.backend.log.get(0));
    }

    @Test
    void componentsWithoutJsonApiAreNotFoundAsInOpenems() {
        String meter = "Component with id 'meter0' was not found";
        assertEquals(error(1, meter, meter), this.backend.call("admin", "componentJsonApi",
                componentApi("meter0", "getSomething", "{}")));
        String app = "Component with id '_appManager' was not found";
        assertEquals(error(1, app, app), this.backend.call("admin", "componentJsonApi",
                componentApi("_appManager", "getApps", "{}")));
    }

    @Test
    void aPayloadWithoutIdIsAnsweredWithTheIdTheEdgeGaveIt() {
        JsonObject response = this.backend.callJson("guest", "componentJsonApi",
                "{\"componentId\":\"_componentManager\",\"payload\":{\"method\":\"getEdgeConfig\",\"params\":{}}}");
        JsonObject payload = response.getAsJsonObject("result").getAsJsonObject("payload");
        assertEquals(36, payload.get("id").getAsString().length());
        assertEquals(this.backend.edge.edgeConfig().toJson(), payload.getAsJsonObject("result"));
    }
}
