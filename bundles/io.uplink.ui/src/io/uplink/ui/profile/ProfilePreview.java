package io.uplink.ui.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.uplink.agent.AgentControl;
import io.uplink.connector.AgentStatus;
import io.uplink.connector.ChannelRow;
import io.uplink.connector.StatusSnapshot;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.PersistencePriority;
import io.uplink.profile.CompiledProfile;
import io.uplink.profile.PriorityProfile;
import io.uplink.profile.ProfileException;
import io.uplink.profile.TrafficEstimate;

/**
 * The profile editor's live preview against the running agent's channels: how many channels get each priority,
 * how many each rule decides, which rule decides a typed channel, and the estimated bytes per day at each
 * threshold ({@link TrafficEstimate}, with bytes per value and values per channel-second measured on the agent).
 * Computed off the UI thread; one instance per editor keeps the previous sample for the rates.
 */
public final class ProfilePreview {

    /**
     * One preview.
     *
     * @param estimate null without a running agent or with a profile that has problems
     * @param ruleMatches per rule, the channels it decides (empty when there is no estimate)
     * @param message why there is no estimate, or how the bytes were estimated
     * @param channelResult which priority the typed channel gets and why; "" when nothing is typed
     */
    public record Frame(TrafficEstimate estimate, int[] ruleMatches, String message, String channelResult) {
    }

    private long lastNanos;
    private long lastValues = -1;
    private double valuesPerSecond = Double.NaN;

    public Frame compute(PriorityProfile profile, String typedChannel, Optional<AgentControl> control,
            Optional<AgentStatus> status) {
        CompiledProfile compiled;
        try {
            compiled = profile.compile();
        } catch (ProfileException e) {
            return new Frame(null, new int[0], "No preview while the profile has problems.", "");
        }
        if (control.isEmpty() || status.isEmpty()) {
            return new Frame(null, new int[0], "No preview: no agent is running in this workbench.",
                    channelResult(compiled, typedChannel, List.of()));
        }
        List<ChannelMetadata> channels = control.get().sourceChannels();
        int[] ruleMatches = new int[compiled.rules().size()];
        List<PersistencePriority> priorities = new ArrayList<>(channels.size());
        for (ChannelMetadata channel : channels) {
            CompiledProfile.Resolution resolution = compiled.resolve(channel);
            priorities.add(resolution.priority());
            if (resolution.layer() == CompiledProfile.Layer.RULE) {
                ruleMatches[resolution.ruleIndex()]++;
            }
        }
        StatusSnapshot snapshot = status.get().snapshot();
        StatusSnapshot.Counters counters = snapshot.counters();
        sample(counters.valuesSent());
        double bytesPerValue = counters.valuesSent() == 0 ? Double.NaN : (double) counters.bytesSent() / counters.valuesSent();
        long sentChannels = sentChannels(status.get().channelTable(), control.get().config().persistencePriority());
        double perChannel = sentChannels == 0 ? Double.NaN : valuesPerSecond / sentChannels;
        TrafficEstimate estimate = TrafficEstimate.of(priorities, bytesPerValue, perChannel,
                control.get().config().cycleTime());
        String basis = estimate.measured()
                ? String.format(Locale.ROOT, "%,d channels. Bytes per day measured on the agent: %.1f B per value, "
                        + "%.3f values per channel and second.", channels.size(), estimate.bytesPerValue(),
                        estimate.valuesPerChannelSecond())
                : String.format(Locale.ROOT, "%,d channels. Bytes per day estimated (nothing measured yet): %.0f B per "
                        + "value, every value in every cycle (an upper bound).", channels.size(), estimate.bytesPerValue());
        return new Frame(estimate, ruleMatches, basis, channelResult(compiled, typedChannel, channels));
    }

    private void sample(long valuesSent) {
        long now = System.nanoTime();
        if (lastValues >= 0 && now - lastNanos >= 500_000_000L) {
            valuesPerSecond = (valuesSent - lastValues) / ((now - lastNanos) / 1e9);
            lastValues = valuesSent;
            lastNanos = now;
        } else if (lastValues < 0) {
            lastValues = valuesSent;
            lastNanos = now;
        }
    }

    private static long sentChannels(List<ChannelRow> rows, PersistencePriority threshold) {
        return rows.stream().filter(row -> row.channel().priority().isAtLeast(threshold)).count();
    }

    /** E.g. {@code ess0/Soc → VERY_HIGH by rule 1 (ess*}{@code /Soc)}. */
    static String channelResult(CompiledProfile profile, String typed, List<ChannelMetadata> channels) {
        String text = typed == null ? "" : typed.strip();
        if (text.isEmpty()) {
            return "";
        }
        ChannelAddress address;
        try {
            address = ChannelAddress.parse(text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        Optional<ChannelMetadata> known = channels.stream().filter(c -> c.address().equals(address)).findFirst();
        CompiledProfile.Resolution resolution = known.map(profile::resolve)
                .orElseGet(() -> profile.resolve(address, Optional.empty()));
        return address + " → " + resolution.priority() + " by " + resolution.describe(profile)
                + (known.isPresent() || channels.isEmpty() ? "" : " (not a channel of the running agent)");
    }
}
