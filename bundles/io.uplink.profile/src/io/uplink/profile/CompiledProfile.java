package io.uplink.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.PersistencePriority;

/**
 * A checked profile, ready to evaluate. A channel's priority comes from layers, lowest first: the priority its
 * source declares ({@link ChannelMetadata#priorityDeclared()}), then the profile's rules, which override it (the
 * first matching rule wins); a channel with neither gets the profile's default priority. Immutable, thread-safe.
 */
public final class CompiledProfile {

    /** Where a channel's priority came from. */
    public enum Layer { RULE, SOURCE, DEFAULT }

    /** One checked rule. */
    public record Rule(ChannelPattern pattern, PersistencePriority priority) {
    }

    /**
     * The priority a channel gets and why.
     *
     * @param ruleIndex the matching rule's index (0-based) for {@link Layer#RULE}, else -1
     */
    public record Resolution(PersistencePriority priority, Layer layer, int ruleIndex) {

        /** In words for people, e.g. {@code rule 2 (_sum/Soc)}, {@code the source's own priority}. */
        public String describe(CompiledProfile profile) {
            return switch (this.layer) {
                case RULE -> "rule " + (this.ruleIndex + 1) + " (" + profile.rules.get(this.ruleIndex).pattern() + ")";
                case SOURCE -> "the source's own priority";
                case DEFAULT -> "the profile's default (no rule, no priority from the source)";
            };
        }
    }

    private final PriorityProfile source;
    private final PersistencePriority persistencePriority;
    private final PersistencePriority aggregationPriority;
    private final PersistencePriority resendPriority;
    private final PersistencePriority defaultPriority;
    private final List<Rule> rules;

    CompiledProfile(PriorityProfile source, PersistencePriority persistencePriority,
            PersistencePriority aggregationPriority, PersistencePriority resendPriority,
            PersistencePriority defaultPriority, List<Rule> rules) {
        this.source = source;
        this.persistencePriority = persistencePriority;
        this.aggregationPriority = aggregationPriority;
        this.resendPriority = resendPriority;
        this.defaultPriority = defaultPriority;
        this.rules = List.copyOf(rules);
    }

    /** The profile as written. */
    public PriorityProfile profile() {
        return this.source;
    }

    public PersistencePriority persistencePriority() {
        return this.persistencePriority;
    }

    public PersistencePriority aggregationPriority() {
        return this.aggregationPriority;
    }

    public PersistencePriority resendPriority() {
        return this.resendPriority;
    }

    public PersistencePriority defaultPriority() {
        return this.defaultPriority;
    }

    public List<Rule> rules() {
        return this.rules;
    }

    /** The connector attributes this profile sets, for {@code BackendConnector.updateConfig}. */
    public Map<String, String> thresholdChanges() {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put(PriorityProfile.PERSISTENCE_PRIORITY, this.persistencePriority.name());
        changes.put(PriorityProfile.AGGREGATION_PRIORITY, this.aggregationPriority.name());
        changes.put(PriorityProfile.RESEND_PRIORITY, this.resendPriority.name());
        return changes;
    }

    /** The priority of a channel as its source describes it. */
    public Resolution resolve(ChannelMetadata channel) {
        return this.resolve(channel.address(),
                channel.priorityDeclared() ? Optional.of(channel.priority()) : Optional.empty());
    }

    /** The priority of an address whose source declares {@code sourcePriority} (empty: none). */
    public Resolution resolve(ChannelAddress address, Optional<PersistencePriority> sourcePriority) {
        for (int i = 0; i < this.rules.size(); i++) {
            Rule rule = this.rules.get(i);
            if (rule.pattern().matches(address)) {
                return new Resolution(rule.priority(), Layer.RULE, i);
            }
        }
        return sourcePriority.map(p -> new Resolution(p, Layer.SOURCE, -1))
                .orElseGet(() -> new Resolution(this.defaultPriority, Layer.DEFAULT, -1));
    }

    /** The channels with the priorities this profile gives them; same order, unmodifiable. */
    public List<ChannelMetadata> apply(List<ChannelMetadata> channels) {
        List<ChannelMetadata> result = new ArrayList<>(channels.size());
        for (ChannelMetadata channel : channels) {
            PersistencePriority priority = this.resolve(channel).priority();
            result.add(channel.priorityDeclared() && priority == channel.priority() ? channel
                    : channel.withPriority(priority));
        }
        return List.copyOf(result);
    }

    @Override
    public String toString() {
        return "CompiledProfile[" + this.source.name() + ", " + this.rules.size() + " rules]";
    }
}
