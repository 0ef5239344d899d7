package io.uplink.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.uplink.core.PersistencePriority;

/**
 * A persistence-priority profile as written (see {@link ProfileFormat}): ordered rules that assign a priority to
 * channels by address pattern, the three thresholds of the connector and the priority of channels that neither a
 * rule nor their source gives one. Values are text so an editor can hold invalid input; {@link #problems()} lists
 * what is wrong and {@link #compile()} gives the checked, evaluable form. Immutable.
 */
public record PriorityProfile(String name, String persistencePriority, String aggregationPriority,
        String resendPriority, String defaultPriority, List<ProfileRule> rules) {

    public static final String NAME = "name";
    public static final String PERSISTENCE_PRIORITY = "persistencePriority";
    public static final String AGGREGATION_PRIORITY = "aggregationPriority";
    public static final String RESEND_PRIORITY = "resendPriority";
    public static final String DEFAULT_PRIORITY = "defaultPriority";
    /** The fields a file must set, in the order files are written. */
    public static final List<String> PRIORITY_FIELDS = List.of(PERSISTENCE_PRIORITY, AGGREGATION_PRIORITY,
            RESEND_PRIORITY, DEFAULT_PRIORITY);

    public PriorityProfile {
        name = Objects.requireNonNullElse(name, "").strip();
        persistencePriority = Objects.requireNonNullElse(persistencePriority, "").strip();
        aggregationPriority = Objects.requireNonNullElse(aggregationPriority, "").strip();
        resendPriority = Objects.requireNonNullElse(resendPriority, "").strip();
        defaultPriority = Objects.requireNonNullElse(defaultPriority, "").strip();
        rules = List.copyOf(rules);
    }

    /** A new profile: OpenEMS's default thresholds (HIGH, LOW, HIGH), default LOW, no rules. */
    public static PriorityProfile newProfile(String name) {
        return new PriorityProfile(name, "HIGH", "LOW", "HIGH", "LOW", List.of());
    }

    /** The value of a priority field by its name (one of {@link #PRIORITY_FIELDS}). */
    public String field(String field) {
        return switch (field) {
            case PERSISTENCE_PRIORITY -> this.persistencePriority;
            case AGGREGATION_PRIORITY -> this.aggregationPriority;
            case RESEND_PRIORITY -> this.resendPriority;
            case DEFAULT_PRIORITY -> this.defaultPriority;
            case NAME -> this.name;
            default -> throw new IllegalArgumentException("no field " + field);
        };
    }

    public PriorityProfile withField(String field, String value) {
        return new PriorityProfile(field.equals(NAME) ? value : this.name,
                field.equals(PERSISTENCE_PRIORITY) ? value : this.persistencePriority,
                field.equals(AGGREGATION_PRIORITY) ? value : this.aggregationPriority,
                field.equals(RESEND_PRIORITY) ? value : this.resendPriority,
                field.equals(DEFAULT_PRIORITY) ? value : this.defaultPriority, this.rules);
    }

    public PriorityProfile withRules(List<ProfileRule> newRules) {
        return new PriorityProfile(this.name, this.persistencePriority, this.aggregationPriority, this.resendPriority,
                this.defaultPriority, newRules);
    }

    /** Everything that keeps this profile from being applied, fields first, then rules in order. */
    public List<ProfileProblem> problems() {
        List<ProfileProblem> problems = new ArrayList<>();
        for (String field : PRIORITY_FIELDS) {
            priorityProblem(this.field(field)).ifPresent(p -> problems.add(new ProfileProblem(field, -1, 0, p)));
        }
        for (int i = 0; i < this.rules.size(); i++) {
            ProfileRule rule = this.rules.get(i);
            int index = i;
            ChannelPattern.problem(rule.pattern())
                    .ifPresent(p -> problems.add(new ProfileProblem(ProfileProblem.PATTERN, index, 0, p)));
            priorityProblem(rule.priority())
                    .ifPresent(p -> problems.add(new ProfileProblem(ProfileProblem.PRIORITY, index, 0, p)));
        }
        return problems;
    }

    /**
     * The checked form.
     *
     * @throws ProfileException listing every problem
     */
    public CompiledProfile compile() throws ProfileException {
        List<ProfileProblem> problems = this.problems();
        if (!problems.isEmpty()) {
            throw new ProfileException(problems);
        }
        List<CompiledProfile.Rule> compiled = new ArrayList<>(this.rules.size());
        for (ProfileRule rule : this.rules) {
            compiled.add(new CompiledProfile.Rule(ChannelPattern.compile(rule.pattern()),
                    PersistencePriority.parse(rule.priority())));
        }
        return new CompiledProfile(this, PersistencePriority.parse(this.persistencePriority),
                PersistencePriority.parse(this.aggregationPriority), PersistencePriority.parse(this.resendPriority),
                PersistencePriority.parse(this.defaultPriority), compiled);
    }

    /** What is wrong with a priority's text, naming the accepted values; empty when it is one. */
    public static Optional<String> priorityProblem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("missing; accepted: " + acceptedPriorities());
        }
        try {
            PersistencePriority.parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("unknown priority '" + text + "'; accepted: " + acceptedPriorities());
        }
    }

    public static String acceptedPriorities() {
        return Arrays.stream(PersistencePriority.values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
