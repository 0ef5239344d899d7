package io.uplink.profile.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.uplink.core.PersistencePriority;
import io.uplink.profile.CompiledProfile;
import io.uplink.profile.PriorityProfile;
import io.uplink.profile.ProfileException;
import io.uplink.profile.ProfileFormat;
import io.uplink.profile.ProfileProblem;
import io.uplink.profile.ProfileRule;

class ProfileFormatTest {
    static final String EXAMPLE = """
            # Battery commissioning
            name = Battery commissioning
            persistencePriority = HIGH
            aggregationPriority = low
            resendPriority = HIGH
            defaultPriority = LOW

            rule ess*/Soc = VERY_HIGH     # state of charge in every cycle
            rule _sum/*   = HIGH
            rule meter?/Voltage* = VERY_LOW
            """;

    @TempDir
    Path directory;

    @Test
    void readsFieldsAndRulesInOrderWithNotes() throws Exception {
        ProfileFormat.Parsed parsed = ProfileFormat.parse(EXAMPLE);
        PriorityProfile profile = parsed.profile();
        assertEquals("Battery commissioning", profile.name());
        assertEquals("low", profile.aggregationPriority());
        assertEquals(List.of(new ProfileRule("ess*/Soc", "VERY_HIGH", "state of charge in every cycle"),
                new ProfileRule("_sum/*", "HIGH"), new ProfileRule("meter?/Voltage*", "VERY_LOW")), profile.rules());
        assertEquals(List.of(8, 9, 10), parsed.ruleLines());
        assertEquals(List.of(), parsed.problems());
        CompiledProfile compiled = profile.compile();
        assertEquals(PersistencePriority.LOW, compiled.aggregationPriority());
        assertEquals(3, compiled.rules().size());
    }

    @Test
    void writesWhatItReads() throws Exception {
        PriorityProfile profile = ProfileFormat.parse(EXAMPLE).profile();
        String written = ProfileFormat.format(profile);
        assertEquals(profile, ProfileFormat.parse(written).profile());
        assertTrue(written.contains("rule ess*/Soc        = VERY_HIGH   # state of charge in every cycle"), written);
    }

    @Test
    void invalidValuesAreKeptAndNamedWithTheirLine() throws Exception {
        String text = """
                name = x
                persistencePriority = HIHG
                aggregationPriority = LOW
                defaultPriority = LOW
                rule ess0 = HIGH
                rule _sum/* = HIGHEST
                """;
        ProfileFormat.Parsed parsed = ProfileFormat.parse(text);
        List<String> problems = parsed.problems().stream().map(ProfileProblem::toString).toList();
        assertEquals(List.of(
                "line 2: persistencePriority: unknown priority 'HIHG'; accepted: VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH",
                "resendPriority: missing; accepted: VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH",
                "line 5: rule 1 pattern: pattern 'ess0' has no '/'; expected <component>/<channel>, e.g. ess0/* or */ess0",
                "line 6: rule 2 priority: unknown priority 'HIGHEST'; accepted: VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH"),
                problems);
        // nothing typed is lost: the editor saves invalid values as they are
        assertEquals(parsed.profile(), ProfileFormat.parse(ProfileFormat.format(parsed.profile())).profile());
    }

    @Test
    void structuralMistakesNameTheLine() {
        ProfileException unknown = assertThrows(ProfileException.class,
                () -> ProfileFormat.parse("name = a\npersistence = HIGH\n"));
        assertEquals("line 2: syntax: unknown field 'persistence'; accepted: name, persistencePriority, "
                + "aggregationPriority, resendPriority, defaultPriority, and 'rule PATTERN = PRIORITY'", unknown.getMessage());
        ProfileException twice = assertThrows(ProfileException.class,
                () -> ProfileFormat.parse("name = a\n# c\nname = b\n"));
        assertEquals("line 3: syntax: field 'name' is given twice (first on line 1)", twice.getMessage());
        ProfileException noEquals = assertThrows(ProfileException.class,
                () -> ProfileFormat.parse("\r\nrule ess0/Soc HIGH\r\n"));
        assertEquals("line 2: syntax: expected 'FIELD = VALUE' or 'rule PATTERN = PRIORITY', found 'rule ess0/Soc HIGH'",
                noEquals.getMessage());
    }

    @Test
    void loadNamesTheFileAndRefusesProblems() throws Exception {
        Path file = Files.writeString(directory.resolve("bad.uplinkprofile"), EXAMPLE.replace("= HIGH\n", "= HIGHER\n"));
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileFormat.load(file));
        assertTrue(e.getMessage().startsWith(file + ": line 3: persistencePriority: unknown priority 'HIGHER'"),
                e.getMessage());

        Path good = directory.resolve("sub/good.uplinkprofile");
        ProfileFormat.write(good, ProfileFormat.parse(EXAMPLE).profile());
        assertEquals(3, ProfileFormat.load(good).rules().size());
    }
}
