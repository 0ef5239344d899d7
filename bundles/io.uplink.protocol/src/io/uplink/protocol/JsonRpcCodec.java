package io.uplink.protocol;

import java.io.IOException;
import java.io.StringReader;
import java.util.UUID;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reads and writes OpenEMS JSON-RPC messages with the rules every OpenEMS party applies: an object with both
 * {@code method} and {@code params} is a request (if it has an {@code id}) or a notification; otherwise
 * {@code result} makes a success and {@code error} an error response. Ids are UUID strings, params and result
 * are objects.
 */
public final class JsonRpcCodec {

    private JsonRpcCodec() {
    }

    /**
     * Parses one frame's text.
     *
     * @throws JsonRpcParseException saying what is wrong, e.g. "params must be a JSON object, got array"
     */
    @SuppressWarnings("deprecation")
    public static JsonRpcMessage parse(String text) throws JsonRpcParseException {
        if (text == null) {
            throw new JsonRpcParseException("invalid JSON: no text");
        }
        JsonElement element;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            // Lenient like OpenEMS's JsonParser.parseString; setLenient keeps Gson 2.10 (the manifest's floor) working
            reader.setLenient(true);
            element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonRpcParseException("invalid JSON: unexpected content after the top-level value");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new JsonRpcParseException("invalid JSON: " + e.getMessage(), e);
        }
        if (!element.isJsonObject()) {
            throw new JsonRpcParseException("JSON-RPC message must be a JSON object, got " + describe(element));
        }
        return fromJson(element.getAsJsonObject());
    }

    /** Interprets a JSON object as a message; see {@link #parse(String)}. */
    public static JsonRpcMessage fromJson(JsonObject json) throws JsonRpcParseException {
        if (json.has("jsonrpc")) {
            JsonElement version = json.get("jsonrpc");
            if (!isString(version) || !JsonRpcMessage.JSONRPC_VERSION.equals(version.getAsString())) {
                throw new JsonRpcParseException("jsonrpc must be \"2.0\", got " + describe(version));
            }
        }
        if (json.has("method") && json.has("params")) {
            String method = method(json);
            JsonObject params = object(json, "params");
            if (json.has("id")) {
                return new JsonRpcRequest(uuid(json), method, params, timeout(json));
            }
            return new JsonRpcNotification(method, params);
        }
        if (json.has("result")) {
            return new JsonRpcSuccess(uuid(json), object(json, "result"));
        }
        if (json.has("error")) {
            return error(json);
        }
        if (json.has("method")) {
            throw new JsonRpcParseException("has method but no params: requests and notifications need both");
        }
        if (json.has("params")) {
            throw new JsonRpcParseException("has params but no method: requests and notifications need both");
        }
        throw new JsonRpcParseException(
                "not a request, notification or response: needs method and params, result, or error");
    }

    /**
     * Interprets a JSON object that must be a request, e.g. the payload of authenticatedRpc.
     *
     * @param idRequired when false, a missing id is replaced by a random one (componentJsonApi payloads)
     */
    public static JsonRpcRequest requestFromJson(JsonObject json, boolean idRequired) throws JsonRpcParseException {
        if (!idRequired && !json.has("id") && json.has("method") && json.has("params")) {
            JsonObject withId = json.deepCopy();
            withId.addProperty("id", UUID.randomUUID().toString());
            json = withId;
        }
        JsonRpcMessage message = fromJson(json);
        if (message instanceof JsonRpcRequest request) {
            return request;
        }
        throw new JsonRpcParseException("expected a request with id, method and params, got a "
                + kind(message));
    }

    /** Compact JSON with OpenEMS's field order. */
    public static String encode(JsonRpcMessage message) {
        return toJson(message).toString();
    }

    /** The message as a JSON tree, fields in wire order. */
    public static JsonObject toJson(JsonRpcMessage message) {
        JsonObject json = new JsonObject();
        json.addProperty("jsonrpc", JsonRpcMessage.JSONRPC_VERSION);
        switch (message) {
            case JsonRpcRequest r -> {
                json.addProperty("id", r.id().toString());
                json.addProperty("method", r.method());
                json.add("params", r.params());
                if (r.timeoutSeconds() != null) {
                    json.addProperty("timeout", r.timeoutSeconds());
                }
            }
            case JsonRpcNotification n -> {
                json.addProperty("method", n.method());
                json.add("params", n.params());
            }
            case JsonRpcSuccess s -> {
                json.addProperty("id", s.id().toString());
                json.add("result", s.result());
            }
            case JsonRpcError e -> {
                json.addProperty("id", e.id().toString());
                JsonObject error = new JsonObject();
                error.addProperty("code", e.code());
                error.addProperty("message", e.message());
                error.add("data", e.data());
                json.add("error", error);
            }
        }
        return json;
    }

    /** A short description of a JSON value for error messages: "array", "object", "string \"abc\"", … */
    public static String describe(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return "null";
        }
        if (element.isJsonObject()) {
            return "object";
        }
        if (element.isJsonArray()) {
            return "array";
        }
        JsonPrimitive p = element.getAsJsonPrimitive();
        String kind = p.isString() ? "string " : p.isNumber() ? "number " : "boolean ";
        String text = p.toString();
        return kind + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }

    private static JsonRpcError error(JsonObject json) throws JsonRpcParseException {
        UUID id = uuid(json);
        JsonObject error = object(json, "error");
        JsonElement code = error.get("code");
        if (code == null) {
            throw new JsonRpcParseException("error.code is missing");
        }
        if (!isInt(code)) {
            throw new JsonRpcParseException("error.code must be an integer, got " + describe(code));
        }
        JsonElement message = error.get("message");
        if (message == null) {
            throw new JsonRpcParseException("error.message is missing");
        }
        if (!isString(message)) {
            throw new JsonRpcParseException("error.message must be a string, got " + describe(message));
        }
        JsonArray data = null;
        if (error.has("data")) {
            JsonElement d = error.get("data");
            if (!d.isJsonArray()) {
                throw new JsonRpcParseException("error.data must be a JSON array, got " + describe(d));
            }
            data = d.getAsJsonArray();
        }
        return new JsonRpcError(id, code.getAsInt(), message.getAsString(), data);
    }

    private static String method(JsonObject json) throws JsonRpcParseException {
        JsonElement method = json.get("method");
        if (!isString(method) || method.getAsString().isEmpty()) {
            throw new JsonRpcParseException("method must be a non-empty string, got " + describe(method));
        }
        return method.getAsString();
    }

    private static JsonObject object(JsonObject json, String member) throws JsonRpcParseException {
        JsonElement value = json.get(member);
        if (!value.isJsonObject()) {
            throw new JsonRpcParseException(member + " must be a JSON object, got " + describe(value));
        }
        return value.getAsJsonObject();
    }

    private static UUID uuid(JsonObject json) throws JsonRpcParseException {
        JsonElement id = json.get("id");
        if (id == null) {
            throw new JsonRpcParseException("id is missing: responses need the UUID of their request");
        }
        if (isString(id)) {
            try {
                return UUID.fromString(id.getAsString());
            } catch (IllegalArgumentException e) {
                // fall through to the common message
            }
        }
        throw new JsonRpcParseException("id must be a UUID string, got " + describe(id));
    }

    private static Integer timeout(JsonObject json) throws JsonRpcParseException {
        if (!json.has("timeout")) {
            return null;
        }
        JsonElement timeout = json.get("timeout");
        if (!isInt(timeout)) {
            throw new JsonRpcParseException("timeout must be an integer number of seconds, got " + describe(timeout));
        }
        return timeout.getAsInt();
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static boolean isInt(JsonElement e) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return false;
        }
        try {
            e.getAsJsonPrimitive().getAsBigDecimal().intValueExact();
            return true;
        } catch (ArithmeticException | NumberFormatException notInt) {
            return false;
        }
    }

    private static String kind(JsonRpcMessage message) {
        return switch (message) {
            case JsonRpcRequest r -> "request";
            case JsonRpcNotification n -> "notification";
            case JsonRpcSuccess s -> "success response";
            case JsonRpcError e -> "error response";
        };
    }
}
