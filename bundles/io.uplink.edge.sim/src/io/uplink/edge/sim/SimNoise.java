package io.uplink.edge.sim;

/** Deterministic pseudo-random numbers as pure functions of (seed, stream, index), so any time can be recomputed. */
final class SimNoise {

    private SimNoise() {
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long hash(long seed, long stream, long index) {
        return mix(mix(seed * 0x9e3779b97f4a7c15L + stream) + index);
    }

    /** Uniform in [0, 1). */
    static double unit(long seed, long stream, long index) {
        return (hash(seed, stream, index) >>> 11) * 0x1.0p-53;
    }

    /** Smooth noise in [0, 1): random knots every {@code periodMillis}, eased in between. */
    static double smooth(long seed, long stream, long timeMillis, long periodMillis) {
        long knot = Math.floorDiv(timeMillis, periodMillis);
        double f = (double) Math.floorMod(timeMillis, periodMillis) / periodMillis;
        double eased = f * f * (3 - 2 * f);
        double a = unit(seed, stream, knot);
        double b = unit(seed, stream, knot + 1);
        return a + (b - a) * eased;
    }
}
