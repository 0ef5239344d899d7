package io.uplink.agent.internal;

import io.uplink.agent.SourceScheme;
import io.uplink.core.ChannelSource;
import io.uplink.edge.sim.SimulatedEdge;

/** {@code --source=sim}: the simulated edge, with {@code --sim-channels} extra channels. */
public final class SimSourceScheme implements SourceScheme {

    @Override
    public String scheme() {
        return "sim";
    }

    @Override
    public String usage() {
        return "sim                    the simulated edge (the default)";
    }

    @Override
    public String check(String value) {
        if (!value.equals("sim")) {
            throw new IllegalArgumentException("'" + value + "': the simulated edge takes no parameters (use sim)");
        }
        return "simulatedEdge";
    }

    @Override
    public ChannelSource open(String value, Context context) {
        return new SimulatedEdge(context.clock(), System.nanoTime(), context.options().simulatedExtraChannels());
    }
}
