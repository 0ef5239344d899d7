package io.uplink.agent.internal;

import java.io.IOException;

import io.uplink.agent.SourceScheme;
import io.uplink.core.ChannelSource;
import io.uplink.edge.modbus.ModbusMap;
import io.uplink.edge.modbus.ModbusMapException;
import io.uplink.edge.modbus.ModbusMapFormat;
import io.uplink.edge.modbus.ModbusSource;
import io.uplink.edge.modbus.ModbusSourceSpec;

/** {@code --source=modbus://HOST[:PORT]?map=FILE[&unit=N]}: a Modbus/TCP device read through a register map. */
public final class ModbusSourceScheme implements SourceScheme {

    @Override
    public String scheme() {
        return ModbusSourceSpec.SCHEME;
    }

    @Override
    public String usage() {
        return "modbus://HOST[:PORT]?map=FILE[&unit=N]\n"
                + "                       a Modbus/TCP device (port 502 by default) read through the register\n"
                + "                       map FILE (.json or .csv, see docs/modbus-maps.md); unit replaces the\n"
                + "                       map's default unit id";
    }

    /** Parses the URI and loads the map, so a bad map stops the agent naming the line or field. */
    @Override
    public String check(String value) {
        ModbusSourceSpec spec = ModbusSourceSpec.parse(value);
        load(spec);
        return spec.id();
    }

    @Override
    public ChannelSource open(String value, Context context) {
        ModbusSourceSpec spec = ModbusSourceSpec.parse(value);
        try {
            return ModbusSource.open(spec);
        } catch (ModbusMapException | IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static ModbusMap load(ModbusSourceSpec spec) {
        try {
            ModbusMap map = ModbusMapFormat.load(spec.mapFile());
            return spec.unitId().isPresent() ? map.withDefaultUnitId(spec.unitId().getAsInt()) : map;
        } catch (ModbusMapException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the register map " + spec.mapFile().toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }
}
