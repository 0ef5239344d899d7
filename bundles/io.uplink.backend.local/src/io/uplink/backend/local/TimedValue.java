package io.uplink.backend.local;

import com.google.gson.JsonElement;

/** A channel value together with the epoch-ms timestamp key it was sent under. */
public record TimedValue(long timestamp, JsonElement value) {
}
