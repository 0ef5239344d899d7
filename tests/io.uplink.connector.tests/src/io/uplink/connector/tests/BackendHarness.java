package io.uplink.connector.tests;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.uplink.connector.internal.BackendRequestHandler;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcParseException;
import io.uplink.protocol.JsonRpcRequest;

/** A handler over an {@link InMemoryEdge} that records its refusal log lines, plus request builders. */
final class BackendHarness {

    static final String A = "6f1c0000-0000-4000-8000-00000000000a";
    static final String B = "6f1c0000-0000-4000-8000-00000000000b";
    static final String C = "6f1c0000-0000-4000-8000-00000000000c";

    final InMemoryEdge edge;
    final List<String> log = new CopyOnWriteArrayList<>();
    final BackendRequestHandler handler;

    BackendHarness() {
        this(new InMemoryEdge());
    }

    BackendHarness(InMemoryEdge edge) {
        this(edge, Runnable::run, Duration.ofSeconds(5));
    }

    BackendHarness(InMemoryEdge edge, Executor executor, Duration maxWait) {
        this.edge = edge;
        this.handler = new BackendRequestHandler(edge, executor, maxWait, this.log::add);
    }

    /** The handler's answer to a request frame, encoded as it goes on the wire. */
    String call(String requestText) {
        try {
            return JsonRpcCodec.encode(this.handler.handle((JsonRpcRequest) JsonRpcCodec.parse(requestText)));
        } catch (JsonRpcParseException e) {
            throw new AssertionError("test request is not a valid JSON-RPC request: " + e.getMessage(), e);
        }
    }

    JsonObject callJson(String requestText) {
        return JsonParser.parseString(this.call(requestText)).getAsJsonObject();
    }

    /** Calls {@code method} with {@code params} (JSON text) through authenticatedRpc as a user with this role. */
    String call(String role, String method, String params) {
        return this.call(authenticated(role, inner(method, params)));
    }

    JsonObject callJson(String role, String method, String params) {
        return JsonParser.parseString(this.call(role, method, params)).getAsJsonObject();
    }

    static String inner(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    static String authenticated(String role, String payload) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"method\":\"authenticatedRpc\",\"params\":{\"user\":"
                + "{\"id\":\"jane\",\"name\":\"Jane Doe\",\"language\":\"DE\",\"role\":\"" + role + "\"},\"payload\":"
                + payload + "}}";
    }

    /** componentJsonApi params for a component, its payload carrying id C. */
    static String componentApi(String componentId, String method, String params) {
        return "{\"componentId\":\"" + componentId + "\",\"payload\":{\"jsonrpc\":\"2.0\",\"id\":\"" + C
                + "\",\"method\":\"" + method + "\",\"params\":" + params + "}}";
    }

    /** The success frame for authenticatedRpc: the inner result wrapped once, both ids echoed. */
    static String wrapped(String innerId, String innerResult) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"result\":{\"payload\":{\"jsonrpc\":\"2.0\",\"id\":\""
                + innerId + "\",\"result\":" + innerResult + "}}}";
    }

    /** An error frame with the outer id, code, message and data [params...]. */
    static String error(int code, String message, String... data) {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        JsonArray array = new JsonArray();
        for (String d : data) {
            array.add(d);
        }
        error.add("data", array);
        JsonObject json = new JsonObject();
        json.addProperty("jsonrpc", "2.0");
        json.addProperty("id", A);
        json.add("error", error);
        return json.toString();
    }

    /** JSON written with single quotes for readability: {@code q("{'id':1}")} is {@code {"id":1}}. */
    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static int code(JsonObject response) {
        return response.getAsJsonObject("error").get("code").getAsInt();
    }

    static String message(JsonObject response) {
        return response.getAsJsonObject("error").get("message").getAsString();
    }
}
