package io.uplink.connector.tests;

import static io.uplink.connector.tests.BackendHarness.A;
import static io.uplink.connector.tests.BackendHarness.B;
import static io.uplink.connector.tests.BackendHarness.authenticated;
import static io.uplink.connector.tests.BackendHarness.code;
import static io.uplink.connector.tests.BackendHarness.error;
import static io.uplink.connector.tests.BackendHarness.inner;
import static io.uplink.connector.tests.BackendHarness.message;
import static io.uplink.connector.tests.BackendHarness.q;
import static io.uplink.connector.tests.BackendHarness.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.uplink.connector.internal.BackendRequestHandler;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcRequest;

/** The authenticatedRpc envelope (§7.1): wrapping, ids, the subscribeSystemLog quirk, routes, malformed input. */
class BackendEnvelopeTest {

    private final BackendHarness backend = new BackendHarness();

    @Test
    void getEdgeConfigIsWrappedOnceWithBothIds() {
        String config = this.backend.edge.edgeConfig().toJson().toString();
        assertEquals(wrapped(B, config), this.backend.call("guest", "getEdgeConfig", "{}"));
        assertTrue(this.backend.log.isEmpty());
    }

    @Test
    void setChannelValueAnswersAnEmptyResultWrapped() {
        assertEquals(wrapped(B, "{}"), this.backend.call("admin", "setChannelValue",
                "{\"componentId\":\"ess0\",\"channelId\":\"SetActivePowerEquals\",\"value\":4242}"));
        assertEquals(1, this.backend.edge.writes.size());
        assertEquals(4242L, this.backend.edge.writes.get(0).normalized());
    }

    @Test
    void subscribeSystemLogIsWrappedTwiceAsOpenemsDoes() {
        String twice = q("{'jsonrpc':'2.0','id':'" + A + "','result':{'payload':{'jsonrpc':'2.0','id':'" + B
                + "','result':{'payload':{'jsonrpc':'2.0','id':'" + B + "','result':{}}}}}}");
        assertEquals(twice, this.backend.call("guest", "subscribeSystemLog", "{\"subscribe\":true}"));
        assertEquals(twice, this.backend.call("owner", "subscribeSystemLog", "{\"subscribe\":false}"));
        assertEquals(List.of(true, false), this.backend.edge.systemLogSubscriptions);
    }

    @Test
    void routesDescribeEveryEndpointWithItsGuard() {
        JsonObject result = this.backend.callJson("guest", "routes", "{}").getAsJsonObject("result")
                .getAsJsonObject("payload").getAsJsonObject("result");
        assertEquals("\"1\"", result.get("version").toString());
        List<String> methods = new ArrayList<>();
        for (JsonElement e : result.getAsJsonArray("endpoints")) {
            JsonObject endpoint = e.getAsJsonObject();
            JsonArray tags = endpoint.getAsJsonArray("tags");
            methods.add((tags.isEmpty() ? "" : tags.get(0).getAsJsonObject().get("name").getAsString() + ":")
                    + endpoint.get("method").getAsString());
        }
        assertEquals(List.of("authenticatedRpc", "componentJsonApi", "_componentManager:createComponentConfig",
                "_componentManager:deleteComponentConfig", "_componentManager:getAllComponentFactories",
                "_componentManager:getChannel", "_componentManager:getChannelsOfComponent",
                "_componentManager:getEdgeConfig", "_componentManager:getStateChannelsOfComponent",
                "_componentManager:updateComponentConfig", "createComponentConfig", "deleteComponentConfig",
                "getEdgeConfig", "routes", "setChannelValue", "subscribeSystemLog", "updateComponentConfig"), methods);

        JsonObject setChannelValue = endpoint(result, "setChannelValue", 0);
        assertEquals("[{\"name\":\"role\",\"description\":\"User-Role has to be at least ADMIN\",\"role\":\"ADMIN\"}]",
                setChannelValue.get("guards").toString());
        assertEquals("[{\"method\":\"authenticatedRpc\",\"request\":{\"base\":{},\"pathToSubrequest\":[\"payload\"]}}]",
                setChannelValue.get("parent").toString());
        JsonObject getChannel = endpoint(result, "getChannel", 1);
        assertEquals("[]", getChannel.get("guards").toString());
        assertEquals("{\"method\":\"componentJsonApi\",\"request\":{\"base\":{\"componentId\":\"_componentManager\"},"
                + "\"pathToSubrequest\":[\"payload\"]}}", getChannel.getAsJsonArray("parent").get(1).toString());
    }

    private static JsonObject endpoint(JsonObject routes, String method, int depth) {
        for (JsonElement e : routes.getAsJsonArray("endpoints")) {
            JsonObject endpoint = e.getAsJsonObject();
            if (endpoint.get("method").getAsString().equals(method)
                    && endpoint.getAsJsonArray("parent").size() == depth + 1) {
                return endpoint;
            }
        }
        throw new AssertionError("no endpoint " + method);
    }

