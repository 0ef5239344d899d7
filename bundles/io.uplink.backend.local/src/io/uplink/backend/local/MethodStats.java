package io.uplink.backend.local;

/**
 * Counters for one method of one Edge: framed messages, channel values in valid data messages, and the
 * UTF-8 bytes of all those messages.
 */
public record MethodStats(long messages, long values, long bytes) {

    static final MethodStats ZERO = new MethodStats(0, 0, 0);

    MethodStats plus(long valueCount, long byteCount) {
        return new MethodStats(messages + 1, values + valueCount, bytes + byteCount);
    }
}
