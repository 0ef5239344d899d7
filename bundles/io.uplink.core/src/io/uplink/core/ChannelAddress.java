package io.uplink.core;

import java.util.Objects;

/**
 * Address of one channel on the wire: {@code <componentId>/<channelId>}, e.g. {@code _sum/EssSoc} or
 * {@code ctrlBackend0/_PropertyUri}.
 */
public record ChannelAddress(String componentId, String channelId) {

    public ChannelAddress {
        requireValidPart("component id", componentId);
        requireValidPart("channel id", channelId);
    }

    /**
     * Parses {@code componentId/channelId}.
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static ChannelAddress parse(String text) {
        Objects.requireNonNull(text, "channel address text");
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(
                    "Channel address [" + text + "] has no '/': expected <componentId>/<channelId>");
        }
        if (text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException(
                    "Channel address [" + text + "] has more than one '/': expected <componentId>/<channelId>");
        }
        try {
            return new ChannelAddress(text.substring(0, slash), text.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Channel address [" + text + "]: " + e.getMessage(), e);
        }
    }

    private static void requireValidPart(String what, String part) {
        if (part == null || part.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '/') {
                throw new IllegalArgumentException(what + " [" + part + "] contains '/'");
            }
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " [" + part + "] contains whitespace");
            }
        }
    }

    @Override
    public String toString() {
        return this.componentId + "/" + this.channelId;
    }
}
