package io.uplink.agent.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.uplink.agent.SourceFactory;
import io.uplink.agent.SourceOption;
import io.uplink.core.ChannelSource;
import io.uplink.edge.modbus.ModbusMapException;
import io.uplink.edge.modbus.ModbusMapFormat;
import io.uplink.edge.modbus.ModbusSource;
import io.uplink.edge.modbus.ModbusSourceSpec;
import io.uplink.edge.openems.OpenEmsEdgeSource;
import io.uplink.edge.openems.OpenEmsSourceConfig;
import io.uplink.edge.sim.SimulatedEdge;

/** The {@code --source} schemes the agent knows; a new kind of source is one more entry here. */
public final class SourceFactories {

    private static final Map<String, SourceFactory> BY_SCHEME = new LinkedHashMap<>();

    static {
        BY_SCHEME.put("sim", new Sim());
        BY_SCHEME.put(ModbusSourceSpec.SCHEME, new Modbus());
        BY_SCHEME.put("openems", new OpenEms());
    }

    private SourceFactories() {
    }

    /** The factory of a scheme, or null. */
    public static SourceFactory get(String scheme) {
        return BY_SCHEME.get(scheme);
    }

    /** The schemes' one-line forms, for messages. */
    public static String usages() {
        return String.join(", ", BY_SCHEME.values().stream().map(SourceFactory::usage).toList());
    }

    /** The schemes' help texts, for {@code --help}. */
    public static List<String> help() {
        return BY_SCHEME.values().stream().map(SourceFactory::help).toList();
    }

    /** {@code --source=sim}: the simulated edge, with {@code --sim-channels} extra channels. */
    private static final class Sim implements SourceFactory {
        @Override
        public String usage() {
            return "sim";
        }

        @Override
        public String help() {
            return "sim                    the simulated edge (the default)";
        }

        @Override
        public String check(SourceOption option) {
            if (!option.address().isEmpty()) {
                throw new IllegalArgumentException("'" + option + "': the simulated edge takes no parameters (use sim)");
            }
            return "simulatedEdge";
        }

        @Override
        public ChannelSource create(Context context) {
            return new SimulatedEdge(context.clock(), System.nanoTime(), context.simulatedExtraChannels());
        }
    }

    /** {@code --source=modbus://HOST[:PORT]?map=FILE[&unit=N]}: a Modbus/TCP device read through a register map. */
    private static final class Modbus implements SourceFactory {
        @Override
        public String usage() {
            return "modbus://HOST[:PORT]?map=FILE[&unit=N]";
        }

        @Override
        public String help() {
            return usage() + "\n"
                    + "                       a Modbus/TCP device (port 502 by default) read through the register\n"
                    + "                       map FILE (.json or .csv, see docs/modbus-maps.md); unit replaces the\n"
                    + "                       map's default unit id";
        }

        /** Parses the URI and loads the map, so a bad map stops the agent naming the line or field. */
        @Override
        public String check(SourceOption option) {
            ModbusSourceSpec spec = ModbusSourceSpec.parse(option.toString());
            try {
                ModbusMapFormat.load(spec.mapFile());
            } catch (ModbusMapException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the register map " + spec.mapFile().toAbsolutePath()
                        + ": " + e.getMessage(), e);
            }
            return spec.id();
        }

        @Override
        public ChannelSource create(Context context) {
            try {
                return ModbusSource.open(ModbusSourceSpec.parse(context.option().toString()));
            } catch (ModbusMapException | IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** {@code --source=openems:ws://HOST:8085} (REST ReadOnly fallback) or {@code openems:http://HOST:8084}. */
    private static final class OpenEms implements SourceFactory {
        @Override
        public String usage() {
            return "openems:ws://HOST:8085";
        }

        @Override
        public String help() {
            return usage() + "\n"
                    + "                       an OpenEMS Edge through its websocket API (REST ReadOnly on\n"
                    + "                       http://HOST:8084 while the websocket is down; ?rest=http://HOST:PORT\n"
                    + "                       or ?rest=none changes that); needs --source-password-file once\n"
                    + "openems:http://HOST:8084\n"
                    + "                       an OpenEMS Edge through REST ReadOnly only";
        }

        @Override
        public boolean needsPassword() {
            return true;
        }

        @Override
        public String check(SourceOption option) {
            return OpenEmsSourceConfig.parse(option.address(), "").displayName();
        }

        @Override
        public ChannelSource create(Context context) {
            OpenEmsSourceConfig config = OpenEmsSourceConfig.parse(context.option().address(),
                    context.password().orElseThrow());
            return new OpenEmsEdgeSource(config, context.clock()).start();
        }
    }
}
