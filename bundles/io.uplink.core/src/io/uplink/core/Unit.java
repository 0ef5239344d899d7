package io.uplink.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Units of measurement with their OpenEMS symbols. Cumulated units ({@code Wh_Σ}, {@code sec_Σ}) only ever
 * increase; aggregation takes their maximum instead of the average.
 */
public enum Unit {
    NONE(""),
    PERCENT("%"),
    THOUSANDTH("‰"),
    TENTHOUSANDTH("0.1‰"),
    ON_OFF("On/Off"),

    WATT("W"),
    MILLIWATT("mW"),
    KILOWATT("kW"),
    VOLT_AMPERE_REACTIVE("var"),
    KILOVOLT_AMPERE_REACTIVE("kvar"),
    VOLT_AMPERE("VA"),
    KILOVOLT_AMPERE("kVA"),

    VOLT("V"),
    DEZIVOLT("dV"),
    MILLIVOLT("mV"),
    MICROVOLT("uV"),

    AMPERE("A"),
    DEZIAMPERE("dA"),
    MILLIAMPERE("mA"),
    MICROAMPERE("uA"),

    AMPERE_HOURS("Ah"),
    MILLIAMPERE_HOURS("mAh"),
    KILOAMPERE_HOURS("kAh"),

    WATT_HOURS("Wh"),
    KILOWATT_HOURS("kWh"),
    VOLT_AMPERE_REACTIVE_HOURS("varh"),
    KILOVOLT_AMPERE_REACTIVE_HOURS("kvarh"),
    WATT_HOURS_BY_WATT_PEAK("Wh/Wp"),
    VOLT_AMPERE_HOURS("VAh"),
    CUMULATED_WATT_HOURS("Wh_Σ", WATT_HOURS),

    MONEY_PER_MEGAWATT_HOUR("€/MWh"),

    HERTZ("Hz"),
    MILLIHERTZ("mHz"),

    DEGREE_CELSIUS("°C"),
    DEZIDEGREE_CELSIUS("°dC"),

    SECONDS("sec"),
    MILLISECONDS("ms"),
    MINUTE("min"),
    HOUR("h"),
    CUMULATED_SECONDS("sec_Σ", SECONDS),

    OHM("Ohm"),
    KILOOHM("kOhm"),
    MILLIOHM("mOhm"),
    MICROOHM("uOhm"),

    BAR("bar"),
    MILLIBAR("mbar");

    private static final Map<String, Unit> BY_SYMBOL = new HashMap<>();

    static {
        for (Unit unit : values()) {
            if (BY_SYMBOL.putIfAbsent(unit.symbol, unit) != null) {
                throw new ExceptionInInitializerError("Duplicate unit symbol [" + unit.symbol + "]");
            }
        }
    }

    private final String symbol;
    private final Unit discreteUnit;

    Unit(String symbol) {
        this(symbol, null);
    }

    Unit(String symbol, Unit discreteUnit) {
        this.symbol = symbol;
        this.discreteUnit = discreteUnit;
    }

    public String symbol() {
        return this.symbol;
    }

    /** True exactly for CUMULATED_WATT_HOURS and CUMULATED_SECONDS. */
    public boolean isCumulated() {
        return this.discreteUnit != null;
    }

    /** For a cumulated unit the unit of differences between two readings (Wh for Wh_Σ); otherwise this unit. */
    public Unit discreteUnit() {
        return this.discreteUnit == null ? this : this.discreteUnit;
    }

    /**
     * Finds a unit by its exact OpenEMS symbol; symbols are unique, {@code ""} is NONE.
     *
     * @throws IllegalArgumentException if no unit has this symbol
     */
    public static Unit fromSymbol(String symbol) {
        Unit unit = BY_SYMBOL.get(symbol);
        if (unit == null) {
            throw new IllegalArgumentException("Unknown unit symbol [" + symbol + "]");
        }
        return unit;
    }
}
