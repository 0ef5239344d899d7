package io.uplink.agent;

import java.util.Optional;

import io.uplink.connector.AgentStatus;

/**
 * The agent that runs on the device: one instance per OSGi framework, published by Declarative Services.
 * The headless application and the workbench both drive it through this interface.
 */
public interface AgentRuntime {

    enum State { IDLE, RUNNING, STOPPED }

    State state();

    /** Starts the agent with the given options; a second call while running is refused. */
    void start(AgentOptions options) throws Exception;

    /** The running connector's status (also published as an OSGi service while running). */
    Optional<AgentStatus> status();

    /** Changes the running agent (configuration, secrets, profile); empty while it does not run. */
    default Optional<AgentControl> control() {
        return Optional.empty();
    }

    /** Stops whatever runs; safe to call in any state. */
    void stop();
}