    @Test
    void anyTopLevelMethodButAuthenticatedRpcIsNotDefined() {
        String request = "{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"method\":\"getEdgeConfig\",\"params\":{}}";
        String notDefined = "Endpoint with method \"getEdgeConfig\" is not defined!";
        assertEquals(error(1, notDefined, notDefined), this.backend.call(request));
        assertEquals(List.of("Refused Backend request [getEdgeConfig] (id " + A + "): error 1 " + notDefined),
                this.backend.log);
    }

    @Test
    void unknownInnerMethodIsNotDefinedWithTheOuterId() {
        String notDefined = "Endpoint with method \"queryHistoricTimeseriesData\" is not defined!";
        assertEquals(error(1, notDefined, notDefined),
                this.backend.call("admin", "queryHistoricTimeseriesData", "{}"));
        assertEquals(1, this.backend.log.size());
        assertTrue(this.backend.log.get(0).startsWith(
                "Refused Backend request [queryHistoricTimeseriesData by user [jane] with role [admin]]"),
                this.backend.log.get(0));
    }

    @Test
    void malformedEnvelopesGetTheJsonErrorsAndTheHandlerKeepsWorking() {
        String noUser = "{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"method\":\"authenticatedRpc\",\"params\":"
                + "{\"payload\":" + inner("getEdgeConfig", "{}") + "}}";
        JsonObject response = this.backend.callJson(noUser);
        assertEquals(5003, code(response));
        assertTrue(message(response).startsWith("JSON [user] ist not a member of JSON-Object ["), message(response));

        String noPayload = "{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"method\":\"authenticatedRpc\",\"params\":"
                + "{\"user\":{\"id\":\"jane\",\"name\":\"Jane\",\"role\":\"admin\"}}}";
        assertEquals(5003, code(this.backend.callJson(noPayload)));

        String userWithoutRole = noPayload.replace(",\"role\":\"admin\"}}}",
                "},\"payload\":" + inner("getEdgeConfig", "{}") + "}}");
        assertEquals(5000, code(this.backend.callJson(userWithoutRole)));

        String payloadWithoutId = "{\"jsonrpc\":\"2.0\",\"method\":\"getEdgeConfig\",\"params\":{}}";
        response = this.backend.callJson(authenticated("admin", payloadWithoutId));
        assertEquals(4002, code(response));
        assertEquals("JSON-RPC Message is not a valid Request, Result or Notification: payload expected a request "
                + "with id, method and params, got a notification", message(response));

        String payloadWithBadId = inner("getEdgeConfig", "{}").replace(B, "42");
        assertEquals(4002, code(this.backend.callJson(authenticated("admin", payloadWithBadId))));
        String payloadWithArrayParams = inner("getEdgeConfig", "[]");
        assertEquals(4002, code(this.backend.callJson(authenticated("admin", payloadWithArrayParams))));

        assertEquals(6, this.backend.log.size());
        assertEquals(A, this.backend.callJson("guest", "getEdgeConfig", "{}").get("id").getAsString());
    }

    @Test
    void anUnknownRoleIsTreatedAsGuest() {
        JsonObject response = this.backend.callJson("superuser", "setChannelValue",
                "{\"componentId\":\"ess0\",\"channelId\":\"SetActivePowerEquals\",\"value\":1}");
        assertEquals("Access to this resource [setChannelValue] is denied for User with Role [GUEST]",
                message(response));
    }

    @Test
    void theRequestTimeoutBoundsTheWaitForASlowFacade() throws Exception {
        InMemoryEdge slow = new InMemoryEdge();
        slow.updateGate = new CountDownLatch(1);
        BackendHarness backend = new BackendHarness(slow, task -> Thread.ofVirtual().start(task),
                Duration.ofMillis(300));
        String update = inner("updateComponentConfig",
                "{\"componentId\":\"ctrlBackend0\",\"properties\":[{\"name\":\"apiTimeout\",\"value\":30}]}");
        String withTimeout = authenticated("owner", update).replace("\"method\":\"authenticatedRpc\",",
                "\"method\":\"authenticatedRpc\",\"timeout\":1,");
        long start = System.nanoTime();
        JsonObject response = backend.callJson(withTimeout);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(1, code(response));
        assertEquals("Request [updateComponentConfig by user [jane] with role [owner]] was not answered within [1s]; "
                + "it may still complete on the Edge", message(response));
        assertTrue(millis >= 900 && millis < 5000, "waited " + millis + " ms");

        // without a timeout field the handler's own bound applies
        response = backend.callJson(authenticated("owner", update));
        assertTrue(message(response).contains("was not answered within [300ms]"), message(response));
        slow.updateGate.countDown();
        assertEquals(2, backend.log.size());
    }

    @Test
    void theDefaultHandlerAnswersOnAVirtualThread() throws Exception {
        BackendRequestHandler handler = new BackendRequestHandler(new InMemoryEdge());
        String request = authenticated("guest", inner("getEdgeConfig", "{}"));
        String expected = wrapped(B, new InMemoryEdge().edgeConfig().toJson().toString());
        assertEquals(expected, JsonRpcCodec.encode(handler.handle((JsonRpcRequest) JsonRpcCodec.parse(request))));
    }
}
