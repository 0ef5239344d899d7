package io.uplink.edge.sim;

import static io.uplink.edge.sim.SimChannels.*;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelValues;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.Level;

/**
 * A small simulated energy system (grid meter {@code meter0}, PV inverter {@code pvInverter0}, battery
 * {@code ess0}, totals in {@code _sum}, version in {@code _meta}) plus {@code extraChannels} load-test channels
 * {@code sim0/Value<n>}. Values move with time, deterministically for a seed: the clock gives the start of the
 * simulation and the local time zone (for the sun); {@link #read(long)} integrates up to the time asked for.
 *
 * <p>Writable: {@code ess0/SetActivePowerEquals} (W, positive discharges) overrides self-consumption while
 * set, {@code pvInverter0/ActivePowerLimit} (W) caps production. {@code null} clears either.
 */
public final class SimulatedEdge implements ChannelSource {

    public static final String DEFAULT_VERSION = "2026.4.0";

    private static final long STREAM_TEMPERATURE = 10;
    private static final long STREAM_METER = 20;

    private final Object lock = new Object();
    private final long seed;
    private final String version;
    private final List<ChannelMetadata> channels;
    private final Map<ChannelAddress, Integer> baseIndex = new HashMap<>();
    private final EnergyModel model;
    private final ExtraChannels extras;

    public SimulatedEdge(Clock clock, long seed, int extraChannels) {
        this(clock, seed, extraChannels, DEFAULT_VERSION);
    }

    /** @param version the value of {@code _meta/Version} */
    public SimulatedEdge(Clock clock, long seed, int extraChannels, String version) {
        Objects.requireNonNull(clock, "clock");
        if (extraChannels < 0) {
            throw new IllegalArgumentException("extraChannels must not be negative, got " + extraChannels);
        }
        this.seed = seed;
        this.version = Objects.requireNonNull(version, "version");
        List<ChannelMetadata> all = new ArrayList<>(BASE.size() + extraChannels);
        all.addAll(BASE);
        for (int i = 0; i < extraChannels; i++) {
            all.add(SimChannels.extra(i));
        }
        this.channels = List.copyOf(all);
        for (int i = 0; i < BASE.size(); i++) {
            this.baseIndex.put(BASE.get(i).address(), i);
        }
        this.model = new EnergyModel(seed, clock.getZone(), clock.millis());
        this.extras = new ExtraChannels(seed, extraChannels);
    }

    @Override
    public String id() {
        return "simulatedEdge";
    }

    @Override
    public List<ChannelMetadata> channels() {
        return this.channels;
    }

    /** The channel set never changes. */
    @Override
    public long channelsVersion() {
        return 1;
    }

    @Override
    public ChannelSnapshot read(long timestampMillis) {
        Object[] values = new Object[this.channels.size()];
        synchronized (this.lock) {
            this.model.advanceTo(timestampMillis);
            this.fillBase(timestampMillis, values);
            this.extras.fill(timestampMillis, values, BASE.size());
        }
        return new ChannelSnapshot(timestampMillis, this.channels, values);
    }

    private void fillBase(long time, Object[] v) {
        EnergyModel.Powers p = this.model.powersAt(time);
        int soc = this.model.socPercent();
        boolean lowSoc = soc < EnergyModel.LOW_SOC_WARNING_PERCENT;
        Level essState = lowSoc ? Level.WARNING : Level.OK;

        v[SUM_STATE] = (long) essState.value();
        v[SUM_ESS_SOC] = (long) soc;
        v[SUM_GRID_POWER] = p.grid();
        v[SUM_PRODUCTION_POWER] = p.production();
        v[SUM_CONSUMPTION_POWER] = p.consumption();
        v[SUM_ESS_POWER] = p.ess();
        v[SUM_GRID_BUY_ENERGY] = this.model.gridBuyWh();
        v[SUM_GRID_SELL_ENERGY] = this.model.gridSellWh();
        v[SUM_PRODUCTION_ENERGY] = this.model.productionWh();
        v[SUM_CONSUMPTION_ENERGY] = this.model.consumptionWh();
        v[META_VERSION] = this.version;

        this.fillMeter(time, p.grid(), v);

        v[PV_STATE] = (long) Level.OK.value();
        v[PV_POWER] = p.production();
        v[PV_ENERGY] = this.model.productionWh();
        v[PV_POWER_LIMIT] = this.model.pvLimitW();

        v[ESS_STATE] = (long) essState.value();
        v[ESS_SOC] = (long) soc;
        v[ESS_POWER] = p.ess();
        v[ESS_CHARGE_ENERGY] = this.model.essChargeWh();
        v[ESS_DISCHARGE_ENERGY] = this.model.essDischargeWh();
        v[ESS_GRID_MODE] = 1L;
        v[ESS_CAPACITY] = (long) EnergyModel.CAPACITY_WH;
        v[ESS_MAX_APPARENT_POWER] = EnergyModel.MAX_ESS_POWER_W;
        double temperature = 22 + 6.0 * Math.abs(p.ess()) / EnergyModel.MAX_ESS_POWER_W
                + 2 * SimNoise.smooth(this.seed, STREAM_TEMPERATURE, time, 3_600_000);
        v[ESS_TEMPERATURE] = Math.round(temperature * 10) / 10.0;
        v[ESS_LOW_SOC_WARNING] = lowSoc;
        v[ESS_SET_ACTIVE_POWER] = this.model.essSetPointW();
    }

