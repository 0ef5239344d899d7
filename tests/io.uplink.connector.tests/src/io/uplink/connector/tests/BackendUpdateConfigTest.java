package io.uplink.connector.tests;

import static io.uplink.connector.tests.BackendHarness.A;
import static io.uplink.connector.tests.BackendHarness.B;
import static io.uplink.connector.tests.BackendHarness.code;
import static io.uplink.connector.tests.BackendHarness.error;
import static io.uplink.connector.tests.BackendHarness.message;
import static io.uplink.connector.tests.BackendHarness.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;

/** updateComponentConfig (§7.5) and the rule that the apikey never leaves the Edge in an answer or a log line. */
class BackendUpdateConfigTest {

    private static final String NEW_KEY = "n3w-Secret-Key-0815";

    private final BackendHarness backend = new BackendHarness();

    private static String update(String componentId, String properties) {
        return "{\"componentId\":\"" + componentId + "\",\"properties\":" + properties + "}";
    }

    private JsonObject controllerProperties() {
        return this.backend.edge.edgeConfig().toJson().getAsJsonObject("components").getAsJsonObject("ctrlBackend0")
                .getAsJsonObject("properties");
    }

    @Test
    void propertiesAreAppliedAndShowInTheEdgeConfig() {
        assertEquals(wrapped(B, "{}"), this.backend.call("owner", "updateComponentConfig", update("ctrlBackend0",
                "[{\"name\":\"uri\",\"value\":\"wss://other.example.com\"},{\"name\":\"apiTimeout\",\"value\":0}]")));
        assertEquals("wss://other.example.com", controllerProperties().get("uri").getAsString());
        assertEquals(0, controllerProperties().get("apiTimeout").getAsInt());
    }

    @Test
    void bookkeepingKeysAreIgnoredAsOpenemsDoes() {
        assertEquals(wrapped(B, "{}"), this.backend.call("owner", "updateComponentConfig", update("ctrlBackend0",
                "[{\"name\":\"id\",\"value\":\"evil0\"},{\"name\":\"service.pid\",\"value\":\"x\"},"
                        + "{\"name\":\"apiTimeout\",\"value\":15}]")));
        assertTrue(this.backend.edge.edgeConfig().components().containsKey("ctrlBackend0"));
        assertEquals(15, controllerProperties().get("apiTimeout").getAsInt());
    }

    @Test
    void anInvalidValueChangesNothing() {
        String problem = "uri must start with ws:// or wss://";
        assertEquals(error(2002, "Unable to apply configuration to Component [ctrlBackend0]: [" + problem + "]",
                "ctrlBackend0", problem), this.backend.call("owner", "updateComponentConfig", update("ctrlBackend0",
                        "[{\"name\":\"apiTimeout\",\"value\":5},{\"name\":\"uri\",\"value\":\"ftp://x\"}]")));
        assertEquals(60, controllerProperties().get("apiTimeout").getAsInt());
        JsonObject negative = this.backend.callJson("owner", "updateComponentConfig",
                update("ctrlBackend0", "[{\"name\":\"apiTimeout\",\"value\":\"soon\"}]"));
        assertEquals(2002, code(negative));
    }

    @Test
    void nullResetsAPropertyToItsDefault() {
        this.backend.call("owner", "updateComponentConfig",
                update("ctrlBackend0", "[{\"name\":\"apiTimeout\",\"value\":9}]"));
        assertEquals(wrapped(B, "{}"), this.backend.call("owner", "updateComponentConfig",
                update("ctrlBackend0", "[{\"name\":\"apiTimeout\",\"value\":null}]")));
        assertEquals(60, controllerProperties().get("apiTimeout").getAsInt());
    }

    @Test
    void unknownAndDeviceComponents() {
        assertEquals(error(2000, "Unable to find OpenEMS Component with ID [ctrlBackend9]", "ctrlBackend9"),
                this.backend.call("admin", "updateComponentConfig", update("ctrlBackend9", "[]")));
        JsonObject device = this.backend.callJson("admin", "updateComponentConfig",
                update("meter0", "[{\"name\":\"enabled\",\"value\":false}]"));
        assertEquals(2002, code(device));
        assertEquals(5007, code(this.backend.callJson("admin", "updateComponentConfig",
                "{\"componentId\":\"ctrlBackend0\",\"properties\":{}}")));
    }

