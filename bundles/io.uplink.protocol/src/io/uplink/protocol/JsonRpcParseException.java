package io.uplink.protocol;

/** A text is not a valid OpenEMS JSON-RPC message; the message says precisely what is wrong. */
public final class JsonRpcParseException extends Exception {

    private static final long serialVersionUID = 1L;

    public JsonRpcParseException(String message) {
        super(message);
    }

    public JsonRpcParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
