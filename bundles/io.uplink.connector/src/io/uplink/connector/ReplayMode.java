package io.uplink.connector;

import java.util.Locale;

/**
 * What the agent keeps and replays after an outage (backlog-replay.md §6.3). Written in configuration as
 * {@code full}, {@code windows}, {@code resend-only} or {@code off}.
 */
public enum ReplayMode {
    /** Windows as aggregatedData plus a resendData copy, then the raw rows as timestampedData. */
    FULL,
    /** Windows only (aggregatedData plus resendData): for Backends where only AggregatedInflux matters. */
    WINDOWS,
    /** Windows as resendData only, as OpenEMS Edge does: no side effects, but plain InfluxDB gains nothing. */
    RESEND_ONLY,
    /** Nothing is kept or replayed, as OpenEMS Edge without its resend worker. */
    OFF;

    /** The configuration spelling, e.g. {@code resend-only}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether raw rows are kept at all (only {@link #FULL} replays them). */
    public boolean keepsRawRows() {
        return this == FULL;
    }

    public boolean keepsWindows() {
        return this != OFF;
    }
}
