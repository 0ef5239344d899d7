package io.uplink.core;

/** Whether a channel can be read, written, or both. WRITE_ONLY channels are never sent to the Backend. */
public enum AccessMode {
    READ_ONLY, READ_WRITE, WRITE_ONLY;

    public boolean isWritable() {
        return this != READ_ONLY;
    }

    public boolean isReadable() {
        return this != WRITE_ONLY;
    }
}
