package io.uplink.agent.internal;

import java.io.IOException;
import java.nio.file.Files;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.agent.AgentOptions;
import io.uplink.agent.AgentRuntime;
import io.uplink.agent.AgentVersion;

/** Declarative Services wiring of the agent. */
@Component(service = AgentRuntime.class, immediate = true)
public class AgentRuntimeComponent implements AgentRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntimeComponent.class);

    private volatile State state = State.IDLE;

    @Deactivate
    void deactivate() {
        stop();
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public synchronized void start(AgentOptions options) throws IOException {
        if (state == State.RUNNING) {
            throw new IllegalStateException("the agent is already running");
        }
        Files.createDirectories(options.dataDirectory());
        LOG.info("Uplink agent {} starting; data directory {}; configuration: {}", AgentVersion.get(),
                options.dataDirectory().toAbsolutePath(),
                options.configFile().map(f -> f.toAbsolutePath().toString()).orElse("built-in defaults (no --config)"));
        state = State.RUNNING;
    }

    @Override
    public synchronized void stop() {
        if (state == State.RUNNING) {
            state = State.STOPPED;
            LOG.info("Uplink agent stopped");
        }
    }
}
