package io.uplink.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How important a channel's history is; decides which messages carry it (timestampedData needs at least the
 * configured persistencePriority, aggregatedData the aggregationPriority).
 */
public enum PersistencePriority {
    VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH;

    /** Rank 0 (VERY_LOW) to 4 (VERY_HIGH). */
    public int rank() {
        return this.ordinal();
    }

    /** True if this priority qualifies for the given threshold (rank ≥ threshold's rank). */
    public boolean isAtLeast(PersistencePriority threshold) {
        return this.rank() >= threshold.rank();
    }

    /**
     * Parses a priority name case-insensitively, e.g. {@code "high"} or {@code "VERY_HIGH"}.
     *
     * @throws IllegalArgumentException listing the accepted values
     */
    public static PersistencePriority parse(String text) {
        if (text != null) {
            String wanted = text.trim().toUpperCase(Locale.ROOT);
            for (PersistencePriority p : values()) {
                if (p.name().equals(wanted)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("Unknown persistence priority [" + text + "]; accepted values: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
