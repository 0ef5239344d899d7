package io.uplink.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.uplink.core.ChannelAddress;

class ChannelAddressTest {

    @Test
    void parsesAndFormatsOpenemsAddresses() {
        for (String text : new String[] { "_sum/EssSoc", "meter0/ActivePower", "ctrlBackend0/_PropertyUri",
                "load0/Value104", "_meta/Version" }) {
            ChannelAddress address = ChannelAddress.parse(text);
            assertEquals(text, address.toString());
        }
        ChannelAddress address = ChannelAddress.parse("ctrlBackend0/_PropertyUri");
        assertEquals("ctrlBackend0", address.componentId());
        assertEquals("_PropertyUri", address.channelId());
        assertEquals(new ChannelAddress("ctrlBackend0", "_PropertyUri"), address);
    }

    @Test
    void rejectsMissingSlash() {
        var e = assertThrows(IllegalArgumentException.class, () -> ChannelAddress.parse("meter0ActivePower"));
        assertEquals("Channel address [meter0ActivePower] has no '/': expected <componentId>/<channelId>",
                e.getMessage());
    }

    @Test
    void rejectsSecondSlash() {
        var e = assertThrows(IllegalArgumentException.class, () -> ChannelAddress.parse("a/b/c"));
        assertEquals("Channel address [a/b/c] has more than one '/': expected <componentId>/<channelId>",
                e.getMessage());
    }

    @Test
    void rejectsEmptyParts() {
        var e = assertThrows(IllegalArgumentException.class, () -> ChannelAddress.parse("/EssSoc"));
        assertEquals("Channel address [/EssSoc]: component id is empty", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChannelAddress.parse("_sum/"));
        assertEquals("Channel address [_sum/]: channel id is empty", e.getMessage());
    }

    @Test
    void rejectsWhitespace() {
        var e = assertThrows(IllegalArgumentException.class, () -> ChannelAddress.parse("meter0/Active Power"));
        assertEquals("Channel address [meter0/Active Power]: channel id [Active Power] contains whitespace",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChannelAddress.parse(" meter0/ActivePower"));
        assertTrue(e.getMessage().contains("component id [ meter0] contains whitespace"), e.getMessage());
    }

    @Test
    void constructorValidatesToo() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ChannelAddress("a/b", "C"));
        assertEquals("component id [a/b] contains '/'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ChannelAddress(null, "C"));
    }
}
