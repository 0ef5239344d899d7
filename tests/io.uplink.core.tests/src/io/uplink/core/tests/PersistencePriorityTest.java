package io.uplink.core.tests;

import static io.uplink.core.PersistencePriority.HIGH;
import static io.uplink.core.PersistencePriority.LOW;
import static io.uplink.core.PersistencePriority.MEDIUM;
import static io.uplink.core.PersistencePriority.VERY_HIGH;
import static io.uplink.core.PersistencePriority.VERY_LOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.uplink.core.PersistencePriority;

class PersistencePriorityTest {

    @Test
    void ranksFollowOpenems() {
        assertEquals(0, VERY_LOW.rank());
        assertEquals(1, LOW.rank());
        assertEquals(2, MEDIUM.rank());
        assertEquals(3, HIGH.rank());
        assertEquals(4, VERY_HIGH.rank());
    }

    @Test
    void isAtLeastComparesRanks() {
        assertTrue(VERY_HIGH.isAtLeast(HIGH));
        assertTrue(HIGH.isAtLeast(HIGH));
        assertFalse(MEDIUM.isAtLeast(HIGH));
        assertTrue(LOW.isAtLeast(LOW));
        assertFalse(VERY_LOW.isAtLeast(LOW));
        for (PersistencePriority p : PersistencePriority.values()) {
            assertTrue(p.isAtLeast(VERY_LOW));
        }
    }

    @Test
    void parsesCaseInsensitively() {
        assertEquals(HIGH, PersistencePriority.parse("high"));
        assertEquals(VERY_HIGH, PersistencePriority.parse(" Very_High "));
        assertEquals(VERY_LOW, PersistencePriority.parse("VERY_LOW"));
    }

    @Test
    void parseErrorListsAcceptedValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> PersistencePriority.parse("HIGHEST"));
        assertEquals("Unknown persistence priority [HIGHEST]; accepted values: VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PersistencePriority.parse(null));
        assertTrue(e.getMessage().startsWith("Unknown persistence priority [null]"));
    }
}
