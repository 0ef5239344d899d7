package io.uplink.backend.local.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcResponse;
import io.uplink.protocol.JsonRpcSuccess;

/** Edge → Backend requests (§5.8, barrier of backlog §5) and Backend → Edge requests (§7). */
class LocalBackendRequestsTest {

    private LocalBackend backend;
    private TestEdge edge;

    @BeforeEach
    void connect() throws IOException {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of("key-0", "edge0"));
        edge = TestEdge.connect(backend.port(), "key-0");
        backend.awaitConnected("edge0", TestEdge.WAIT);
    }

    @AfterEach
    void close() throws IOException {
        edge.close();
        backend.close();
    }

    @Test
    void unknownEdgeRequestGets4001WithTheMethodName() throws Exception {
        UUID id = edge.sendRequest("xAgentBarrier", "{}");
        assertEquals(JsonParser.parseString("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"error\":{\"code\":4001,"
                + "\"message\":\"Unhandled JSON-RPC method [xAgentBarrier]\",\"data\":[\"xAgentBarrier\"]}}"),
                edge.nextJson());
        assertEquals(List.of(), backend.problems(), "an unknown request is legitimate (barrier), not a problem");
    }

    @Test
    void aTimeoutOnAnEdgeRequestIsAProblemButTheRequestIsAnswered() throws Exception {
        UUID id = UUID.randomUUID();
        edge.send("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"xAgentBarrier\",\"params\":{},\"timeout\":60}");
        assertEquals(4001, edge.nextJson().getAsJsonObject("error").get("code").getAsInt());
        assertEquals("request 'xAgentBarrier' has a timeout of 60 s; an Edge's own requests carry none",
                backend.problems("edge0").getFirst().reason());
    }

    @Test
    void appCenterAndOauthRegistryAreUnhandledHere() throws Exception {
        for (String method : List.of("appCenter", "oauthRegistry")) {
            UUID id = edge.sendRequest(method, "{\"payload\":{}}");
            JsonObject reply = edge.nextJson();
            assertEquals(id.toString(), reply.get("id").getAsString());
            assertEquals(4001, reply.getAsJsonObject("error").get("code").getAsInt());
            assertEquals("Unhandled JSON-RPC method [" + method + "]",
                    reply.getAsJsonObject("error").get("message").getAsString());
        }
    }

    @Test
    void checkSetupPasswordFailsWith1003UnlessItMatchesTheConfiguredOne() throws Exception {
        edge.sendRequest("checkSetupPassword", "{\"setupPassword\":\"guess\"}");
        JsonObject error = edge.nextJson().getAsJsonObject("error");
        assertEquals(1003, error.get("code").getAsInt());
        assertEquals("Authentication failed", error.get("message").getAsString());

        backend.setSetupPassword("edge0", "s3cret");
        UUID id = edge.sendRequest("checkSetupPassword", "{\"setupPassword\":\"s3cret\"}");
        assertEquals(JsonParser.parseString("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"result\":{}}"), edge.nextJson());
        edge.sendRequest("checkSetupPassword", "{\"setupPassword\":\"S3CRET\"}");
        assertEquals(1003, edge.nextJson().getAsJsonObject("error").get("code").getAsInt());

        edge.sendRequest("checkSetupPassword", "{}");
        assertEquals(1003, edge.nextJson().getAsJsonObject("error").get("code").getAsInt());
        assertTrue(backend.problems("edge0").getFirst().reason().contains("'setupPassword' must be a string"));
    }

    @Test
    void barriersAreAnsweredInArrivalOrderAfterEverythingBeforeThem() throws Exception {
        long now = System.currentTimeMillis() / 1000 * 1000;
        List<UUID> barrierIds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            edge.sendNotification("timestampedData", "{\"" + now + "\":{\"a0/Counter\":" + i + "}}");
            if (i % 10 == 9) {
                barrierIds.add(edge.sendRequest("xAgentBarrier", "{}"));
            }
        }
        for (int i = 0; i < barrierIds.size(); i++) {
            assertEquals(barrierIds.get(i).toString(), edge.nextJson().get("id").getAsString(), "reply #" + i);
        }
        // the last reply went out only after every earlier frame was handled
        assertEquals(200, backend.edge("edge0").methodStats("timestampedData").messages());
        assertEquals("199", backend.edge("edge0").currentValue("a0/Counter").orElseThrow().value().toString());
    }

    @Test
    void authenticatedRpcEnvelopeIsExactlyTheReferenceOneAndTheFutureGetsTheAnswer() throws Exception {
        JsonObject innerParams = JsonParser.parseString(
                "{\"componentId\":\"load0\",\"channelId\":\"SetPoint\",\"value\":4242}").getAsJsonObject();
        JsonRpcRequest inner = JsonRpcRequest.create("setChannelValue", innerParams);
        CompletableFuture<JsonRpcResponse> response = backend.sendAuthenticatedRpc("edge0", "jane", "installer", inner);

        JsonObject envelope = edge.nextJson();
        assertEquals(Set.of("jsonrpc", "id", "method", "params"), envelope.keySet());
        assertEquals("2.0", envelope.get("jsonrpc").getAsString());
        UUID outerId = UUID.fromString(envelope.get("id").getAsString());
        assertEquals("authenticatedRpc", envelope.get("method").getAsString());
        JsonObject params = envelope.getAsJsonObject("params");
        assertEquals(Set.of("user", "payload"), params.keySet());
        assertEquals(JsonParser.parseString("{\"id\":\"jane\",\"name\":\"jane\",\"language\":\"EN\",\"role\":\"installer\"}"),
                params.get("user"));
        assertEquals(JsonParser.parseString("{\"jsonrpc\":\"2.0\",\"id\":\"" + inner.id()
                + "\",\"method\":\"setChannelValue\",\"params\":" + innerParams + "}"), params.get("payload"));
        assertTrue(!outerId.equals(inner.id()));

        String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"" + outerId + "\",\"result\":{\"payload\":{\"jsonrpc\":\"2.0\",\"id\":\""
                + inner.id() + "\",\"result\":{}}}}";
        edge.send(answer);
        JsonRpcSuccess success = assertInstanceOf(JsonRpcSuccess.class, response.get(10, TimeUnit.SECONDS));
        assertEquals(JsonRpcCodec.parse(answer), success);
        ReceivedMessage recorded = backend.awaitMessage("edge0", m -> m.message().equals(success), TestEdge.WAIT);
        assertEquals("authenticatedRpc", recorded.method());
        assertEquals(List.of(), backend.problems());
    }

    @Test
    void anErrorAnswerCompletesTheFutureToo() throws Exception {
        CompletableFuture<JsonRpcResponse> response = backend.sendAuthenticatedRpc("edge0", "joe", "owner",
                JsonRpcRequest.create("setChannelValue", new JsonObject()));
        UUID outerId = UUID.fromString(edge.nextJson().get("id").getAsString());
        edge.send("{\"jsonrpc\":\"2.0\",\"id\":\"" + outerId + "\",\"error\":{\"code\":1002,\"message\":"
                + "\"Access to this resource [setChannelValue] is denied for User with Role [OWNER]\","
                + "\"data\":[\"setChannelValue\",\"OWNER\"]}}");
        JsonRpcError error = assertInstanceOf(JsonRpcError.class, response.get(10, TimeUnit.SECONDS));
        assertEquals(1002, error.code());
        assertEquals(outerId, error.id());
        assertEquals(List.of(), backend.problems());
    }

    @Test
    void aBadlyWrappedAuthenticatedRpcAnswerIsAProblem() throws Exception {
        JsonRpcRequest inner = JsonRpcRequest.create("getEdgeConfig", new JsonObject());
        CompletableFuture<JsonRpcResponse> unwrapped = backend.sendAuthenticatedRpc("edge0", "u", "guest", inner);
        edge.send("{\"jsonrpc\":\"2.0\",\"id\":\"" + edge.nextJson().get("id").getAsString() + "\",\"result\":{}}");
        unwrapped.get(10, TimeUnit.SECONDS);
        assertTrue(backend.problems().getLast().reason().contains("result.payload must be the inner response object"));

        CompletableFuture<JsonRpcResponse> wrongId = backend.sendAuthenticatedRpc("edge0", "u", "guest", inner);
        edge.send("{\"jsonrpc\":\"2.0\",\"id\":\"" + edge.nextJson().get("id").getAsString()
                + "\",\"result\":{\"payload\":{\"jsonrpc\":\"2.0\",\"id\":\"" + UUID.randomUUID() + "\",\"result\":{}}}}");
        wrongId.get(10, TimeUnit.SECONDS);
        assertTrue(backend.problems().getLast().reason().contains("does not echo the inner request id " + inner.id()));
    }

    @Test
    void sendRequestIsUnwrappedAndSendRawIsVerbatim() throws Exception {
        JsonRpcRequest request = JsonRpcRequest.create("subscribeSystemLog",
                JsonParser.parseString("{\"subscribe\":true}").getAsJsonObject());
        CompletableFuture<JsonRpcResponse> response = backend.sendRequest("edge0", request);
        assertEquals(JsonRpcCodec.toJson(request), edge.nextJson());
        edge.send(JsonRpcCodec.encode(JsonRpcSuccess.empty(request.id())));
        assertEquals(JsonRpcSuccess.empty(request.id()), response.get(10, TimeUnit.SECONDS));

        backend.sendRaw("edge0", "not json at all").get(10, TimeUnit.SECONDS);
        assertEquals("not json at all", edge.nextText());
    }

    @Test
    void aPendingRequestFailsWith3000WhenTheConnectionCloses() throws Exception {
        CompletableFuture<JsonRpcResponse> response = backend.sendRequest("edge0",
                JsonRpcRequest.create("getEdgeConfig", new JsonObject()));
        edge.nextText();
        edge.close();
        LocalBackendConnectionTest.assertNotConnectedFailure(response, "edge0");
    }
}
