package io.uplink.edge.sim.tests;

import java.time.Instant;

import io.uplink.core.MutableClock;
import io.uplink.edge.sim.SimulatedEdge;
import io.uplink.testkit.source.ChannelSourceContract;

/** The simulated edge keeps the channel-source contract; it has no device that can be down, and a fixed set. */
class SimulatedEdgeContractTest extends ChannelSourceContract<SimulatedEdge> {

    private static final Instant START = Instant.parse("2026-06-21T10:00:00Z");

    @Override
    protected SimulatedEdge createSource() {
        return new SimulatedEdge(new MutableClock(START), 7, 20);
    }

    @Override
    protected long timestamp(int n) {
        return START.toEpochMilli() + n * 1000L;
    }
}
