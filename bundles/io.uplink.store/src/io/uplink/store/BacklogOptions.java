package io.uplink.store;

/**
 * Bounds of a backlog.
 *
 * @param maxBytes the byte cap on stored rows (payload as stored, plus a fixed per-row overhead)
 * @param minFreeDiskBytes the free space the store leaves on its file system; eviction keeps it
 */
public record BacklogOptions(long maxBytes, long minFreeDiskBytes) {
    /** 512 MiB: small next to a device's flash; the measured bytes per hour are in the README. */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
    /** 64 MiB kept free for the operating system and logs. */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 64L * 1024 * 1024;

    public static BacklogOptions defaults() {
        return new BacklogOptions(DEFAULT_MAX_BYTES, DEFAULT_MIN_FREE_DISK_BYTES);
    }

    public BacklogOptions {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        if (minFreeDiskBytes < 0) {
            throw new IllegalArgumentException("minFreeDiskBytes must not be negative: " + minFreeDiskBytes);
        }
    }
}
