package io.uplink.connector.internal;

import java.util.Arrays;

import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelValues;
import io.uplink.core.OpenemsType;

/**
 * Running aggregates of one 5-minute window per channel, in a {@link ChannelLayout}'s order, so a window costs a
 * few numbers per channel instead of 300 stored snapshots. Computes what OpenEMS computes from its value
 * history (§6.3): average (max if cumulated) of FLOAT/DOUBLE as a double; of BOOLEAN/SHORT/INTEGER/LONG rounded
 * with {@link Math#round(double)}; the first STRING; the most frequent enum value, a tie going to the tied value
 * seen last. Undefined values do not count. Not thread-safe: the {@link Aggregator} guards it.
 */
final class AggregationWindow {

    private static final byte FLOATING = 0;
    private static final byte INTEGRAL = 1;
    private static final byte TEXT = 2;
    private static final byte ENUM = 3;

    private final ChannelLayout layout;
    private final byte[] kinds;
    private final boolean[] cumulated;
    private final int[] counts;
    // FLOAT/DOUBLE sums use the compensated summation of DoubleStream.average(), so results match OpenEMS
    private final double[] sums;
    private final double[] compensations;
    private final double[] doubleMax;
    // integral sums are exact; after an overflow the channel continues in sums[] as a double
    private final long[] longSums;
    private final boolean[] overflowed;
    private final long[] longMax;
    private final Object[] firstText;
    private final EnumTally[] tallies;
    private int sequence;

    AggregationWindow(ChannelLayout layout) {
        this.layout = layout;
        int size = layout.size();
        this.kinds = new byte[size];
        this.cumulated = new boolean[size];
        this.counts = new int[size];
        this.sums = new double[size];
        this.compensations = new double[size];
        this.doubleMax = new double[size];
        this.longSums = new long[size];
        this.overflowed = new boolean[size];
        this.longMax = new long[size];
        this.firstText = new Object[size];
        this.tallies = new EnumTally[size];
        for (int k = 0; k < size; k++) {
            ChannelMetadata channel = layout.channel(k);
            this.kinds[k] = kindOf(channel);
            this.cumulated[k] = channel.unit().isCumulated();
            if (this.kinds[k] == ENUM) {
                this.tallies[k] = new EnumTally();
            }
        }
    }

    private static byte kindOf(ChannelMetadata channel) {
        if (channel.isEnum()) {
            return ENUM;
        }
        if (channel.type() == OpenemsType.STRING) {
            return TEXT;
        }
        return channel.type().isFloatingPoint() ? FLOATING : INTEGRAL;
    }

    ChannelLayout layout() {
        return this.layout;
    }

    /** Forgets all samples, for the next window. */
    void reset() {
        Arrays.fill(this.counts, 0);
        Arrays.fill(this.sums, 0);
        Arrays.fill(this.compensations, 0);
        Arrays.fill(this.longSums, 0);
        Arrays.fill(this.overflowed, false);
        Arrays.fill(this.firstText, null);
        for (EnumTally tally : this.tallies) {
            if (tally != null) {
                tally.size = 0;
            }
        }
        this.sequence = 0;
    }

    /** Adds one sample per channel, values in layout order; null and non-finite values do not count. */
    void addAll(Object[] values) {
        int seq = ++this.sequence;
        for (int k = 0; k < values.length; k++) {
            Object value = values[k];
            if (value != null) {
                this.add(k, value, seq);
            }
        }
    }

    private void add(int k, Object value, int seq) {
        switch (this.kinds[k]) {
            case FLOATING -> {
                double d = value instanceof Double x ? x : toDouble(value);
                if (Double.isFinite(d)) {
                    this.addDouble(k, d);
                }
            }
            case INTEGRAL -> {
                Long l = value instanceof Long x ? x : toLong(value);
                if (l != null) {
                    this.addLong(k, l);
                }
            }
            case ENUM -> {
                Long l = value instanceof Long x ? x : toLong(value);
                if (l != null) {
                    this.counts[k]++;
                    this.tallies[k].add(l, seq);
                }
            }
            default -> {
                if (this.counts[k]++ == 0) {
                    this.firstText[k] = value.toString();
                }
            }
        }
    }

    private void addDouble(int k, double d) {
        if (this.counts[k]++ == 0 || d > this.doubleMax[k]) {
            this.doubleMax[k] = d;
        }
        double tmp = d - this.compensations[k];
        double sum = this.sums[k];
        double velvel = sum + tmp;
        this.compensations[k] = (velvel - sum) - tmp;
        this.sums[k] = velvel;
    }

