package io.uplink.edge.openems;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.SourceHealth;
import io.uplink.edge.openems.internal.ReaderLoop;
import io.uplink.edge.openems.internal.RestReader;
import io.uplink.edge.openems.internal.SourceState;
import io.uplink.edge.openems.internal.WebsocketReader;

/**
 * Every channel of an OpenEMS Edge, read through its {@code Controller.Api.Websocket} (one {@code currentData}
 * per Edge cycle is one snapshot), or through {@code Controller.Api.Rest.ReadOnly} while the websocket cannot be
 * reached. The Edge's {@code persistencePriority} is taken as a declared priority, the layer under the priority
 * profile. The channel list follows the Edge's components; it is empty until the first enumeration.
 *
 * <p>{@link #start()} starts one background thread that connects and keeps reconnecting; {@link #read(long)}
 * never waits for the Edge and never throws for it: while the Edge cannot be read the values are null and
 * {@link #health()} says why. Read-only: every write is refused. Thread-safe.
 */
public final class OpenEmsEdgeSource implements ChannelSource, AutoCloseable {

    private final String id;
    private final OpenEmsSourceConfig config;
    private final SourceState state;
    private final ClientManager client;
    private final RestReader rest;
    private final ReaderLoop loop;
    private Thread thread;

    public OpenEmsEdgeSource(OpenEmsSourceConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.id = config.displayName();
        this.state = new SourceState(this.id, clock, config.staleAfter().toNanos());
        this.client = config.websocketUri() == null ? null : createClient();
        WebsocketReader websocket = this.client == null ? null : new WebsocketReader(config, this.client, this.state);
        this.rest = config.restUri() == null ? null : new RestReader(config, this.state);
        this.loop = new ReaderLoop(config, this.state, websocket, this.rest, System.nanoTime());
    }

    private static ClientManager createClient() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Tyrus finds its container by class name through the context class loader; in OSGi that must be ours
        thread.setContextClassLoader(OpenEmsEdgeSource.class.getClassLoader());
        try {
            return ClientManager.createClient(GrizzlyClientContainer.class.getName());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Starts connecting in the background; returns at once. */
    public synchronized OpenEmsEdgeSource start() {
        if (this.thread == null) {
            this.thread = new Thread(this.loop, "uplink-source-" + this.id);
            this.thread.setDaemon(true);
            this.thread.start();
        }
        return this;
    }

    public OpenEmsSourceConfig config() {
        return this.config;
    }

    @Override
    public String id() {
        return this.id;
    }

    @Override
    public List<ChannelMetadata> channels() {
        return this.state.layout().channels();
    }

    @Override
    public long channelsVersion() {
        return this.state.layout().version();
    }

    @Override
    public ChannelSnapshot read(long timestampMillis) {
        return this.state.read(timestampMillis);
    }

    @Override
    public SourceHealth health() {
        return this.state.health();
    }

    @Override
    public void write(ChannelAddress address, Object value) throws ChannelWriteException {
        Objects.requireNonNull(address, "address");
        boolean known = this.state.layout().index().containsKey(address.toString());
        throw new ChannelWriteException(address, known
                ? "the OpenEMS Edge source " + this.id + " only reads; write on the Edge itself"
                : "no such channel in " + this.id);
    }

    @Override
    public synchronized void close() {
        this.loop.stop();
        if (this.thread != null) {
            this.thread.interrupt();
            try {
                this.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (this.rest != null) {
            this.rest.close();
        }
        if (this.client != null) {
            this.client.shutdown();
        }
    }

    @Override
    public String toString() {
        return "OpenEmsEdgeSource[" + this.config + "]";
    }
}
