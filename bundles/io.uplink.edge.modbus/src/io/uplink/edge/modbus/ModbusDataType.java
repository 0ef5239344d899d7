package io.uplink.edge.modbus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a point's registers are read. The SunSpec names are aliases of a plain type that also bring SunSpec's
 * "not implemented" sentinel as the default {@code invalid} value.
 */
public enum ModbusDataType {
    BOOL("bool", Kind.BOOL, 0, null),
    INT16("int16", Kind.SIGNED, 1, null),
    UINT16("uint16", Kind.UNSIGNED, 1, null),
    INT32("int32", Kind.SIGNED, 2, null),
    UINT32("uint32", Kind.UNSIGNED, 2, null),
    INT64("int64", Kind.SIGNED, 4, null),
    UINT64("uint64", Kind.UNSIGNED, 4, null),
    FLOAT32("float32", Kind.FLOAT, 2, null),
    FLOAT64("float64", Kind.FLOAT, 4, null),
    STRING("string", Kind.STRING, 0, null),
    ACC16("acc16", Kind.UNSIGNED, 1, 0L),
    ACC32("acc32", Kind.UNSIGNED, 2, 0L),
    ACC64("acc64", Kind.UNSIGNED, 4, 0L),
    ENUM16("enum16", Kind.UNSIGNED, 1, 0xFFFFL),
    ENUM32("enum32", Kind.UNSIGNED, 2, 0xFFFF_FFFFL),
    BITFIELD16("bitfield16", Kind.UNSIGNED, 1, 0xFFFFL),
    BITFIELD32("bitfield32", Kind.UNSIGNED, 2, 0xFFFF_FFFFL),
    SUNSSF("sunssf", Kind.SIGNED, 1, 0x8000L);

    /** How the raw bits are interpreted. */
    public enum Kind {
        BOOL, SIGNED, UNSIGNED, FLOAT, STRING
    }

    private final String key;
    private final Kind kind;
    private final int words;
    private final Long defaultInvalid;

    ModbusDataType(String key, Kind kind, int words, Long defaultInvalid) {
        this.key = key;
        this.kind = kind;
        this.words = words;
        this.defaultInvalid = defaultInvalid;
    }

    public String key() {
        return this.key;
    }

    public Kind kind() {
        return this.kind;
    }

    /** Registers of a numeric type; 0 for {@code bool} (one bit) and {@code string} (its {@code length}). */
    public int words() {
        return this.words;
    }

    /** Width in bits of a numeric type. */
    public int bits() {
        return this.words * 16;
    }

    public boolean isInteger() {
        return this.kind == Kind.SIGNED || this.kind == Kind.UNSIGNED;
    }

    /** SunSpec's "not implemented" raw value for this alias, or null for the plain types. */
    public Long defaultInvalid() {
        return this.defaultInvalid;
    }

    /** @throws IllegalArgumentException listing the accepted names */
    public static ModbusDataType parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (ModbusDataType type : values()) {
            if (type.key.equals(wanted)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown type '" + text + "' (accepted: "
                + Arrays.stream(values()).map(ModbusDataType::key).collect(Collectors.joining(", ")) + ")");
    }
}
