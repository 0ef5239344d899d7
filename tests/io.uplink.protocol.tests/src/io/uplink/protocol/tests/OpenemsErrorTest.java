package io.uplink.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;

import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;
import io.uplink.protocol.Role;

class OpenemsErrorTest {

    private static final UUID ID = UUID.fromString("6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab");

    @Test
    void codesMatchOpenems() {
        assertEquals(1, OpenemsError.GENERIC.code());
        assertEquals(1000, OpenemsError.COMMON_NO_VALID_CHANNEL_ADDRESS.code());
        assertEquals(1002, OpenemsError.COMMON_ROLE_ACCESS_DENIED.code());
        assertEquals(1003, OpenemsError.COMMON_AUTHENTICATION_FAILED.code());
        assertEquals(1006, OpenemsError.COMMON_SERVICE_NOT_AVAILABLE.code());
        assertEquals(2000, OpenemsError.EDGE_NO_COMPONENT_WITH_ID.code());
        assertEquals(2005, OpenemsError.EDGE_CHANNEL_NO_OPTION.code());
        assertEquals(3000, OpenemsError.BACKEND_EDGE_NOT_CONNECTED.code());
        assertEquals(4001, OpenemsError.JSONRPC_UNHANDLED_METHOD.code());
        assertEquals(4004, OpenemsError.JSONRPC_SEND_FAILED.code());
        assertEquals(4005, OpenemsError.JSONRPC_TOO_MANY_REQUESTS.code());
        assertEquals(5000, OpenemsError.JSON_HAS_NO_MEMBER.code());
        assertEquals(5033, OpenemsError.JSON_NO_UUID_MEMBER.code());
        Set<Integer> codes = new HashSet<>();
        for (OpenemsError e : OpenemsError.values()) {
            assertTrue(codes.add(e.code()), "duplicate code " + e.code());
        }
    }

    @Test
    void formatsTemplates() {
        assertEquals("Access to this resource [setChannelValue] is denied for User with Role [OWNER]",
                OpenemsError.COMMON_ROLE_ACCESS_DENIED.format("setChannelValue", "OWNER"));
        assertEquals("Unable to find OpenEMS Component with ID [meter9]",
                OpenemsError.EDGE_NO_COMPONENT_WITH_ID.format("meter9"));
        assertEquals("Unhandled JSON-RPC method [foo]", OpenemsError.JSONRPC_UNHANDLED_METHOD.format("foo"));
        assertEquals("free text with 100% load", OpenemsError.GENERIC.format("free text with 100% load"));
        assertEquals("Edge [edge0] is not connected", OpenemsError.BACKEND_EDGE_NOT_CONNECTED.format("edge0"));
        assertEquals(2, OpenemsError.COMMON_ROLE_ACCESS_DENIED.paramCount());
        assertEquals(0, OpenemsError.JSONRPC_SEND_FAILED.paramCount());
    }

    @Test
    void formatToleratesWrongParameterCounts() {
        assertEquals("Access to this resource [x] is denied for User with Role []",
                OpenemsError.COMMON_ROLE_ACCESS_DENIED.format("x"));
        assertEquals("Send failed", OpenemsError.JSONRPC_SEND_FAILED.format("ignored"));
    }

    @Test
    void unknownCodesFallBackToGeneric() {
        assertEquals(OpenemsError.EDGE_NO_COMPONENT_WITH_ID, OpenemsError.fromCode(2000));
        assertEquals(OpenemsError.GENERIC, OpenemsError.fromCode(9999));
        assertEquals(OpenemsError.GENERIC, OpenemsError.fromCode(-32601));
    }

    @Test
    void roleDenialEncodesExactlyAsTheProtocolDocShows() {
        var e = assertThrows(OpenemsException.class,
                () -> Role.OWNER.assertIsAtLeast("setChannelValue", Role.ADMIN));
        assertEquals(OpenemsError.COMMON_ROLE_ACCESS_DENIED, e.error());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab\",\"error\":{\"code\":1002,"
                + "\"message\":\"Access to this resource [setChannelValue] is denied for User with Role [OWNER]\","
                + "\"data\":[\"setChannelValue\",\"OWNER\"]}}", JsonRpcCodec.encode(e.toJsonRpcError(ID)));
    }

    @Test
    void genericErrorCarriesTheTextAsData() {
        JsonRpcError error = OpenemsException.generic("Endpoint with method \"foo\" is not defined!")
                .toJsonRpcError(ID);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + ID + "\",\"error\":{\"code\":1,"
                + "\"message\":\"Endpoint with method \\\"foo\\\" is not defined!\","
                + "\"data\":[\"Endpoint with method \\\"foo\\\" is not defined!\"]}}", JsonRpcCodec.encode(error));
    }

    @Test
    void argumentsBecomeJsonStrings() {
        JsonRpcError error = OpenemsError.EDGE_UNABLE_TO_APPLY_CONFIG.exception("meter0", 42).toJsonRpcError(ID);
        assertEquals("[\"meter0\",\"42\"]", error.data().toString());
        assertEquals("Unable to apply configuration to Component [meter0]: [42]", error.message());
    }

    @Test
    void receivedErrorsKeepCodeAndMessage() {
        JsonArray data = new JsonArray();
        data.add("edge0");
        OpenemsException known = OpenemsException
                .fromJsonRpcError(new JsonRpcError(ID, 3000, "Edge [edge0] is not connected", data));
        assertEquals(OpenemsError.BACKEND_EDGE_NOT_CONNECTED, known.error());
        assertEquals(List.of("edge0"), known.args());

        OpenemsException unknown = OpenemsException.fromJsonRpcError(new JsonRpcError(ID, 7777, "odd", null));
        assertEquals(OpenemsError.GENERIC, unknown.error());
        assertEquals(7777, unknown.code());
        assertEquals("odd", unknown.getMessage());
        assertEquals(7777, unknown.toJsonRpcError(ID).code(), "passes the code through unchanged");
    }

    @Test
    void rolesRankAdminHighest() {
        assertTrue(Role.ADMIN.isAtLeast(Role.INSTALLER));
        assertTrue(Role.INSTALLER.isAtLeast(Role.OWNER));
        assertTrue(Role.OWNER.isAtLeast(Role.GUEST));
        assertTrue(Role.OWNER.isAtLeast(Role.OWNER));
        assertFalse(Role.GUEST.isAtLeast(Role.OWNER));
        assertFalse(Role.INSTALLER.isAtLeast(Role.ADMIN));
    }

    @Test
    void rolesParseFromLowerCaseWireForm() {
        assertEquals(Role.ADMIN, Role.fromWire("admin"));
        assertEquals(Role.INSTALLER, Role.fromWire("INSTALLER"));
        assertEquals(Role.OWNER, Role.fromWire("owner"));
        assertEquals(Role.GUEST, Role.fromWire("guest"));
        assertEquals(Role.GUEST, Role.fromWire("superuser"));
        assertEquals(Role.GUEST, Role.fromWire(null));
        assertEquals("installer", Role.INSTALLER.toWire());
    }
}
