package io.uplink.protocol;

import java.util.UUID;

/** The answer to a {@link JsonRpcRequest}, matched by {@link #id()}. */
public sealed interface JsonRpcResponse extends JsonRpcMessage permits JsonRpcSuccess, JsonRpcError {

    UUID id();
}