    private void addLong(int k, long l) {
        if (this.counts[k]++ == 0 || l > this.longMax[k]) {
            this.longMax[k] = l;
        }
        if (this.overflowed[k]) {
            this.sums[k] += l;
            return;
        }
        long sum = this.longSums[k] + l;
        // overflow iff both operands have the sign opposite to the result (Math.addExact's test)
        if (((this.longSums[k] ^ sum) & (l ^ sum)) < 0) {
            this.overflowed[k] = true;
            this.sums[k] = (double) this.longSums[k] + l;
        } else {
            this.longSums[k] = sum;
        }
    }

    /** The aggregate of channel k over the samples so far: Double, Long, String, or null without samples. */
    Object result(int k) {
        int count = this.counts[k];
        if (count == 0) {
            return null;
        }
        return switch (this.kinds[k]) {
            case FLOATING -> this.cumulated[k] ? this.doubleMax[k]
                    : (this.sums[k] - this.compensations[k]) / count;
            case INTEGRAL -> {
                if (this.cumulated[k]) {
                    yield this.longMax[k];
                }
                double sum = this.overflowed[k] ? this.sums[k] : (double) this.longSums[k];
                yield Math.round(sum / count);
            }
            case ENUM -> this.tallies[k].mode();
            default -> this.firstText[k];
        };
    }

    /**
     * This window's samples carried over to another layout by address; channels whose kind changed, and new
     * channels, start empty.
     */
    AggregationWindow remapTo(ChannelLayout target) {
        AggregationWindow copy = new AggregationWindow(target);
        copy.sequence = this.sequence;
        for (int k = 0; k < target.size(); k++) {
            int j = this.layout.indexOf(target.addresses()[k]);
            if (j < 0 || this.kinds[j] != copy.kinds[k] || this.cumulated[j] != copy.cumulated[k]) {
                continue;
            }
            copy.counts[k] = this.counts[j];
            copy.sums[k] = this.sums[j];
            copy.compensations[k] = this.compensations[j];
            copy.doubleMax[k] = this.doubleMax[j];
            copy.longSums[k] = this.longSums[j];
            copy.overflowed[k] = this.overflowed[j];
            copy.longMax[k] = this.longMax[j];
            copy.firstText[k] = this.firstText[j];
            if (this.tallies[j] != null) {
                copy.tallies[k] = this.tallies[j].copy();
            }
        }
        return copy;
    }

    private static double toDouble(Object value) {
        try {
            Object d = ChannelValues.normalize(OpenemsType.DOUBLE, value);
            return d == null ? Double.NaN : (Double) d;
        } catch (IllegalArgumentException e) {
            // a value that does not fit the channel type is skipped, as OpenEMS skips it
            return Double.NaN;
        }
    }

    private static Long toLong(Object value) {
        try {
            return (Long) ChannelValues.normalize(OpenemsType.LONG, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Counts per enum value with the sample number of its last occurrence; enums have few values. */
    private static final class EnumTally {
        private long[] values = new long[4];
        private int[] counts = new int[4];
        private int[] lastSeen = new int[4];
        private int size;

        void add(long value, int seq) {
            for (int i = 0; i < this.size; i++) {
                if (this.values[i] == value) {
                    this.counts[i]++;
                    this.lastSeen[i] = seq;
                    return;
                }
            }
            if (this.size == this.values.length) {
                this.values = Arrays.copyOf(this.values, this.size * 2);
                this.counts = Arrays.copyOf(this.counts, this.size * 2);
                this.lastSeen = Arrays.copyOf(this.lastSeen, this.size * 2);
            }
            this.values[this.size] = value;
            this.counts[this.size] = 1;
            this.lastSeen[this.size] = seq;
            this.size++;
        }

        /** The most frequent value; of several equally frequent ones the one seen last. */
        Long mode() {
            int best = -1;
            for (int i = 0; i < this.size; i++) {
                if (best < 0 || this.counts[i] > this.counts[best]
                        || this.counts[i] == this.counts[best] && this.lastSeen[i] > this.lastSeen[best]) {
                    best = i;
                }
            }
            return best < 0 ? null : this.values[best];
        }

        EnumTally copy() {
            EnumTally copy = new EnumTally();
            copy.values = this.values.clone();
            copy.counts = this.counts.clone();
            copy.lastSeen = this.lastSeen.clone();
            copy.size = this.size;
            return copy;
        }
    }
}
