package io.uplink.edge.modbus.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import io.uplink.core.ChannelValues;
import io.uplink.edge.modbus.ModbusDataType;
import io.uplink.edge.modbus.ModbusPoint;

/** Turns a point's raw registers (or bits) into its channel value. Stateless. */
public final class PointDecoder {

    private static final long SF_NOT_IMPLEMENTED = -32_768;

    private PointDecoder() {
    }

    /**
     * @param raw the point's registers (0..65535 each) in address order, or its bit (0/1) for bool
     * @param sf the scale-factor register's value (0..65535) when the point has one, else ignored
     * @return the canonical value, or null for an invalid sentinel or a missing scale factor
     * @throws IllegalArgumentException if the result does not fit the point's openemsType
     */
    public static Object decode(ModbusPoint p, int[] raw, int sf) {
        ModbusDataType type = p.type();
        if (type == ModbusDataType.BOOL) {
            return raw[0] != 0;
        }
        if (type == ModbusDataType.STRING) {
            return string(p, raw);
        }
        long bits = rawBits(p, raw);
        int width = type.bits();
        long mask = width == 64 ? -1L : (1L << width) - 1;
        for (long invalid : p.invalid()) {
            if ((bits & mask) == invalid) {
                return null;
            }
        }
        if (p.bit() >= 0) {
            return ((bits >>> p.bit()) & 1) == 1;
        }
        Number value;
        switch (type.kind()) {
            case SIGNED -> value = width == 64 ? bits : (bits << (64 - width)) >> (64 - width);
            case UNSIGNED -> value = width == 64 && bits < 0 ? new BigInteger(Long.toUnsignedString(bits)) : bits;
            case FLOAT -> {
                if (width == 32) {
                    float f = Float.intBitsToFloat((int) bits);
                    if (Float.isNaN(f)) {
                        return null; // NaN is no value in OpenEMS, listed as invalid or not
                    }
                    value = f;
                } else {
                    double d = Double.longBitsToDouble(bits);
                    if (Double.isNaN(d)) {
                        return null;
                    }
                    value = d;
                }
            }
            default -> throw new IllegalStateException("unexpected kind " + type.kind());
        }
        boolean plain = !p.hasScaleFactorRegister() && p.scale().compareTo(BigDecimal.ONE) == 0
                && p.offset().signum() == 0;
        if (plain) {
            return ChannelValues.normalize(p.openemsType(), value);
        }
        if (value instanceof Float f && !Float.isFinite(f) || value instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        BigDecimal decimal = value instanceof Float f ? new BigDecimal(Float.toString(f))
                : value instanceof Double d ? BigDecimal.valueOf(d)
                : value instanceof BigInteger big ? new BigDecimal(big) : BigDecimal.valueOf(value.longValue());
        if (p.hasScaleFactorRegister()) {
            long exponent = (short) sf;
            if (exponent == SF_NOT_IMPLEMENTED || exponent < -20 || exponent > 20) {
                return null;
            }
            decimal = decimal.scaleByPowerOfTen((int) exponent);
        } else {
            decimal = decimal.multiply(p.scale());
        }
        return ChannelValues.normalize(p.openemsType(), decimal.add(p.offset()));
    }

    /** The registers as one number: word order first, then the bytes inside each register. */
    static long rawBits(ModbusPoint p, int[] raw) {
        int words = p.registers();
        long bits = 0;
        for (int i = 0; i < words; i++) {
            int word = raw[p.wordSwap() ? words - 1 - i : i];
            if (p.byteSwap()) {
                word = (word & 0xFF) << 8 | (word >> 8) & 0xFF;
            }
            bits = bits << 16 | word & 0xFFFF;
        }
        return bits;
    }

    /** ASCII, two characters per register; trailing NULs and spaces are padding; all padding is no value. */
    private static String string(ModbusPoint p, int[] raw) {
        byte[] bytes = new byte[raw.length * 2];
        for (int i = 0; i < raw.length; i++) {
            int word = raw[i];
            int first = p.byteSwap() ? word & 0xFF : word >> 8 & 0xFF;
            int second = p.byteSwap() ? word >> 8 & 0xFF : word & 0xFF;
            bytes[2 * i] = (byte) first;
            bytes[2 * i + 1] = (byte) second;
        }
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == ' ')) {
            end--;
        }
        if (end == 0) {
            return null;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }
}
