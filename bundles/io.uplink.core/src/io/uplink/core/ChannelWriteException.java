package io.uplink.core;

/** A write to a channel was refused; the message names the channel and the reason. */
public final class ChannelWriteException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ChannelAddress address;
    private final String reason;

    public ChannelWriteException(ChannelAddress address, String reason) {
        this(address, reason, null);
    }

    public ChannelWriteException(ChannelAddress address, String reason, Throwable cause) {
        super("Cannot write channel [" + address + "]: " + reason, cause);
        this.address = address;
        this.reason = reason;
    }

    public ChannelAddress address() {
        return this.address;
    }

    public String reason() {
        return this.reason;
    }
}
