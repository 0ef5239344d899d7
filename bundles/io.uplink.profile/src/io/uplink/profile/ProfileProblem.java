package io.uplink.profile;

/**
 * Something that keeps a profile from being applied.
 *
 * @param field the field at fault ({@code persistencePriority}, … ) or {@link #PATTERN} / {@link #PRIORITY} of a rule
 * @param ruleIndex the rule's index (0-based) for a rule's problem, -1 for a field of the profile itself
 * @param line the file's line (1-based) when the profile was read from a file and the place is known, else 0
 * @param message what is wrong and what is accepted
 */
public record ProfileProblem(String field, int ruleIndex, int line, String message) {
    public static final String PATTERN = "pattern";
    public static final String PRIORITY = "priority";

    public boolean isRuleProblem() {
        return this.ruleIndex >= 0;
    }

    /** The place and the problem in one line, e.g. {@code line 9: rule 2 priority: unknown priority 'HIHG' …}. */
    @Override
    public String toString() {
        String place = this.ruleIndex >= 0 ? "rule " + (this.ruleIndex + 1) + " " + this.field : this.field;
        return (this.line > 0 ? "line " + this.line + ": " : "") + place + ": " + this.message;
    }
}
