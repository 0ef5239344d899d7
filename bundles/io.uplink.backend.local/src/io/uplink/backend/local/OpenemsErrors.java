package io.uplink.backend.local;

import java.util.UUID;

import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;

/** Builds the error replies and exceptions this Backend produces, the way OpenEMS formats them (§4). */
final class OpenemsErrors {

    private OpenemsErrors() {
    }

    static JsonRpcError reply(UUID id, OpenemsError error, Object... params) {
        return new OpenemsException(error, params).toJsonRpcError(id);
    }

    static OpenemsException notConnected(String edgeId) {
        return new OpenemsException(OpenemsError.BACKEND_EDGE_NOT_CONNECTED, edgeId);
    }
}