    @Test
    void theRealApikeyReachesTheEdgeButNoAnswerOrLogLine() {
        String response = this.backend.call("owner", "updateComponentConfig",
                update("ctrlBackend0", "[{\"name\":\"apikey\",\"value\":\"" + NEW_KEY + "\"}]"));
        assertEquals(wrapped(B, "{}"), response);
        assertEquals(NEW_KEY, this.backend.edge.controllerProperty("apikey").getAsString());
        assertEquals("xxx", controllerProperties().get("apikey").getAsString());
        assertFalse(this.backend.call("guest", "getEdgeConfig", "{}").contains(NEW_KEY));
    }

    @Test
    void refusedUpdatesCarryingTheApikeyLeakItNowhere() {
        String withBadUri = update("ctrlBackend0",
                "[{\"name\":\"apikey\",\"value\":\"" + NEW_KEY + "\"},{\"name\":\"uri\",\"value\":\"x\"}]");
        assertNoLeak(this.backend.call("owner", "updateComponentConfig", withBadUri));
        assertNoLeak(this.backend.call("guest", "updateComponentConfig", withBadUri));

        // JSON_* errors quote up to 100 characters of the JSON they reject
        String propertiesNotAList = "{\"componentId\":\"ctrlBackend0\",\"properties\":{\"name\":\"apikey\",\"value\":\""
                + NEW_KEY + "\"}}";
        String response = this.backend.call("owner", "updateComponentConfig", propertiesNotAList);
        assertNoLeak(response);
        assertTrue(response.contains("\\\"value\\\":\\\"xxx\\\""), response);

        String noUser = "{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"method\":\"authenticatedRpc\",\"params\":{"
                + "\"payload\":{\"params\":{\"properties\":[{\"name\":\"apikey\",\"value\":\"" + NEW_KEY + "\"}],"
                + "\"componentId\":\"ctrlBackend0\"},\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\","
                + "\"method\":\"updateComponentConfig\"}}}";
        JsonObject noUserResponse = this.backend.callJson(noUser);
        assertEquals(5003, code(noUserResponse));
        assertTrue(message(noUserResponse).contains("xxx"), message(noUserResponse));
        assertNoLeak(noUserResponse.toString());

        assertNoLeak(this.backend.call("owner", "componentJsonApi", BackendHarness.componentApi("_componentManager",
                "updateComponentConfig", withBadUri)));
        assertEquals(5, this.backend.log.size());
        this.backend.log.forEach(BackendUpdateConfigTest::assertNoLeak);
        assertEquals(InMemoryEdge.APIKEY, this.backend.edge.controllerProperty("apikey").getAsString());
    }

    @Test
    void anEdgeMessageQuotingTheApikeyIsScrubbed() {
        InMemoryEdge careless = new InMemoryEdge() {
            @Override
            public void updateComponentConfig(String componentId, Map<String, JsonElement> properties)
                    throws OpenemsException {
                throw OpenemsError.EDGE_UNABLE_TO_APPLY_CONFIG.exception(componentId, "refused " + properties);
            }
        };
        BackendHarness backend = new BackendHarness(careless);
        String response = backend.call("admin", "updateComponentConfig",
                update("ctrlBackend0", "[{\"name\":\"apikey\",\"value\":\"" + NEW_KEY + "\"}]"));
        assertNoLeak(response);
        assertTrue(response.contains("refused {apikey=\\\"xxx\\\"}"), response);
        assertEquals(1, backend.log.size());
        assertNoLeak(backend.log.get(0));
    }

    private static void assertNoLeak(String text) {
        assertFalse(text.contains(NEW_KEY), text);
        assertFalse(text.contains(InMemoryEdge.APIKEY), text);
        assertFalse(text.contains(NEW_KEY.substring(0, 8)), text);
    }
}
