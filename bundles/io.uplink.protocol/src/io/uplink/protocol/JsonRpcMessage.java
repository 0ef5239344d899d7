package io.uplink.protocol;

/** One JSON-RPC 2.0 object as exchanged between Edge and Backend; see {@link JsonRpcCodec}. */
public sealed interface JsonRpcMessage permits JsonRpcRequest, JsonRpcNotification, JsonRpcResponse {

    String JSONRPC_VERSION = "2.0";
}
