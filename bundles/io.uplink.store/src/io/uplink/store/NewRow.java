package io.uplink.store;

import java.util.Objects;

import io.uplink.core.PersistencePriority;

/**
 * A row to append: the values of one priority at one timestamp.
 *
 * @param kind raw cycle values or a window's aggregates
 * @param priority the persistence priority shared by every channel in the payload
 * @param timestampMillis the message timestamp (cycle time, or window start); kept, never used for ordering
 * @param payload a JSON object text, channel address → value, with the original JSON types
 */
public record NewRow(RowKind kind, PersistencePriority priority, long timestampMillis, String payload) {
    public NewRow {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(payload, "payload");
    }
}
