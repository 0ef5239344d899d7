package io.uplink.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.JsonRpcMessage;
import io.uplink.protocol.JsonRpcNotification;
import io.uplink.protocol.JsonRpcParseException;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcSuccess;

class JsonRpcCodecTest {

    private static final String ID = "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab";

    @Test
    void methodParamsAndIdMakeARequest() throws Exception {
        JsonRpcMessage m = JsonRpcCodec.parse(
                "{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"method\":\"someMethod\",\"params\":{\"a\":1},\"timeout\":60}");
        JsonRpcRequest r = assertInstanceOf(JsonRpcRequest.class, m);
        assertEquals(UUID.fromString(ID), r.id());
        assertEquals("someMethod", r.method());
        assertEquals(1, r.params().get("a").getAsInt());
        assertEquals(60, r.timeoutSeconds());
    }

    @Test
    void requestWithoutTimeoutHasNullTimeout() throws Exception {
        JsonRpcRequest r = (JsonRpcRequest) JsonRpcCodec
                .parse("{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"method\":\"m\",\"params\":{}}");
        assertNull(r.timeoutSeconds());
    }

    @Test
    void methodAndParamsWithoutIdMakeANotification() throws Exception {
        JsonRpcMessage m = JsonRpcCodec.parse("{\"jsonrpc\":\"2.0\",\"method\":\"someNotification\",\"params\":{}}");
        JsonRpcNotification n = assertInstanceOf(JsonRpcNotification.class, m);
        assertEquals("someNotification", n.method());
        assertEquals(new JsonObject(), n.params());
    }

    @Test
    void resultMakesASuccessAndErrorAnError() throws Exception {
        JsonRpcSuccess s = assertInstanceOf(JsonRpcSuccess.class,
                JsonRpcCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"result\":{\"x\":true}}"));
        assertEquals(UUID.fromString(ID), s.id());
        assertTrue(s.result().get("x").getAsBoolean());

