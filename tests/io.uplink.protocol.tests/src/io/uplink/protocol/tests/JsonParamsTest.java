package io.uplink.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.uplink.protocol.JsonParams;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;

class JsonParamsTest {

    private static final JsonObject J = JsonParser.parseString("{\"s\":\"text\",\"i\":42,\"is\":\"17\",\"f\":1.5,"
            + "\"b\":true,\"bs\":\"false\",\"o\":{\"x\":1},\"a\":[1],\"n\":null,"
            + "\"u\":\"6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab\"}").getAsJsonObject();

    @Test
    void readsRequiredMembers() throws OpenemsException {
        assertEquals("text", JsonParams.getString(J, "s"));
        assertEquals(42, JsonParams.getInt(J, "i"));
        assertEquals(17, JsonParams.getInt(J, "is"));
        assertTrue(JsonParams.getBoolean(J, "b"));
        assertFalse(JsonParams.getBoolean(J, "bs"));
        assertEquals(1, JsonParams.getObject(J, "o").get("x").getAsInt());
        assertEquals(1, JsonParams.getArray(J, "a").size());
        assertTrue(JsonParams.getElement(J, "n").isJsonNull());
        assertEquals(UUID.fromString("6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab"), JsonParams.getUuid(J, "u"));
    }

    @Test
    void optionalMembersTreatMissingAndNullAlike() throws OpenemsException {
        assertTrue(JsonParams.optString(J, "missing").isEmpty());
        assertTrue(JsonParams.optString(J, "n").isEmpty());
        assertEquals("text", JsonParams.optString(J, "s").orElseThrow());
        assertTrue(JsonParams.optInt(J, "missing").isEmpty());
        assertEquals(42, JsonParams.optInt(J, "i").getAsInt());
        assertTrue(JsonParams.optBoolean(J, "missing").isEmpty());
        assertTrue(JsonParams.optObject(J, "n").isEmpty());
        assertTrue(JsonParams.optArray(J, "missing").isEmpty());
    }

    @Test
    void missingMemberIsJsonHasNoMember() {
        OpenemsException e = assertThrows(OpenemsException.class, () -> JsonParams.getString(J, "componentId"));
        assertEquals(OpenemsError.JSON_HAS_NO_MEMBER, e.error());
        assertTrue(e.getMessage().startsWith("JSON [componentId] is not a member of [{\"s\":\"text\""),
                e.getMessage());
    }

    @Test
    void wrongTypesUseTheMatchingJsonError() {
        assertError(OpenemsError.JSON_NO_STRING_MEMBER, "JSON [i:42] is not a String member",
                () -> JsonParams.getString(J, "i"));
        assertError(OpenemsError.JSON_NO_STRING_MEMBER, "JSON [n:null] is not a String member",
                () -> JsonParams.getString(J, "n"));
        assertError(OpenemsError.JSON_NO_INTEGER_MEMBER, "JSON [f:1.5] is not an Integer",
                () -> JsonParams.getInt(J, "f"));
        assertError(OpenemsError.JSON_NO_INTEGER_MEMBER, "JSON [s:\"text\"] is not an Integer",
                () -> JsonParams.getInt(J, "s"));
        assertError(OpenemsError.JSON_NO_BOOLEAN_MEMBER, "JSON [i:42] is not a Boolean member",
                () -> JsonParams.getBoolean(J, "i"));
        assertError(OpenemsError.JSON_NO_ARRAY_MEMBER, "JSON [o:{\"x\":1}] is not JSON-Array",
                () -> JsonParams.getArray(J, "o"));
        assertError(OpenemsError.JSON_NO_UUID_MEMBER, "JSON [s:\"text\"] is not a UUID member",
                () -> JsonParams.getUuid(J, "s"));
        assertError(OpenemsError.JSON_NO_STRING_MEMBER, "JSON [i:42] is not a String member",
                () -> JsonParams.optString(J, "i"));
        OpenemsException e = assertThrows(OpenemsException.class, () -> JsonParams.getObject(J, "a"));
        assertEquals(OpenemsError.JSON_NO_OBJECT_MEMBER, e.error());
        assertTrue(e.getMessage().startsWith("JSON [a] ist not a member of JSON-Object ["), e.getMessage());
    }

    @Test
    void shortJsonCutsLongText() {
        JsonObject big = new JsonObject();
        big.addProperty("k", "x".repeat(500));
        String s = JsonParams.shortJson(big);
        assertEquals(100, s.length());
        assertTrue(s.endsWith("..."));
    }

    private interface Call {
        void run() throws OpenemsException;
    }

    private static void assertError(OpenemsError error, String message, Call call) {
        OpenemsException e = assertThrows(OpenemsException.class, call::run);
        assertEquals(error, e.error());
        assertEquals(message, e.getMessage());
    }
}
