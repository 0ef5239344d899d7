package io.uplink.store;

/** What a backlog row holds, which decides the message it is replayed as. */
public enum RowKind {
    /** One cycle's values of one priority, replayed as a {@code timestampedData} row. */
    RAW,
    /** One 5-minute window's aggregates of one priority, replayed as {@code aggregatedData} and {@code resendData}. */
    WINDOW
}