        JsonRpcError e = assertInstanceOf(JsonRpcError.class, JsonRpcCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":\"" + ID
                + "\",\"error\":{\"code\":2000,\"message\":\"Unable to find OpenEMS Component with ID [x]\",\"data\":[\"x\"]}}"));
        assertEquals(2000, e.code());
        assertEquals("Unable to find OpenEMS Component with ID [x]", e.message());
        assertEquals(1, e.data().size());
    }

    @Test
    void methodAndParamsWinOverResult() throws Exception {
        JsonRpcMessage m = JsonRpcCodec
                .parse("{\"id\":\"" + ID + "\",\"method\":\"m\",\"params\":{},\"result\":{}}");
        assertInstanceOf(JsonRpcRequest.class, m);
    }

    @Test
    void absentJsonrpcIsAcceptedAndErrorDataIsOptional() throws Exception {
        JsonRpcError e = (JsonRpcError) JsonRpcCodec
                .parse("{\"id\":\"" + ID + "\",\"error\":{\"code\":77,\"message\":\"custom\"}}");
        assertEquals(77, e.code());
        assertEquals(new JsonArray(), e.data());
    }

    @Test
    void badMessagesSayWhatIsWrong() {
        assertParseError("params must be a JSON object, got array",
                "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[]}");
        assertParseError("params must be a JSON object, got string \"x\"",
                "{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"method\":\"m\",\"params\":\"x\"}");
        assertParseError("result must be a JSON object, got number 42",
                "{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"result\":42}");
        assertParseError("id must be a UUID string, got number 1",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{}}");
        assertParseError("id must be a UUID string, got string \"abc\"",
                "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"result\":{}}");
        assertParseError("id must be a UUID string, got null",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":{}}");
        assertParseError("id is missing: responses need the UUID of their request",
                "{\"jsonrpc\":\"2.0\",\"result\":{}}");
        assertParseError("jsonrpc must be \"2.0\", got string \"1.0\"",
                "{\"jsonrpc\":\"1.0\",\"method\":\"m\",\"params\":{}}");
        assertParseError("method must be a non-empty string, got number 5",
                "{\"method\":5,\"params\":{}}");
        assertParseError("timeout must be an integer number of seconds, got string \"60\"",
                "{\"id\":\"" + ID + "\",\"method\":\"m\",\"params\":{},\"timeout\":\"60\"}");
        assertParseError("has method but no params: requests and notifications need both",
                "{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"method\":\"m\"}");
        assertParseError("has params but no method: requests and notifications need both",
                "{\"jsonrpc\":\"2.0\",\"params\":{}}");
        assertParseError("not a request, notification or response: needs method and params, result, or error",
                "{\"jsonrpc\":\"2.0\"}");
        assertParseError("JSON-RPC message must be a JSON object, got array", "[1,2]");
        assertParseError("JSON-RPC message must be a JSON object, got string \"hello\"", "\"hello\"");
        assertParseError("error must be a JSON object, got string \"boom\"",
                "{\"id\":\"" + ID + "\",\"error\":\"boom\"}");
        assertParseError("error.code must be an integer, got number 1.5",
                "{\"id\":\"" + ID + "\",\"error\":{\"code\":1.5,\"message\":\"m\"}}");
        assertParseError("error.message is missing", "{\"id\":\"" + ID + "\",\"error\":{\"code\":1}}");
        assertParseError("error.message must be a string, got null",
                "{\"id\":\"" + ID + "\",\"error\":{\"code\":1,\"message\":null}}");
        assertParseError("error.code is missing", "{\"id\":\"" + ID + "\",\"error\":{\"message\":\"m\"}}");
        assertParseError("error.data must be a JSON array, got object",
                "{\"id\":\"" + ID + "\",\"error\":{\"code\":1,\"message\":\"m\",\"data\":{}}}");
    }

    @Test
    void invalidJsonIsAParseError() {
        var e = assertThrows(JsonRpcParseException.class, () -> JsonRpcCodec.parse("{\"method\":"));
        assertTrue(e.getMessage().startsWith("invalid JSON: "), e.getMessage());
        e = assertThrows(JsonRpcParseException.class, () -> JsonRpcCodec.parse("{} {}"));
        assertEquals("invalid JSON: unexpected content after the top-level value", e.getMessage());
    }

    @Test
    void encodesFieldsInWireOrder() {
        UUID id = UUID.fromString(ID);
        JsonObject params = new JsonObject();
        params.addProperty("b", 2);
        params.addProperty("a", 1);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"method\":\"m\",\"params\":{\"b\":2,\"a\":1},\"timeout\":30}",
                JsonRpcCodec.encode(new JsonRpcRequest(id, "m", params, 30)));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"method\":\"m\",\"params\":{\"b\":2,\"a\":1}}",
                JsonRpcCodec.encode(new JsonRpcRequest(id, "m", params)));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"n\",\"params\":{}}",
                JsonRpcCodec.encode(new JsonRpcNotification("n", new JsonObject())));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"result\":{}}",
                JsonRpcCodec.encode(JsonRpcSuccess.empty(id)));
        JsonArray data = new JsonArray();
        data.add("x");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"error\":{\"code\":1,\"message\":\"x\",\"data\":[\"x\"]}}",
                JsonRpcCodec.encode(new JsonRpcError(id, 1, "x", data)));
    }

    @Test
    void everyKindRoundTrips() throws Exception {
        String[] texts = {
                "{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"method\":\"m\",\"params\":{\"k\":[1,{\"z\":null}]},\"timeout\":5}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"n\",\"params\":{\"s\":\"ü\\\"<>\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"result\":{\"v\":1.5}}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"error\":{\"code\":4001,\"message\":\"Unhandled JSON-RPC method [x]\",\"data\":[\"x\"]}}" };
        for (String text : texts) {
            JsonRpcMessage m = JsonRpcCodec.parse(text);
            assertEquals(text, JsonRpcCodec.encode(m));
            assertEquals(m, JsonRpcCodec.parse(JsonRpcCodec.encode(m)));
        }
    }

    @Test
    void messagesAreImmutable() {
        JsonObject params = new JsonObject();
        params.addProperty("a", 1);
        JsonRpcRequest r = JsonRpcRequest.create("m", params);
        params.addProperty("a", 2);
        r.params().addProperty("a", 3);
        assertEquals(1, r.params().get("a").getAsInt());

        JsonArray data = new JsonArray();
        JsonRpcError e = new JsonRpcError(UUID.randomUUID(), 1, "x", data);
        data.add("later");
        e.data().add("outside");
        assertEquals(0, e.data().size());
    }

    @Test
    void toStringLeavesOutParamsAndResults() {
        JsonObject params = new JsonObject();
        params.addProperty("setupPassword", "s3cret");
        UUID id = UUID.fromString(ID);
        assertEquals("JsonRpcRequest[id=" + ID + ", method=checkSetupPassword]",
                new JsonRpcRequest(id, "checkSetupPassword", params).toString());
        assertEquals("JsonRpcNotification[method=n]", new JsonRpcNotification("n", params).toString());
        assertEquals("JsonRpcSuccess[id=" + ID + "]", new JsonRpcSuccess(id, params).toString());
        assertEquals("JsonRpcError[id=" + ID + ", code=1003, message=Authentication failed]",
                new JsonRpcError(id, 1003, "Authentication failed", null).toString());
    }

    @Test
    void createUsesRandomIds() {
        JsonRpcRequest a = JsonRpcRequest.create("m", new JsonObject());
        JsonRpcRequest b = JsonRpcRequest.create("m", new JsonObject());
        assertTrue(!a.id().equals(b.id()));
        assertNull(a.timeoutSeconds());
    }

    @Test
    void requestFromJsonCanFillAMissingId() throws Exception {
        JsonObject payload = JsonParser.parseString("{\"method\":\"getChannelsOfComponent\",\"params\":{}}")
                .getAsJsonObject();
        JsonRpcRequest r = JsonRpcCodec.requestFromJson(payload, false);
        assertEquals("getChannelsOfComponent", r.method());
        var e = assertThrows(JsonRpcParseException.class, () -> JsonRpcCodec.requestFromJson(payload, true));
        assertEquals("expected a request with id, method and params, got a notification", e.getMessage());
    }

    private static void assertParseError(String expected, String text) {
        var e = assertThrows(JsonRpcParseException.class, () -> JsonRpcCodec.parse(text), text);
        assertEquals(expected, e.getMessage(), text);
    }
}
