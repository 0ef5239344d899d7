package io.uplink.edge.openems.internal;

import com.google.gson.JsonObject;

/** A JSON-RPC error from the Edge, with OpenEMS's code (1003 authentication failed, 2000 no such component, …). */
public final class EdgeRpcException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final int GENERIC = 1;
    public static final int NOT_AUTHENTICATED = 1001;
    public static final int AUTHENTICATION_FAILED = 1003;
    public static final int COMPONENT_NOT_FOUND = 2000;

    private final int code;

    public EdgeRpcException(int code, String message) {
        super(message);
        this.code = code;
    }

    static EdgeRpcException of(JsonObject error) {
        int code = error.has("code") && error.get("code").isJsonPrimitive() ? error.get("code").getAsInt() : GENERIC;
        String message = error.has("message") && error.get("message").isJsonPrimitive()
                ? error.get("message").getAsString() : "error " + code;
        return new EdgeRpcException(code, message);
    }

    public int code() {
        return this.code;
    }

    /** The Edge has no such method (older Edges, or a method moved between versions). */
    public boolean isUndefinedMethod() {
        return this.code == GENERIC && getMessage().contains("not defined");
    }
}
