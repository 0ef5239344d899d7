package io.uplink.profile;

import java.util.Collection;

import io.uplink.core.PersistencePriority;

/**
 * Estimated bytes per day a set of channel priorities costs at each threshold. timestampedData: channels at or
 * above the threshold × values per channel and second × 86,400 s × bytes per value; aggregatedData: channels at or
 * above the threshold × 288 five-minute windows × bytes per value. Both factors are measured on the running agent
 * when it has sent data (bytes sent ÷ values sent; values sent per second ÷ channels sent); otherwise
 * {@link #ESTIMATED_BYTES_PER_VALUE} and one value per channel and cycle (every value changes every cycle: an
 * upper bound) stand in, and {@link #measured()} says so.
 */
public record TrafficEstimate(long[] channelsPerPriority, double bytesPerValue, double valuesPerChannelSecond,
        boolean measured) {

    /** A timestampedData value costs about this on the wire (address, value, JSON punctuation) without measurement. */
    public static final double ESTIMATED_BYTES_PER_VALUE = 30;
    public static final int AGGREGATION_WINDOWS_PER_DAY = 24 * 12;
    private static final int SECONDS_PER_DAY = 86_400;

    /**
     * @param priorities each channel's resolved priority
     * @param measuredBytesPerValue bytes per value sent by the running agent, or NaN when nothing was measured
     * @param measuredValuesPerChannelSecond values per second per sent channel, or NaN when nothing was measured
     * @param cycleMillis the cycle time, for the unmeasured upper bound
     */
    public static TrafficEstimate of(Collection<PersistencePriority> priorities, double measuredBytesPerValue,
            double measuredValuesPerChannelSecond, long cycleMillis) {
        long[] counts = new long[PersistencePriority.values().length];
        for (PersistencePriority priority : priorities) {
            counts[priority.rank()]++;
        }
        boolean measured = measuredBytesPerValue > 0 && measuredValuesPerChannelSecond > 0;
        return new TrafficEstimate(counts, measured ? measuredBytesPerValue : ESTIMATED_BYTES_PER_VALUE,
                measured ? measuredValuesPerChannelSecond : 1000.0 / cycleMillis, measured);
    }

    public long channels(PersistencePriority priority) {
        return this.channelsPerPriority[priority.rank()];
    }

    public long channelsAtLeast(PersistencePriority threshold) {
        long sum = 0;
        for (int rank = threshold.rank(); rank < this.channelsPerPriority.length; rank++) {
            sum += this.channelsPerPriority[rank];
        }
        return sum;
    }

    /** timestampedData bytes per day with {@code persistencePriority} at this threshold. */
    public double timestampedBytesPerDay(PersistencePriority threshold) {
        return this.channelsAtLeast(threshold) * this.valuesPerChannelSecond * SECONDS_PER_DAY * this.bytesPerValue;
    }

    /** aggregatedData bytes per day with {@code aggregationPriority} at this threshold. */
    public double aggregatedBytesPerDay(PersistencePriority threshold) {
        return this.channelsAtLeast(threshold) * (double) AGGREGATION_WINDOWS_PER_DAY * this.bytesPerValue;
    }

    /** Bytes for people: {@code 512 B}, {@code 12.3 kB}, {@code 4.1 MB}, {@code 1.2 GB} (powers of 1000). */
    public static String formatBytes(double bytes) {
        String[] units = { "B", "kB", "MB", "GB", "TB" };
        int unit = 0;
        double value = bytes;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? String.format(java.util.Locale.ROOT, "%.0f B", value)
                : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
