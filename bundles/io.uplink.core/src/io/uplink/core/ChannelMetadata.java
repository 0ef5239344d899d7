package io.uplink.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Static description of one channel.
 *
 * @param enumOptions value → name; empty for ordinary channels, non-empty for enum and State channels
 * @param text a human description, {@code ""} if none
 * @param priorityDeclared true when the source declared {@code priority}; false when the device exposes none and
 *        {@code priority} is only OpenEMS's default LOW (a priority profile then assigns its default instead)
 */
public record ChannelMetadata(ChannelAddress address, OpenemsType type, Unit unit, PersistencePriority priority,
        AccessMode accessMode, Map<Integer, String> enumOptions, String text, boolean priorityDeclared) {

    /** A channel whose source declared its priority. */
    public ChannelMetadata(ChannelAddress address, OpenemsType type, Unit unit, PersistencePriority priority,
            AccessMode accessMode, Map<Integer, String> enumOptions, String text) {
        this(address, type, unit, priority, accessMode, enumOptions, text, true);
    }

    public ChannelMetadata {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(accessMode, "accessMode");
        enumOptions = enumOptions == null || enumOptions.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(enumOptions));
        text = text == null ? "" : text;
        if (!enumOptions.isEmpty() && !type.isIntegral()) {
            throw new IllegalArgumentException(
                    "Channel [" + address + "] has enum options but type " + type + "; enum channels are integral");
        }
    }

    /** A read-only, non-enum channel without description. */
    public static ChannelMetadata of(ChannelAddress address, OpenemsType type, Unit unit,
            PersistencePriority priority) {
        return new ChannelMetadata(address, type, unit, priority, AccessMode.READ_ONLY, Map.of(), "");
    }

    /** A read-only, non-enum channel; the address is parsed from {@code componentId/channelId}. */
    public static ChannelMetadata of(String address, OpenemsType type, Unit unit, PersistencePriority priority) {
        return of(ChannelAddress.parse(address), type, unit, priority);
    }

    /** A read-only INTEGER State channel with the {@link Level} options. */
    public static ChannelMetadata state(ChannelAddress address, PersistencePriority priority) {
        return new ChannelMetadata(address, OpenemsType.INTEGER, Unit.NONE, priority, AccessMode.READ_ONLY,
                Level.options(), "");
    }

    public static Builder builder(ChannelAddress address, OpenemsType type) {
        return new Builder(address, type);
    }

    public boolean isEnum() {
        return !this.enumOptions.isEmpty();
    }

    public boolean isWritable() {
        return this.accessMode.isWritable();
    }

    /** This channel with another priority, which counts as declared (e.g. assigned by a profile). */
    public ChannelMetadata withPriority(PersistencePriority newPriority) {
        return new ChannelMetadata(this.address, this.type, this.unit, newPriority, this.accessMode,
                this.enumOptions, this.text, true);
    }

    /**
     * Collects the optional parts; defaults: no unit, read-only, no options, and LOW (OpenEMS's default) as an
     * undeclared priority unless {@link Builder#priority} is called.
     */
    public static final class Builder {
        private final ChannelAddress address;
        private final OpenemsType type;
        private Unit unit = Unit.NONE;
        private PersistencePriority priority = PersistencePriority.LOW;
        private AccessMode accessMode = AccessMode.READ_ONLY;
        private Map<Integer, String> enumOptions = Map.of();
        private String text = "";
        private boolean priorityDeclared;

        private Builder(ChannelAddress address, OpenemsType type) {
            this.address = address;
            this.type = type;
        }

        public Builder unit(Unit value) {
            this.unit = value;
            return this;
        }

        public Builder priority(PersistencePriority value) {
            this.priority = value;
            this.priorityDeclared = true;
            return this;
        }

        public Builder accessMode(AccessMode value) {
            this.accessMode = value;
            return this;
        }

        public Builder enumOptions(Map<Integer, String> value) {
            this.enumOptions = value;
            return this;
        }

        public Builder text(String value) {
            this.text = value;
            return this;
        }

        public ChannelMetadata build() {
            return new ChannelMetadata(this.address, this.type, this.unit, this.priority, this.accessMode,
                    this.enumOptions, this.text, this.priorityDeclared);
        }
    }
}
