package io.uplink.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The profile file: UTF-8 text, one entry per line, documented in {@code docs/profiles.md}.
 *
 * <pre>
 * name = Battery commissioning
 * persistencePriority = HIGH
 * aggregationPriority = LOW
 * resendPriority = HIGH
 * defaultPriority = LOW
 * rule ess?/Soc = VERY_HIGH     # state of charge in every cycle
 * rule _sum/* = HIGH
 * </pre>
 *
 * Lines starting with {@code #} and blank lines are ignored; a {@code #} after whitespace starts a comment (on a
 * rule line it is kept as the rule's note). Rules keep their order: the first whose pattern matches decides.
 * Structural mistakes (an unknown field, a field given twice, a line that is neither) are errors naming the line;
 * invalid values (an unknown priority, an invalid pattern, a missing field) are read as written and reported by
 * {@link Parsed#problems()}, so an editor can open the file and show them.
 */
public final class ProfileFormat {
    /** The file name extension the workbench uses for profiles. */
    public static final String EXTENSION = "uplinkprofile";
    private static final String RULE = "rule";
    private static final List<String> FIELDS = List.of(PriorityProfile.NAME, PriorityProfile.PERSISTENCE_PRIORITY,
            PriorityProfile.AGGREGATION_PRIORITY, PriorityProfile.RESEND_PRIORITY, PriorityProfile.DEFAULT_PRIORITY);

    private ProfileFormat() {
    }

    /**
     * A file as read, with the line of each field and rule so problems can name it.
     *
     * @param fieldLines the line of each field that was present
     * @param ruleLines the line of each rule, aligned with {@code profile().rules()}
     */
    public record Parsed(PriorityProfile profile, Map<String, Integer> fieldLines, List<Integer> ruleLines) {

        /** The profile's problems with the line they are on (a missing field has none). */
        public List<ProfileProblem> problems() {
            List<ProfileProblem> located = new ArrayList<>();
            for (ProfileProblem problem : this.profile.problems()) {
                int line = problem.isRuleProblem() ? this.ruleLines.get(problem.ruleIndex())
                        : this.fieldLines.getOrDefault(problem.field(), 0);
                located.add(new ProfileProblem(problem.field(), problem.ruleIndex(), line, problem.message()));
            }
            return located;
        }
    }

    /**
     * Reads a profile's text.
     *
     * @throws ProfileException for a structural mistake, naming the line
     */
    public static Parsed parse(String text) throws ProfileException {
        Map<String, String> fields = new HashMap<>();
        Map<String, Integer> fieldLines = new LinkedHashMap<>();
        List<ProfileRule> rules = new ArrayList<>();
        List<Integer> ruleLines = new ArrayList<>();
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String comment = "";
            int commentStart = commentStart(line);
            if (commentStart >= 0) {
                comment = line.substring(commentStart + 1).strip();
                line = line.substring(0, commentStart).strip();
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw syntax(lineNumber, "expected 'FIELD = VALUE' or 'rule PATTERN = PRIORITY', found '" + line + "'");
            }
            String key = line.substring(0, equals).strip();
            if (isRule(key)) {
                int last = line.lastIndexOf('=');
                rules.add(new ProfileRule(line.substring(RULE.length(), last), line.substring(last + 1), comment));
                ruleLines.add(lineNumber);
                continue;
            }
            String field = canonicalField(key);
            if (field == null) {
                throw syntax(lineNumber, "unknown field '" + key + "'; accepted: " + String.join(", ", FIELDS)
                        + ", and 'rule PATTERN = PRIORITY'");
            }
            if (fields.containsKey(field)) {
                throw syntax(lineNumber, "field '" + field + "' is given twice (first on line "
                        + fieldLines.get(field) + ")");
            }
            fields.put(field, line.substring(equals + 1).strip());
            fieldLines.put(field, lineNumber);
        }
        PriorityProfile profile = new PriorityProfile(fields.get(PriorityProfile.NAME),
                fields.get(PriorityProfile.PERSISTENCE_PRIORITY), fields.get(PriorityProfile.AGGREGATION_PRIORITY),
                fields.get(PriorityProfile.RESEND_PRIORITY), fields.get(PriorityProfile.DEFAULT_PRIORITY), rules);
        return new Parsed(profile, fieldLines, ruleLines);
    }

    /**
     * Reads a profile file and checks it completely.
     *
     * @throws ProfileException naming the file, the line and every problem
     * @throws IOException if the file cannot be read
     */
    public static CompiledProfile load(Path file) throws IOException, ProfileException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            Parsed parsed = parse(text);
            List<ProfileProblem> problems = parsed.problems();
            if (!problems.isEmpty()) {
                throw new ProfileException(file.toString(), problems);
            }
            return parsed.profile().compile();
        } catch (ProfileException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new ProfileException(file.toString(), e.problems());
        }
    }

    /** The profile as file text; invalid values are written as they are, so nothing typed is lost. */
    public static String format(PriorityProfile profile) {
        StringBuilder text = new StringBuilder();
        text.append("# Uplink persistence-priority profile (format: docs/profiles.md)\n");
        text.append(PriorityProfile.NAME).append(" = ").append(profile.name()).append('\n');
        for (String field : PriorityProfile.PRIORITY_FIELDS) {
            text.append(field).append(" = ").append(profile.field(field)).append('\n');
        }
        text.append("\n# rules in order: the first whose pattern matches a channel's address decides its priority\n");
        int width = profile.rules().stream().mapToInt(r -> r.pattern().length()).max().orElse(0);
        for (ProfileRule rule : profile.rules()) {
            StringBuilder line = new StringBuilder(RULE).append(' ')
                    .append(String.format(Locale.ROOT, "%-" + Math.max(width, 1) + "s", rule.pattern()))
                    .append(" = ").append(rule.priority());
            if (!rule.note().isEmpty()) {
                line.append("   # ").append(rule.note());
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** Writes to a temporary file, then renames: a crash never leaves half a profile. */
    public static void write(Path file, PriorityProfile profile) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = parent.resolve(file.getFileName() + ".tmp");
        Files.writeString(temporary, format(profile), StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isRule(String key) {
        return key.equals(RULE) || key.startsWith(RULE) && Character.isWhitespace(key.charAt(RULE.length()));
    }

    /** Field names are matched ignoring case, as people type them; files are written in the documented case. */
    private static String canonicalField(String key) {
        return FIELDS.stream().filter(f -> f.equalsIgnoreCase(key)).findFirst().orElse(null);
    }

    /** A '#' that follows whitespace; a '#' inside a word stays part of it. */
    private static int commentStart(String line) {
        for (int i = 1; i < line.length(); i++) {
            if (line.charAt(i) == '#' && Character.isWhitespace(line.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    private static ProfileException syntax(int line, String message) {
        return new ProfileException(List.of(new ProfileProblem("syntax", -1, line, message)));
    }
}
