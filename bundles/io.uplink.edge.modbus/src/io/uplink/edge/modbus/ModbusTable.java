package io.uplink.edge.modbus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The four Modbus data tables and the function code that reads each. */
public enum ModbusTable {
    /** FC3, 16-bit registers. */
    HOLDING("holding", 3, false),
    /** FC4, 16-bit read-only registers. */
    INPUT("input", 4, false),
    /** FC1, single bits. */
    COIL("coil", 1, true),
    /** FC2, single read-only bits. */
    DISCRETE("discrete", 2, true);

    private final String key;
    private final int functionCode;
    private final boolean bits;

    ModbusTable(String key, int functionCode, boolean bits) {
        this.key = key;
        this.functionCode = functionCode;
        this.bits = bits;
    }

    /** The name in map files. */
    public String key() {
        return this.key;
    }

    public int functionCode() {
        return this.functionCode;
    }

    /** True for coils and discrete inputs, whose addresses count bits rather than registers. */
    public boolean isBits() {
        return this.bits;
    }

    /** @throws IllegalArgumentException listing the accepted names */
    public static ModbusTable parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (ModbusTable table : values()) {
            if (table.key.equals(wanted)) {
                return table;
            }
        }
        throw new IllegalArgumentException("unknown table '" + text + "' (accepted: "
                + Arrays.stream(values()).map(ModbusTable::key).collect(Collectors.joining(", ")) + ")");
    }
}
