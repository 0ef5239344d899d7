package io.uplink.agent.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.uplink.agent.SourceFactory;
import io.uplink.core.ChannelSource;
import io.uplink.edge.openems.OpenEmsEdgeSource;
import io.uplink.edge.openems.OpenEmsSourceConfig;
import io.uplink.edge.sim.SimulatedEdge;

/** The {@code --source} schemes the agent knows; a new kind of source is one more entry here. */
public final class SourceFactories {

    private static final Map<String, SourceFactory> BY_SCHEME = new LinkedHashMap<>();

    static {
        BY_SCHEME.put("sim", new SourceFactory() {
            @Override
            public String usage() {
                return "sim";
            }

            @Override
            public void check(String address) {
                if (!address.isEmpty()) {
                    throw new IllegalArgumentException("sim takes no address");
                }
            }

            @Override
            public ChannelSource create(Context context) {
                return new SimulatedEdge(context.clock(), System.nanoTime(), context.simulatedExtraChannels());
            }
        });
        BY_SCHEME.put("openems", new SourceFactory() {
            @Override
            public String usage() {
                return "openems:ws://HOST:8085";
            }

            @Override
            public boolean needsPassword() {
                return true;
            }

            @Override
            public void check(String address) {
                OpenEmsSourceConfig.parse(address, "");
            }

            @Override
            public ChannelSource create(Context context) {
                OpenEmsSourceConfig config = OpenEmsSourceConfig.parse(context.option().address(),
                        context.password().orElseThrow());
                return new OpenEmsEdgeSource(config, context.clock()).start();
            }
        });
    }

    private SourceFactories() {
    }

    /** The factory of a scheme, or null. */
    public static SourceFactory get(String scheme) {
        return BY_SCHEME.get(scheme);
    }

    /** The schemes' usage lines, for messages and {@code --help}. */
    public static String usages() {
        return String.join(", ", BY_SCHEME.values().stream().map(SourceFactory::usage).toList());
    }
}
