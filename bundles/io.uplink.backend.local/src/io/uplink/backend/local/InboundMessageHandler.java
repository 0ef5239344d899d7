package io.uplink.backend.local;

import java.util.UUID;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.uplink.backend.local.EdgeMessageValidator.DataRows;
import io.uplink.backend.local.EdgeMessageValidator.InvalidContentException;
import io.uplink.backend.local.PendingRequests.Pending;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcMessage;
import io.uplink.protocol.JsonRpcNotification;
import io.uplink.protocol.JsonRpcParseException;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcResponse;
import io.uplink.protocol.JsonRpcSuccess;
import io.uplink.protocol.OpenemsError;

/**
 * Handles one text frame from an Edge: frames it, checks its content, updates the Edge's state, records
 * it and answers requests. Runs on the connection's reading thread, so frames of one connection are
 * handled (and requests answered) strictly in arrival order.
 */
final class InboundMessageHandler {

    private final LocalBackend backend;
    private final EdgeMessageValidator validator;

    InboundMessageHandler(LocalBackend backend, EdgeMessageValidator validator) {
        this.backend = backend;
        this.validator = validator;
    }

    void handle(EdgeConnection connection, String text) {
        long receivedAt = System.currentTimeMillis();
        int bytes = utf8Length(text);
        JsonRpcMessage message;
        try {
            message = JsonRpcCodec.parse(text);
        } catch (JsonRpcParseException | RuntimeException e) {
            backend.addProblem(connection.edgeId(), "invalid JSON-RPC frame: " + e.getMessage(), text);
            return;
        }
        String strictViolation = StrictJsonCheck.violation(text);
        if (strictViolation != null) {
            // OpenEMS's lenient parser takes it, so it is processed; still, no correct sender produces it
            backend.addProblem(connection.edgeId(), strictViolation, text);
        }
        switch (message) {
        case JsonRpcNotification notification -> onNotification(connection, notification, text, receivedAt, bytes);
        case JsonRpcRequest request -> onRequest(connection, request, text, receivedAt, bytes);
        case JsonRpcResponse response -> onResponse(connection, response, text, receivedAt, bytes);
        }
    }

    private void onNotification(EdgeConnection connection, JsonRpcNotification notification, String text,
            long receivedAt, int bytes) {
        String edgeId = connection.edgeId();
        EdgeState edge = backend.edge(edgeId);
        JsonObject params = notification.params();
        int valueCount = 0;
        try {
            switch (notification.method()) {
            case "timestampedData" -> {
                DataRows data = validator.timestampedData(params);
                edge.storeCurrentData(data);
                valueCount = data.valueCount();
            }
            case "aggregatedData" -> {
                DataRows data = validator.aggregatedData(params);
                edge.storeAggregatedData(data);
                valueCount = data.valueCount();
            }
            // the real Backend leaves its caches alone for resendData (§5.4)
            case "resendData" -> valueCount = validator.resendData(params).valueCount();
            case "edgeConfig" -> {
                validator.edgeConfig(params);
                edge.storeEdgeConfig(params);
            }
            case "systemLog" -> validator.systemLog(params);
            case "logMessage" -> validator.logMessage(params);
            default -> throw new InvalidContentException("unknown notification method '" + notification.method()
                    + "' (an OpenEMS Backend only logs it)");
            }
        } catch (InvalidContentException e) {
            backend.addProblem(edgeId, e.getMessage(), text);
        }
        backend.record(new ReceivedMessage(edgeId, receivedAt, notification.method(), notification, bytes),
                valueCount);
    }

    private void onRequest(EdgeConnection connection, JsonRpcRequest request, String text, long receivedAt,
            int bytes) {
        String edgeId = connection.edgeId();
        if (request.timeoutSeconds() != null) {
            backend.addProblem(edgeId, "request '" + request.method() + "' has a timeout of " + request.timeoutSeconds()
                    + " s; an Edge's own requests carry none", text);
        }
        JsonRpcResponse reply;
        if (request.method().equals("checkSetupPassword")) {
            reply = checkSetupPassword(edgeId, request, text);
        } else {
            // appCenter, oauthRegistry and any barrier method: nothing behind them here (§5.8, backlog §5)
            reply = OpenemsErrors.reply(request.id(), OpenemsError.JSONRPC_UNHANDLED_METHOD, request.method());
        }
        backend.record(new ReceivedMessage(edgeId, receivedAt, request.method(), request, bytes), 0);
        connection.send(JsonRpcCodec.encode(reply));
    }

    private JsonRpcResponse checkSetupPassword(String edgeId, JsonRpcRequest request, String text) {
        String expected = backend.setupPassword(edgeId);
        try {
            String given = validator.setupPassword(request.params());
            if (expected != null && expected.equals(given)) {
                return new JsonRpcSuccess(request.id(), new JsonObject());
            }
        } catch (InvalidContentException e) {
            backend.addProblem(edgeId, e.getMessage(), text);
        }
        return OpenemsErrors.reply(request.id(), OpenemsError.COMMON_AUTHENTICATION_FAILED);
    }

    private void onResponse(EdgeConnection connection, JsonRpcResponse response, String text, long receivedAt,
            int bytes) {
        String edgeId = connection.edgeId();
        Pending pending = backend.pendingRequests().remove(response.id());
        if (pending == null) {
            backend.addProblem(edgeId, "response without request: id " + response.id()
                    + " matches no pending Backend request", text);
            backend.record(new ReceivedMessage(edgeId, receivedAt, ReceivedMessage.UNMATCHED_RESPONSE, response,
                    bytes), 0);
            return;
        }
        String requestEdgeId = pending.connection().edgeId();
        if (!requestEdgeId.equals(edgeId)) {
            backend.addProblem(edgeId, "response " + response.id() + " came from edge '" + edgeId
                    + "' but the request went to edge '" + requestEdgeId + "'", text);
        }
        if (pending.innerId() != null && response instanceof JsonRpcSuccess success) {
            checkAuthenticatedRpcResult(edgeId, pending.innerId(), success.result(), text);
        }
        backend.record(new ReceivedMessage(edgeId, receivedAt, pending.request().method(), response, bytes), 0);
        pending.future().complete(response);
    }

    /** §7.1: a success wraps the complete inner response, echoing the inner id, under {@code payload}. */
    private void checkAuthenticatedRpcResult(String edgeId, UUID innerId, JsonObject result, String text) {
        JsonElement payload = result.get("payload");
        String problem = null;
        if (payload == null || !payload.isJsonObject()) {
            problem = "authenticatedRpc response: result.payload must be the inner response object, is "
                    + EdgeMessageValidator.describe(payload);
        } else {
            try {
                JsonRpcMessage inner = JsonRpcCodec.parse(payload.toString());
                if (!(inner instanceof JsonRpcSuccess innerSuccess)) {
                    problem = "authenticatedRpc response: result.payload is not a success response"
                            + " (OpenEMS sends inner errors unwrapped, with the outer id)";
                } else if (!innerSuccess.id().equals(innerId)) {
                    problem = "authenticatedRpc response: result.payload.id " + innerSuccess.id()
                            + " does not echo the inner request id " + innerId;
                }
            } catch (JsonRpcParseException | RuntimeException e) {
                problem = "authenticatedRpc response: result.payload is not a JSON-RPC response: " + e.getMessage();
            }
        }
        if (problem != null) {
            backend.addProblem(edgeId, problem, text);
        }
    }

    static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
