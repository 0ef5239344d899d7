package io.uplink.edge.sim;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * A house with PV, a battery run for self-consumption and a grid connection. Powers are functions of time and
 * the battery's charge; energies are integrated in fixed {@value #STEP_MILLIS} ms steps on an absolute time
 * grid, so the state at a time does not depend on when it was read. Not thread-safe: the caller locks.
 *
 * <p>Signs follow OpenEMS: grid > 0 buys, ess > 0 discharges, and consumption = production + grid + ess.
 */
final class EnergyModel {

    static final long STEP_MILLIS = 5_000;
    static final double CAPACITY_WH = 10_000;
    static final long MAX_ESS_POWER_W = 5_000;
    static final long PV_PEAK_W = 8_000;
    static final int LOW_SOC_WARNING_PERCENT = 10;
    /** Longer gaps are skipped instead of integrated, so a clock jump of years cannot stall a cycle. */
    static final long MAX_CATCH_UP_MILLIS = 7L * 24 * 3_600_000;

    private static final double MIN_ENERGY_WH = 0.05 * CAPACITY_WH;
    private static final double STEP_HOURS = STEP_MILLIS / 3_600_000.0;
    private static final long STREAM_CLOUDS = 1;
    private static final long STREAM_LOAD_SPIKES = 2;
    private static final long STREAM_LOAD_JITTER = 3;
    private static final long STREAM_START = 4;
    private static final long STREAM_CONTROL = 5;

    /** Powers in W at one moment; consumption = production + grid + ess holds exactly. */
    record Powers(long production, long consumption, long ess, long grid) {
    }

    private final long seed;
    private final ZoneRules zoneRules;

    private long committedMillis;
    private double essEnergyWh;
    private double gridBuyWh;
    private double gridSellWh;
    private double productionWh;
    private double consumptionWh;
    private double essChargeWh;
    private double essDischargeWh;
    private Long essSetPointW;
    private Long pvLimitW;

    EnergyModel(long seed, ZoneId zone, long startMillis) {
        this.seed = seed;
        this.zoneRules = zone.getRules();
        this.committedMillis = Math.floorDiv(startMillis, STEP_MILLIS) * STEP_MILLIS;
        // plausible meter readings of a system that has run for a few years
        this.essEnergyWh = CAPACITY_WH * (0.3 + 0.4 * SimNoise.unit(seed, STREAM_START, 0));
        this.gridBuyWh = 4_000_000 + 1_000_000 * SimNoise.unit(seed, STREAM_START, 1);
        this.gridSellWh = 3_000_000 + 1_000_000 * SimNoise.unit(seed, STREAM_START, 2);
        this.productionWh = 9_000_000 + 1_000_000 * SimNoise.unit(seed, STREAM_START, 3);
        this.consumptionWh = 8_000_000 + 1_000_000 * SimNoise.unit(seed, STREAM_START, 4);
        this.essChargeWh = 2_000_000 + 500_000 * SimNoise.unit(seed, STREAM_START, 5);
        this.essDischargeWh = 1_800_000 + 500_000 * SimNoise.unit(seed, STREAM_START, 6);
    }

    /** Integrates whole steps up to {@code timeMillis}; earlier times change nothing. */
    void advanceTo(long timeMillis) {
        long target = Math.floorDiv(timeMillis, STEP_MILLIS) * STEP_MILLIS;
        if (target - this.committedMillis > MAX_CATCH_UP_MILLIS) {
            this.committedMillis = target - MAX_CATCH_UP_MILLIS;
        }
        while (this.committedMillis < target) {
            this.integrateStep(this.powersAt(this.committedMillis));
            this.committedMillis += STEP_MILLIS;
        }
    }

    private void integrateStep(Powers p) {
        this.essEnergyWh = Math.clamp(this.essEnergyWh - p.ess() * STEP_HOURS, 0, CAPACITY_WH);
        this.gridBuyWh += Math.max(p.grid(), 0) * STEP_HOURS;
        this.gridSellWh += Math.max(-p.grid(), 0) * STEP_HOURS;
        this.productionWh += p.production() * STEP_HOURS;
        this.consumptionWh += p.consumption() * STEP_HOURS;
        this.essChargeWh += Math.max(-p.ess(), 0) * STEP_HOURS;
        this.essDischargeWh += Math.max(p.ess(), 0) * STEP_HOURS;
    }

    /** The powers at a time, given the battery's current charge and the set points. */
    Powers powersAt(long timeMillis) {
        double hour = this.localHour(timeMillis);
        double sun = hour > 6 && hour < 20 ? Math.sin(Math.PI * (hour - 6) / 14) : 0;
        double clouds = 0.55 + 0.45 * SimNoise.smooth(this.seed, STREAM_CLOUDS, timeMillis, 900_000);
        long production = Math.round(PV_PEAK_W * sun * clouds);
        if (this.pvLimitW != null) {
            production = Math.min(production, this.pvLimitW);
        }
        double evening = Math.exp(-Math.pow((hour - 19) / 1.8, 2));
        double morning = Math.exp(-Math.pow((hour - 7.5) / 1.2, 2));
        double spikes = Math.pow(SimNoise.smooth(this.seed, STREAM_LOAD_SPIKES, timeMillis, 120_000), 3);
        double jitter = SimNoise.smooth(this.seed, STREAM_LOAD_JITTER, timeMillis, 20_000);
        long consumption = Math.round(300 + 500 * evening + 250 * morning + 1_800 * spikes + 60 * jitter);

        // self-consumption control lags the load a little, so the grid shows tens of watts, not a flat zero
        long controlError = Math.round(80 * (SimNoise.smooth(this.seed, STREAM_CONTROL, timeMillis, 7_000) - 0.5));
        long wanted = this.essSetPointW != null ? this.essSetPointW : consumption - production + controlError;
        long ess = Math.clamp(wanted, -MAX_ESS_POWER_W, MAX_ESS_POWER_W);
        if ((ess > 0 && this.essEnergyWh <= MIN_ENERGY_WH) || (ess < 0 && this.essEnergyWh >= CAPACITY_WH)) {
            ess = 0;
        }
        long grid = consumption - production - ess;
        return new Powers(production, consumption, ess, grid);
    }

    private double localHour(long timeMillis) {
        int offsetSeconds = this.zoneRules.isFixedOffset() ? this.zoneRules.getOffset(Instant.EPOCH).getTotalSeconds()
                : this.zoneRules.getOffset(Instant.ofEpochMilli(timeMillis)).getTotalSeconds();
        long localMillis = timeMillis + offsetSeconds * 1000L;
        return Math.floorMod(localMillis, 86_400_000L) / 3_600_000.0;
    }

    int socPercent() {
        return (int) Math.round(100 * this.essEnergyWh / CAPACITY_WH);
    }

    long gridBuyWh() {
        return (long) this.gridBuyWh;
    }

    long gridSellWh() {
        return (long) this.gridSellWh;
    }

    long productionWh() {
        return (long) this.productionWh;
    }

    long consumptionWh() {
        return (long) this.consumptionWh;
    }

    long essChargeWh() {
        return (long) this.essChargeWh;
    }

    long essDischargeWh() {
        return (long) this.essDischargeWh;
    }

    Long essSetPointW() {
        return this.essSetPointW;
    }

    void setEssSetPointW(Long watts) {
        this.essSetPointW = watts;
    }

    Long pvLimitW() {
        return this.pvLimitW;
    }

    void setPvLimitW(Long watts) {
        this.pvLimitW = watts;
    }
}
