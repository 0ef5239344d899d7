package io.uplink.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The level of a State channel; on the wire it is the integer value (0 = OK … 3 = FAULT). */
public enum Level {
    OK(0), INFO(1), WARNING(2), FAULT(3);

    private static final Map<Integer, String> OPTIONS;

    static {
        Map<Integer, String> options = new LinkedHashMap<>();
        for (Level level : values()) {
            options.put(level.value, level.name());
        }
        OPTIONS = Collections.unmodifiableMap(options);
    }

    private final int value;

    Level(int value) {
        this.value = value;
    }

    public int value() {
        return this.value;
    }

    /** The enum options of a Level channel, for {@link ChannelMetadata#enumOptions()}. */
    public static Map<Integer, String> options() {
        return OPTIONS;
    }

    /** @throws IllegalArgumentException if the value is not 0..3 */
    public static Level fromValue(int value) {
        for (Level level : values()) {
            if (level.value == value) {
                return level;
            }
        }
        throw new IllegalArgumentException("Level value [" + value + "] is not one of 0 (OK), 1 (INFO), 2 (WARNING), 3 (FAULT)");
    }

    /** The more severe of the two levels. */
    public Level max(Level other) {
        return other.value > this.value ? other : this;
    }
}
