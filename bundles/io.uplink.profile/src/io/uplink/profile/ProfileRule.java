package io.uplink.profile;

import java.util.Objects;

/**
 * One rule as written: channels whose address matches {@code pattern} get {@code priority}. Kept as text so an
 * editor can hold a rule that is not valid yet; {@link PriorityProfile#problems()} says what is wrong.
 *
 * @param note a free remark for people (the rule line's trailing comment), {@code ""} if none
 */
public record ProfileRule(String pattern, String priority, String note) {

    public ProfileRule {
        pattern = Objects.requireNonNullElse(pattern, "").strip();
        priority = Objects.requireNonNullElse(priority, "").strip();
        note = Objects.requireNonNullElse(note, "").strip().replaceAll("[\\r\\n]+", " ");
    }

    public ProfileRule(String pattern, String priority) {
        this(pattern, priority, "");
    }

    public ProfileRule withPattern(String value) {
        return new ProfileRule(value, this.priority, this.note);
    }

    public ProfileRule withPriority(String value) {
        return new ProfileRule(this.pattern, value, this.note);
    }

    public ProfileRule withNote(String value) {
        return new ProfileRule(this.pattern, this.priority, value);
    }
}
