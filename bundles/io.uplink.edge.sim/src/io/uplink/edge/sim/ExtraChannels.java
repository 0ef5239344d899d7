package io.uplink.edge.sim;

/**
 * Values of the extra channels {@code sim0/Value0..N-1}. Each channel keeps its value for
 * {@value #HOLD_SECONDS} s, with its own phase, so about one in five changes in any second. Values are cached
 * per hold period: a read recomputes only the channels whose period changed. Not thread-safe: the caller locks.
 */
final class ExtraChannels {

    static final int HOLD_SECONDS = 5;

    private static final long STREAM_PHASE = 100;
    private static final long STREAM_VALUE = 101;

    private final long seed;
    private final byte[] phases;
    private final long[] cachedPeriods;
    private final Object[] cachedValues;

    ExtraChannels(long seed, int count) {
        this.seed = seed;
        this.phases = new byte[count];
        this.cachedPeriods = new long[count];
        this.cachedValues = new Object[count];
        for (int i = 0; i < count; i++) {
            this.phases[i] = (byte) Math.floorMod(SimNoise.hash(seed, STREAM_PHASE, i), HOLD_SECONDS);
            this.cachedPeriods[i] = Long.MIN_VALUE;
        }
    }

    int count() {
        return this.phases.length;
    }

    /** Writes the values at {@code timeMillis} into {@code target[offset..offset+count)}. */
    void fill(long timeMillis, Object[] target, int offset) {
        long second = Math.floorDiv(timeMillis, 1000);
        for (int i = 0; i < this.phases.length; i++) {
            long period = Math.floorDiv(second + this.phases[i], HOLD_SECONDS);
            if (period != this.cachedPeriods[i]) {
                this.cachedPeriods[i] = period;
                this.cachedValues[i] = this.valueOf(i, period);
            }
        }
        System.arraycopy(this.cachedValues, 0, target, offset, this.phases.length);
    }

    private Object valueOf(int channel, long period) {
        long h = SimNoise.hash(this.seed, STREAM_VALUE + ((long) channel << 8), period);
        if (channel % 2 == 0) {
            return Math.floorMod(h, 10_001L);
        }
        return Math.floorMod(h, 100_001L) / 100.0;
    }
}
