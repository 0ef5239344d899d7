package io.uplink.agent;

/**
 * The agent that runs on the device: one instance per OSGi framework, published by Declarative Services.
 * The headless application and the workbench both drive it through this interface.
 */
public interface AgentRuntime {

    enum State { IDLE, RUNNING, STOPPED }

    State state();

    /** Starts the agent with the given options; a second call while running is refused. */
    void start(AgentOptions options) throws Exception;

    /** Stops whatever runs; safe to call in any state. */
    void stop();
}
