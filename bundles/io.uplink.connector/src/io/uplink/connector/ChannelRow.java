package io.uplink.connector;

import io.uplink.core.ChannelMetadata;

/**
 * One channel as the transmission view shows it.
 *
 * @param channel address, type, unit, priority
 * @param value the value read in the last cycle (core value model), or null
 * @param lastSentMillis when the value last went out in timestampedData, or 0 if never
 * @param sentAs how it went out last
 */
public record ChannelRow(ChannelMetadata channel, Object value, long lastSentMillis, SentAs sentAs) {

    public enum SentAs { NOT_SENT, FULL, DELTA, AGGREGATED_ONLY }
}
