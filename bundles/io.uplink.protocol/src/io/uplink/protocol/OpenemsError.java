package io.uplink.protocol;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** OpenEMS error codes with OpenEMS's message templates; the code and formatted text go into JSON-RPC errors. */
public enum OpenemsError {
    GENERIC(1, "%s"),

    COMMON_NO_VALID_CHANNEL_ADDRESS(1000, "This [%s] is not a valid channel address"),
    COMMON_USER_NOT_AUTHENTICATED(1001, "User is not authenticated. [%s]"),
    COMMON_ROLE_ACCESS_DENIED(1002, "Access to this resource [%s] is denied for User with Role [%s]"),
    COMMON_AUTHENTICATION_FAILED(1003, "Authentication failed"),
    COMMON_USER_UNDEFINED(1004, "User [%s] is not defined"),
    COMMON_ROLE_UNDEFINED(1005, "Access to this resource [%s] is denied. Role for User [%s] is not defined"),
    COMMON_SERVICE_NOT_AVAILABLE(1006, "Service not available"),

    EDGE_NO_COMPONENT_WITH_ID(2000, "Unable to find OpenEMS Component with ID [%s]"),
    EDGE_MULTIPLE_COMPONENTS_WITH_ID(2001, "Found more than one OpenEMS Component with ID [%s]"),
    EDGE_UNABLE_TO_APPLY_CONFIG(2002, "Unable to apply configuration to Component [%s]: [%s]"),
    EDGE_UNABLE_TO_CREATE_CONFIG(2003, "Unable to create configuration for Factory [%s]: [%s]"),
    EDGE_UNABLE_TO_DELETE_CONFIG(2004, "Unable to delete configuration for Component [%s]: [%s]"),
    EDGE_CHANNEL_NO_OPTION(2005, "Channel has no Option [%s]. Existing options: %s"),

    BACKEND_EDGE_NOT_CONNECTED(3000, "Edge [%s] is not connected"),
    BACKEND_UI_TOKEN_MISSING(3001, "Token for UI connection is missing"),
    BACKEND_NO_UI_WITH_TOKEN(3002, "No open connection with Token [%s]"),

    JSONRPC_ID_NOT_UNIQUE(4000, "A Request with this ID [%s] had already been existing"),
    JSONRPC_UNHANDLED_METHOD(4001, "Unhandled JSON-RPC method [%s]"),
    JSONRPC_INVALID_MESSAGE(4002, "JSON-RPC Message is not a valid Request, Result or Notification: %s"),
    JSONRPC_RESPONSE_WITHOUT_REQUEST(4003, "Got Response without Request: %s"),
    JSONRPC_SEND_FAILED(4004, "Send failed"),
    JSONRPC_TOO_MANY_REQUESTS(4005, "Too many requests"),

    JSON_HAS_NO_MEMBER(5000, "JSON [%s] is not a member of [%s]"),
    JSON_NO_INTEGER_MEMBER(5001, "JSON [%s:%s] is not an Integer"),
    JSON_NO_OBJECT(5002, "JSON [%s] is not a JSON-Object"),
    JSON_NO_OBJECT_MEMBER(5003, "JSON [%s] ist not a member of JSON-Object [%s]"),
    JSON_NO_PRIMITIVE(5004, "JSON [%s] is not a JSON-Primitive"),
    JSON_NO_PRIMITIVE_MEMBER(5005, "JSON [%s] is not a JSON-Primitive member of JSON-Object [%s]"),
    JSON_NO_ARRAY(5006, "JSON [%s] is not JSON-Array"),
    JSON_NO_ARRAY_MEMBER(5007, "JSON [%s:%s] is not JSON-Array"),
    JSON_NO_DATE_MEMBER(5008, "JONS [%s:%s] is not a Date. Error: %s"),
    JSON_NO_STRING(5009, "JSON [%s] is not a String"),
    JSON_NO_STRING_MEMBER(5010, "JSON [%s:%s] is not a String member"),
    JSON_NO_BOOLEAN(5011, "JSON [%s] is not a Boolean"),
    JSON_NO_BOOLEAN_MEMBER(5012, "JSON [%s:%s] is not a Boolean member"),
    JSON_NO_NUMBER(5013, "JSON [%s] is not a Number"),
    JSON_NO_NUMBER_MEMBER(5014, "JSON [%s:%s] is not a Number member"),
    JSON_PARSE_ELEMENT_FAILED(5015, "JSON failed to parse [%s]. %s: %s"),
    JSON_PARSE_FAILED(5016, "JSON failed to parse [%s]: %s"),
    JSON_NO_ENUM_MEMBER(5018, "JSON [%s:%s] is not an Enum member"),
    JSON_NO_INTEGER(5019, "JSON [%s] is not an Integer"),
    JSON_NO_INET4ADDRESS(5020, "JSON [%s] is not an IPv4 address"),
    JSON_NO_ENUM(5021, "JSON [%s] is not an Enum"),
    JSON_NO_FLOAT(5022, "JSON [%s] is not a Float"),
    JSON_NO_SHORT(5023, "JSON [%s] is not a Short"),
    JSON_NO_SHORT_MEMBER(5024, "JSON [%s:%s] is not a Short member"),
    JSON_NO_LONG(5025, "JSON [%s] is not a Long"),
    JSON_NO_LONG_MEMBER(5026, "JSON [%s:%s] is not a Long member"),
    JSON_NO_DOUBLE(5027, "JSON [%s] is not a Double"),
    JSON_NO_DOUBLE_MEMBER(5028, "JSON [%s:%s] is not a Double member"),
    JSON_NO_STRING_ARRAY(5029, "JSON [%s] is not a String Array"),
    JSON_NO_FLOAT_MEMBER(5030, "JSON [%s:%s] is not a Float member"),
    JSON_NO_INET4ADDRESS_MEMBER(5031, "JSON [%s:%s] is not a IPv4 address member"),
    JSON_NO_UUID(5032, "JSON [%s] is not a UUID"),
    JSON_NO_UUID_MEMBER(5033, "JSON [%s:%s] is not a UUID member");

    private static final Map<Integer, OpenemsError> BY_CODE = new HashMap<>();

    static {
        for (OpenemsError error : values()) {
            if (BY_CODE.putIfAbsent(error.code, error) != null) {
                throw new ExceptionInInitializerError("Duplicate OpenEMS error code " + error.code);
            }
        }
    }

    private final int code;
    private final String template;
    private final int paramCount;

    OpenemsError(int code, String template) {
        this.code = code;
        this.template = template;
        this.paramCount = template.split("%s", -1).length - 1;
    }

    public int code() {
        return this.code;
    }

    public String template() {
        return this.template;
    }

    /** How many {@code %s} parameters the template expects. */
    public int paramCount() {
        return this.paramCount;
    }

    /**
     * Fills the template. Missing parameters become {@code ""} and extra ones are ignored, so a mistake in a
     * caller never turns an error report into a crash.
     */
    public String format(Object... args) {
        Object[] filled = args == null ? new Object[0] : args;
        if (filled.length < this.paramCount) {
            filled = Arrays.copyOf(filled, this.paramCount);
            Arrays.fill(filled, args == null ? 0 : args.length, this.paramCount, "");
        }
        return String.format(this.template, filled);
    }

    /** The error with this code; GENERIC for codes OpenEMS does not define (as OpenEMS itself falls back). */
    public static OpenemsError fromCode(int code) {
        return BY_CODE.getOrDefault(code, GENERIC);
    }

    public OpenemsException exception(Object... args) {
        return new OpenemsException(this, args);
    }
}
