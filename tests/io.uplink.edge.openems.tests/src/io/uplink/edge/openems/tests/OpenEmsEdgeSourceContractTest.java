package io.uplink.edge.openems.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.uplink.core.SourceHealth;
import io.uplink.edge.openems.OpenEmsEdgeSource;
import io.uplink.testkit.openems.FakeOpenEmsEdge;
import io.uplink.testkit.source.ChannelSourceContract;

/** The OpenEMS source keeps the channel-source contract, against the fake Edge's websocket. */
class OpenEmsEdgeSourceContractTest extends ChannelSourceContract<OpenEmsEdgeSource> {

    private final List<FakeOpenEmsEdge> edges = new ArrayList<>();
    private FakeOpenEmsEdge edge;

    @Override
    protected OpenEmsEdgeSource createSource() throws Exception {
        this.edge = FakeOpenEmsEdge.small("user").startWebsocket(Sources.CYCLE);
        this.edges.add(this.edge);
        OpenEmsEdgeSource source = Sources.start(Sources.config(this.edge.websocketUri(), null, "user"));
        Sources.awaitReading(source);
        return source;
    }

    @Override
    protected Optional<OpenEmsEdgeSource> createSourceWithDeviceDown() throws Exception {
        OpenEmsEdgeSource source = Sources.start(Sources.config(Sources.closedPort("ws"), null, "user"));
        Await.until("UNAVAILABLE", () -> Sources.is(source, SourceHealth.State.UNAVAILABLE), source::health);
        return Optional.of(source);
    }

    @Override
    protected boolean changeChannelSet(OpenEmsEdgeSource source) {
        this.edge.addComponent("pv0", "PV-Inverter.Fronius",
                List.of(FakeOpenEmsEdge.Channel.of("ActivePower", "INTEGER", "W", "HIGH")));
        Await.until("pv0 in the channel list", () -> Sources.has(source, "pv0/ActivePower"));
        return true;
    }

    @Override
    protected void dispose(OpenEmsEdgeSource source) throws Exception {
        source.close();
        this.edges.forEach(FakeOpenEmsEdge::close);
        this.edges.clear();
    }
}
