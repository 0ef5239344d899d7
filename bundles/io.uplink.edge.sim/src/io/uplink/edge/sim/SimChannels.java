package io.uplink.edge.sim;

import static io.uplink.core.PersistencePriority.HIGH;
import static io.uplink.core.PersistencePriority.LOW;
import static io.uplink.core.PersistencePriority.MEDIUM;
import static io.uplink.core.PersistencePriority.VERY_HIGH;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

/**
 * The fixed channels of the simulated system, named as OpenEMS names them; each constant is the channel's
 * index in {@link #BASE}.
 */
final class SimChannels {

    private static final List<ChannelMetadata> DEFINED = new ArrayList<>();

    static final int SUM_STATE = state("_sum/State");
    static final int SUM_ESS_SOC = value("_sum/EssSoc", OpenemsType.INTEGER, Unit.PERCENT, VERY_HIGH);
    static final int SUM_GRID_POWER = value("_sum/GridActivePower", OpenemsType.INTEGER, Unit.WATT, VERY_HIGH);
    static final int SUM_PRODUCTION_POWER = value("_sum/ProductionActivePower", OpenemsType.INTEGER, Unit.WATT,
            VERY_HIGH);
    static final int SUM_CONSUMPTION_POWER = value("_sum/ConsumptionActivePower", OpenemsType.INTEGER, Unit.WATT,
            VERY_HIGH);
    static final int SUM_ESS_POWER = value("_sum/EssActivePower", OpenemsType.INTEGER, Unit.WATT, VERY_HIGH);
    static final int SUM_GRID_BUY_ENERGY = energy("_sum/GridBuyActiveEnergy");
    static final int SUM_GRID_SELL_ENERGY = energy("_sum/GridSellActiveEnergy");
    static final int SUM_PRODUCTION_ENERGY = energy("_sum/ProductionActiveEnergy");
    static final int SUM_CONSUMPTION_ENERGY = energy("_sum/ConsumptionActiveEnergy");
    static final int META_VERSION = value("_meta/Version", OpenemsType.STRING, Unit.NONE, VERY_HIGH);

    static final int METER_STATE = state("meter0/State");
    static final int METER_POWER = value("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT, HIGH);
    static final int METER_POWER_L1 = value("meter0/ActivePowerL1", OpenemsType.INTEGER, Unit.WATT, HIGH);
    static final int METER_POWER_L2 = value("meter0/ActivePowerL2", OpenemsType.INTEGER, Unit.WATT, HIGH);
    static final int METER_POWER_L3 = value("meter0/ActivePowerL3", OpenemsType.INTEGER, Unit.WATT, HIGH);
    static final int METER_VOLTAGE = value("meter0/Voltage", OpenemsType.INTEGER, Unit.MILLIVOLT, LOW);
    static final int METER_CURRENT = value("meter0/Current", OpenemsType.INTEGER, Unit.MILLIAMPERE, LOW);
    static final int METER_FREQUENCY = value("meter0/Frequency", OpenemsType.INTEGER, Unit.MILLIHERTZ, LOW);
    static final int METER_PRODUCTION_ENERGY = energy("meter0/ActiveProductionEnergy");
    static final int METER_CONSUMPTION_ENERGY = energy("meter0/ActiveConsumptionEnergy");

    static final int PV_STATE = state("pvInverter0/State");
    static final int PV_POWER = value("pvInverter0/ActivePower", OpenemsType.INTEGER, Unit.WATT, HIGH);
    static final int PV_ENERGY = energy("pvInverter0/ActualEnergy");
    static final int PV_POWER_LIMIT = define(ChannelMetadata
            .builder(ChannelAddress.parse("pvInverter0/ActivePowerLimit"), OpenemsType.INTEGER).unit(Unit.WATT)
            .priority(HIGH).accessMode(AccessMode.READ_WRITE)
            .text("Limits production while set; null when no limit is set").build());

    static final int ESS_STATE = state("ess0/State");
    static final int ESS_SOC = value("ess0/Soc", OpenemsType.INTEGER, Unit.PERCENT, HIGH);
    static final int ESS_POWER = value("ess0/ActivePower", OpenemsType.INTEGER, Unit.WATT, HIGH);
    static final int ESS_CHARGE_ENERGY = energy("ess0/ActiveChargeEnergy");
    static final int ESS_DISCHARGE_ENERGY = energy("ess0/ActiveDischargeEnergy");
    static final int ESS_GRID_MODE = define(ChannelMetadata
            .builder(ChannelAddress.parse("ess0/GridMode"), OpenemsType.INTEGER).priority(HIGH)
            .enumOptions(Map.of(0, "Undefined", 1, "On-Grid", 2, "Off-Grid")).build());
    static final int ESS_CAPACITY = value("ess0/Capacity", OpenemsType.INTEGER, Unit.WATT_HOURS, LOW);
    static final int ESS_MAX_APPARENT_POWER = value("ess0/MaxApparentPower", OpenemsType.INTEGER, Unit.VOLT_AMPERE,
            LOW);
    static final int ESS_TEMPERATURE = value("ess0/Temperature", OpenemsType.DOUBLE, Unit.DEGREE_CELSIUS, MEDIUM);
    static final int ESS_LOW_SOC_WARNING = define(ChannelMetadata
            .builder(ChannelAddress.parse("ess0/LowSocWarning"), OpenemsType.BOOLEAN).priority(HIGH)
            .text("State of charge is below " + EnergyModel.LOW_SOC_WARNING_PERCENT + " %").build());
    static final int ESS_SET_ACTIVE_POWER = define(ChannelMetadata
            .builder(ChannelAddress.parse("ess0/SetActivePowerEquals"), OpenemsType.INTEGER).unit(Unit.WATT)
            .accessMode(AccessMode.WRITE_ONLY)
            .text("Set point: positive discharges, negative charges; null returns to self-consumption").build());

    static final List<ChannelMetadata> BASE = List.copyOf(DEFINED);

    static final String EXTRA_COMPONENT = "sim0";
    static final String EXTRA_CHANNEL_PREFIX = "Value";

    private SimChannels() {
    }

    /** Extra channel i: INTEGER and DOUBLE alternate, two in three are HIGH, the rest LOW. */
    static ChannelMetadata extra(int i) {
        boolean integer = i % 2 == 0;
        PersistencePriority priority = i % 3 == 2 ? LOW : HIGH;
        return ChannelMetadata.of(new ChannelAddress(EXTRA_COMPONENT, EXTRA_CHANNEL_PREFIX + i),
                integer ? OpenemsType.INTEGER : OpenemsType.DOUBLE, integer ? Unit.WATT : Unit.NONE, priority);
    }

    private static int state(String address) {
        return define(ChannelMetadata.state(ChannelAddress.parse(address), VERY_HIGH));
    }

    private static int value(String address, OpenemsType type, Unit unit, PersistencePriority priority) {
        return define(ChannelMetadata.of(address, type, unit, priority));
    }

    private static int energy(String address) {
        return value(address, OpenemsType.LONG, Unit.CUMULATED_WATT_HOURS, HIGH);
    }

    private static int define(ChannelMetadata channel) {
        DEFINED.add(channel);
        return DEFINED.size() - 1;
    }
}
