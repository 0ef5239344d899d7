package io.uplink.edge.modbus;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

/**
 * One channel of a register map: where it is on the device and how its raw registers become a value.
 * Decoding: registers → word/byte order → raw bits → {@code invalid} check (null) → {@code bit} → × scale (or
 * × 10^sf) + offset → {@code openemsType}.
 *
 * @param unitIdDefaulted true when the unit id came from the map's defaults, so a site's {@code unit=} replaces it
 * @param registers registers read (bits for the coil and discrete tables)
 * @param bit the bit to extract (0-based from the least significant), or -1
 * @param sfAddress the address of the SunSpec scale-factor register (int16, same unit and table), or -1
 * @param invalid raw bit patterns (masked to the type's width) that mean "no value"
 * @param invalidNaN true when NaN is listed as invalid (floats)
 * @param location where the point is defined (JSON pointer or CSV line), for messages
 */
public record ModbusPoint(ChannelAddress channel, int unitId, boolean unitIdDefaulted, ModbusTable table, int address,
        ModbusDataType type, boolean wordSwap, boolean byteSwap, int registers, int bit, BigDecimal scale,
        int sfAddress, BigDecimal offset, Unit unit, OpenemsType openemsType, PersistencePriority priority,
        boolean priorityDeclared, long[] invalid, boolean invalidNaN, Map<Integer, String> options, String text,
        String location) {

    public ModbusPoint {
        Objects.requireNonNull(channel, "channel");
        invalid = invalid.clone();
        options = Map.copyOf(options);
    }

    /** The last address this point reads. */
    public int endAddress() {
        return this.address + this.registers - 1;
    }

    public boolean hasScaleFactorRegister() {
        return this.sfAddress >= 0;
    }

    /** This point with another unit id (a site's {@code unit=} setting). */
    public ModbusPoint withUnitId(int newUnitId) {
        return new ModbusPoint(this.channel, newUnitId, this.unitIdDefaulted, this.table, this.address, this.type,
                this.wordSwap, this.byteSwap, this.registers, this.bit, this.scale, this.sfAddress, this.offset,
                this.unit, this.openemsType, this.priority, this.priorityDeclared, this.invalid, this.invalidNaN,
                this.options, this.text, this.location);
    }

    public ChannelMetadata metadata() {
        return new ChannelMetadata(this.channel, this.openemsType, this.unit, this.priority, AccessMode.READ_ONLY,
                this.options, this.text, this.priorityDeclared);
    }

    @Override
    public String toString() {
        return this.channel + "@" + this.unitId + "/" + this.table.key() + "/" + this.address + ":" + this.type.key();
    }
}
