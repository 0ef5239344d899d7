package io.uplink.ui.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.uplink.agent.AgentOptions;
import io.uplink.agent.AgentRuntime;
import io.uplink.backend.local.LocalBackend;

/**
 * A real agent in the workbench's process (the {@link AgentRuntime} service the workbench uses) connected to a
 * real local Backend on a free loopback port, as {@code run.sh} sets them up.
 */
final class LiveAgent implements AutoCloseable {
    static final String EDGE = "edge0";
    private static final String KEY = "ui-test-key-0123456789";

    private final AgentRuntime runtime;
    private LocalBackend backend;
    private final int port;

    private LiveAgent(AgentRuntime runtime, LocalBackend backend) {
        this.runtime = runtime;
        this.backend = backend;
        this.port = backend.port();
    }

    /** Starts the backend and the agent on the simulated edge with this many extra channels. */
    static LiveAgent start(int extraChannels) throws Exception {
        return start(extraChannels, Map.of());
    }

    /** The same with more connector attributes (e.g. a short replay grace period). */
    static LiveAgent start(int extraChannels, Map<String, String> attributes) throws Exception {
        LocalBackend backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        Path dataDirectory = Files.createTempDirectory("uplink-ui-test");
        Path keyFile = dataDirectory.resolve("apikey");
        Files.writeString(keyFile, KEY + "\n");
        Map<String, String> all = new java.util.HashMap<>(attributes);
        all.putAll(Map.of("uri", "ws://127.0.0.1:" + backend.port(), "reconnectBaseSeconds", "1", "reconnectMaxSeconds", "1"));
        AgentOptions options = new AgentOptions(dataDirectory.resolve("agent"), Optional.empty(), all, Optional.of(keyFile),
                "sim", extraChannels, 0, false, false);
        AgentRuntime runtime = runtimeService();
        runtime.start(options);
        LiveAgent agent = new LiveAgent(runtime, backend);
        backend.awaitConnected(EDGE, Duration.ofSeconds(20));
        return agent;
    }

    private static AgentRuntime runtimeService() throws InterruptedException {
        BundleContext context = FrameworkUtil.getBundle(LiveAgent.class).getBundleContext();
        ServiceTracker<AgentRuntime, AgentRuntime> tracker = new ServiceTracker<>(context, AgentRuntime.class, null);
        tracker.open();
        AgentRuntime runtime = tracker.waitForService(10_000);
        if (runtime == null) {
            throw new IllegalStateException("no AgentRuntime service in the workbench");
        }
        return runtime;
    }

    /** The running agent's control (configuration, profile), as the workbench uses it. */
    io.uplink.agent.AgentControl control() {
        return runtime.control().orElseThrow();
    }

    AgentRuntime runtime() {
        return runtime;
    }

    LocalBackend backend() {
        return backend;
    }

    int port() {
        return port;
    }

    /** Stops the Backend: the agent loses its connection and raises UnableToSend. */
    void stopBackend() {
        backend.close();
    }

    void restartBackend() throws Exception {
        backend = LocalBackend.start("127.0.0.1", port, Map.of(KEY, EDGE));
    }

    @Override
    public void close() {
        runtime.stop();
        backend.close();
    }
}
