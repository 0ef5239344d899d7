package io.uplink.backend.local;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcResponse;

/** Backend → Edge requests that still wait for their response, by request id. */
final class PendingRequests {

    /** {@code innerId} is the payload request's id of an {@code authenticatedRpc}, else null. */
    record Pending(EdgeConnection connection, JsonRpcRequest request, UUID innerId,
            CompletableFuture<JsonRpcResponse> future) {
    }

    private final Map<UUID, Pending> byId = new ConcurrentHashMap<>();

    void add(Pending pending) {
        byId.put(pending.request().id(), pending);
    }

    Pending remove(UUID id) {
        return byId.remove(id);
    }

    /** Like OpenEMS: a pending request has no timeout and fails only when its connection closes. */
    void failAllOf(EdgeConnection connection) {
        byId.values().removeIf(pending -> {
            if (pending.connection() != connection) {
                return false;
            }
            pending.future().completeExceptionally(OpenemsErrors.notConnected(connection.edgeId()));
            return true;
        });
    }

    void failAll() {
        byId.values().removeIf(pending -> {
            pending.future().completeExceptionally(OpenemsErrors.notConnected(pending.connection().edgeId()));
            return true;
        });
    }
}