    private void fillMeter(long time, long grid, Object[] v) {
        // phases share the total unevenly but always add up to it exactly
        double share1 = 0.3 + 0.08 * SimNoise.smooth(this.seed, STREAM_METER + 1, time, 60_000);
        double share2 = 0.3 + 0.08 * SimNoise.smooth(this.seed, STREAM_METER + 2, time, 60_000);
        long l1 = Math.round(grid * share1);
        long l2 = Math.round(grid * share2);
        long voltageMilliVolt = 230_000 + Math.round(4_000 * (SimNoise.smooth(this.seed, STREAM_METER + 3, time, 30_000) - 0.5));
        v[METER_STATE] = (long) Level.OK.value();
        v[METER_POWER] = grid;
        v[METER_POWER_L1] = l1;
        v[METER_POWER_L2] = l2;
        v[METER_POWER_L3] = grid - l1 - l2;
        v[METER_VOLTAGE] = voltageMilliVolt;
        v[METER_CURRENT] = Math.round(Math.abs(grid) / 3.0 / (voltageMilliVolt / 1000.0) * 1000);
        v[METER_FREQUENCY] = 50_000 + Math.round(60 * (SimNoise.smooth(this.seed, STREAM_METER + 4, time, 10_000) - 0.5));
        v[METER_PRODUCTION_ENERGY] = this.model.gridSellWh();
        v[METER_CONSUMPTION_ENERGY] = this.model.gridBuyWh();
    }

    @Override
    public void write(ChannelAddress address, Object value) throws ChannelWriteException {
        Objects.requireNonNull(address, "address");
        ChannelMetadata channel = this.channels.get(this.indexOf(address));
        if (!channel.isWritable()) {
            throw new ChannelWriteException(address, "channel is " + channel.accessMode() + ", not writable");
        }
        Long watts;
        try {
            watts = (Long) ChannelValues.normalize(channel.type(), value);
        } catch (IllegalArgumentException e) {
            throw new ChannelWriteException(address, e.getMessage(), e);
        }
        int index = this.baseIndex.get(address);
        if (index == PV_POWER_LIMIT && watts != null && watts < 0) {
            throw new ChannelWriteException(address, "a production limit must not be negative, got " + watts);
        }
        synchronized (this.lock) {
            if (index == PV_POWER_LIMIT) {
                this.model.setPvLimitW(watts);
            } else if (index == ESS_SET_ACTIVE_POWER) {
                this.model.setEssSetPointW(watts);
            } else {
                throw new IllegalStateException("Writable channel [" + address + "] has no simulation behind it");
            }
        }
    }

    private int indexOf(ChannelAddress address) throws ChannelWriteException {
        Integer index = this.baseIndex.get(address);
        if (index != null) {
            return index;
        }
        String channelId = address.channelId();
        if (address.componentId().equals(EXTRA_COMPONENT) && channelId.startsWith(EXTRA_CHANNEL_PREFIX)) {
            try {
                int n = Integer.parseInt(channelId.substring(EXTRA_CHANNEL_PREFIX.length()));
                // the equals check rejects spellings like Value007 or Value+7
                if (n >= 0 && n < this.extras.count() && channelId.equals(EXTRA_CHANNEL_PREFIX + n)) {
                    return BASE.size() + n;
                }
            } catch (NumberFormatException e) {
                // not one of ours; reported below
            }
        }
        throw new ChannelWriteException(address, "no such channel in " + this.id());
    }
}
