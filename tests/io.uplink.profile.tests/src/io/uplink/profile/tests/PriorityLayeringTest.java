package io.uplink.profile.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.profile.ChannelPattern;
import io.uplink.profile.CompiledProfile;
import io.uplink.profile.CompiledProfile.Layer;
import io.uplink.profile.PriorityProfile;
import io.uplink.profile.ProfileRule;

/** Layers, lowest first: the source's own priority, the rules (first match wins), the default for the rest. */
class PriorityLayeringTest {

    static final ChannelMetadata DECLARED = ChannelMetadata.of("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT,
            PersistencePriority.MEDIUM);
    static final ChannelMetadata UNDECLARED = ChannelMetadata.builder(ChannelAddress.parse("io0/Relay1"),
            OpenemsType.BOOLEAN).build();
    static final ChannelMetadata SOC = ChannelMetadata.of("ess0/Soc", OpenemsType.INTEGER, Unit.PERCENT,
            PersistencePriority.LOW);

    static CompiledProfile profile() throws Exception {
        return new PriorityProfile("p", "HIGH", "LOW", "HIGH", "VERY_LOW", List.of(new ProfileRule("ess*/Soc", "VERY_HIGH"),
                new ProfileRule("ess0/*", "VERY_LOW"), new ProfileRule("_sum/*", "HIGH"))).compile();
    }

    @Test
    void ruleOverridesTheSourceFirstMatchWins() throws Exception {
        CompiledProfile.Resolution soc = profile().resolve(SOC);
        assertEquals(new CompiledProfile.Resolution(PersistencePriority.VERY_HIGH, Layer.RULE, 0), soc);
        assertEquals("rule 1 (ess*/Soc)", soc.describe(profile()));
    }

    @Test
    void withoutARuleTheSourcesPriorityStays() throws Exception {
        assertEquals(new CompiledProfile.Resolution(PersistencePriority.MEDIUM, Layer.SOURCE, -1), profile().resolve(DECLARED));
    }

    @Test
    void neitherRuleNorSourceGivesTheDefault() throws Exception {
        assertFalse(UNDECLARED.priorityDeclared(), "a builder without priority() declares none");
        assertEquals(PersistencePriority.LOW, UNDECLARED.priority(), "OpenEMS's LOW still stands without a profile");
        assertEquals(new CompiledProfile.Resolution(PersistencePriority.VERY_LOW, Layer.DEFAULT, -1), profile().resolve(UNDECLARED));
        assertEquals(Layer.DEFAULT, profile().resolve(ChannelAddress.parse("x0/Y"), Optional.empty()).layer());
    }

    @Test
    void applyKeepsOrderAndUnchangedChannels() throws Exception {
        List<ChannelMetadata> applied = profile().apply(List.of(DECLARED, UNDECLARED, SOC));
        assertSame(DECLARED, applied.get(0));
        assertEquals(PersistencePriority.VERY_LOW, applied.get(1).priority());
        assertTrue(applied.get(1).priorityDeclared());
        assertEquals(PersistencePriority.VERY_HIGH, applied.get(2).priority());
        assertEquals(Map.of("persistencePriority", "HIGH", "aggregationPriority", "LOW", "resendPriority", "HIGH"),
                profile().thresholdChanges());
    }

    @Test
    void patternsMatchWithinTheirPartOnly() {
        ChannelPattern pattern = ChannelPattern.compile("ess*/Soc");
        assertTrue(pattern.matches(ChannelAddress.parse("ess0/Soc")));
        assertTrue(pattern.matches(ChannelAddress.parse("ess/Soc")));
        assertFalse(pattern.matches(ChannelAddress.parse("ess0/SocX")));
        assertFalse(pattern.matches(ChannelAddress.parse("Ess0/Soc")), "ids are case-sensitive");
        assertTrue(ChannelPattern.compile("*/*").matches(ChannelAddress.parse("a/b")));
        assertTrue(ChannelPattern.compile("meter?/V.1").matches(ChannelAddress.parse("meter1/V.1")));
        assertFalse(ChannelPattern.compile("meter?/V.1").matches(ChannelAddress.parse("meter1/Vx1")), ". is literal");
        assertEquals(Optional.of("pattern 'ess[0-9]/Soc' contains '['; patterns know only * and ?"),
                ChannelPattern.problem("ess[0-9]/Soc"));
        assertEquals(Optional.of("pattern 'a/b/c' has more than one '/'"), ChannelPattern.problem("a/b/c"));
        assertEquals(Optional.of("pattern '/Soc' has an empty component part; use * to match any"), ChannelPattern.problem("/Soc"));
        assertTrue(ChannelPattern.problem("ess 0/Soc").get().contains("whitespace"));
    }
}
