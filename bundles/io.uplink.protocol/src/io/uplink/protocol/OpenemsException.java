package io.uplink.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

/** An {@link OpenemsError} with its parameters; becomes a JSON-RPC error response. */
public class OpenemsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final OpenemsError error;
    private final int code;
    private final transient List<String> args;

    public OpenemsException(OpenemsError error, Object... args) {
        this(error, error.code(), toStrings(args), error.format(args), null);
    }

    private OpenemsException(OpenemsError error, int code, List<String> args, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
        this.code = code;
        this.args = args;
    }

    /** A GENERIC error (code 1) whose message is the text. */
    public static OpenemsException generic(String text) {
        return new OpenemsException(OpenemsError.GENERIC, text);
    }

    /** The same error with a cause attached, for logs. */
    public static OpenemsException withCause(OpenemsError error, Throwable cause, Object... args) {
        return new OpenemsException(error, error.code(), toStrings(args), error.format(args), cause);
    }

    /**
     * The exception a received error response stands for. Code, message and data are kept as received, even
     * when the code is unknown here (then {@link #error()} is GENERIC).
     */
    public static OpenemsException fromJsonRpcError(JsonRpcError response) {
        JsonArray data = response.data();
        String[] args = new String[data.size()];
        for (int i = 0; i < args.length; i++) {
            JsonElement e = data.get(i);
            args[i] = e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : e.toString();
        }
        return new OpenemsException(response.error(), response.code(), List.of(args), response.message(), null);
    }

    public OpenemsError error() {
        return this.error;
    }

    /** The wire code; differs from {@code error().code()} only for codes unknown to {@link OpenemsError}. */
    public int code() {
        return this.code;
    }

    /** The message parameters as strings. */
    public List<String> args() {
        return this.args;
    }

    /** The error response to the request with this id: data holds the parameters as JSON strings. */
    public JsonRpcError toJsonRpcError(UUID id) {
        JsonArray data = new JsonArray();
        for (String arg : this.args) {
            data.add(arg);
        }
        return new JsonRpcError(id, this.code, this.getMessage(), data);
    }

    private static List<String> toStrings(Object[] args) {
        if (args == null) {
            return List.of();
        }
        return Arrays.stream(args).map(String::valueOf).toList();
    }
}
