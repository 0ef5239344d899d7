package io.uplink.core;

/** The data type of a channel, as in OpenEMS. */
public enum OpenemsType {
    BOOLEAN, SHORT, INTEGER, LONG, FLOAT, DOUBLE, STRING;

    /** True for SHORT, INTEGER and LONG, whose values are held as {@link Long}. */
    public boolean isIntegral() {
        return this == SHORT || this == INTEGER || this == LONG;
    }

    /** True for FLOAT and DOUBLE, whose values are held as {@link Double}. */
    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE;
    }
}
