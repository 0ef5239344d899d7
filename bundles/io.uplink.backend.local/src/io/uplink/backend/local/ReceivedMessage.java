package io.uplink.backend.local;

import com.google.gson.JsonObject;

import io.uplink.protocol.JsonRpcMessage;
import io.uplink.protocol.JsonRpcNotification;
import io.uplink.protocol.JsonRpcRequest;

/**
 * One JSON-RPC message an Edge sent, recorded after it was framed successfully (also when its content
 * was then found malformed; see {@link LocalBackend#problems()}). For a response, {@code method} is the
 * method of the request it answers, or {@link #UNMATCHED_RESPONSE} when it answers none.
 */
public record ReceivedMessage(String edgeId, long receivedAtMillis, String method, JsonRpcMessage message,
        int bytes) {

    public static final String UNMATCHED_RESPONSE = "(response without request)";

    /** The params of a request or notification; {@code null} for a response. */
    public JsonObject params() {
        return switch (message) {
        case JsonRpcNotification notification -> notification.params();
        case JsonRpcRequest request -> request.params();
        default -> null;
        };
    }

    public boolean isNotification(String notificationMethod) {
        return message instanceof JsonRpcNotification && method.equals(notificationMethod);
    }
}
