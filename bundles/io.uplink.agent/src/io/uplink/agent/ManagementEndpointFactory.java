package io.uplink.agent;

import java.io.IOException;

/**
 * Starts the remote management endpoint for a running agent. Published as an OSGi service by the
 * io.uplink.management bundle (the agent does not depend on it: the slim product may leave it out).
 */
public interface ManagementEndpointFactory {

    /**
     * Starts serving; returns once the endpoint listens.
     *
     * @return closes the endpoint
     * @throws IOException when it cannot listen (port taken, bad address) or its token or certificate cannot be made
     */
    AutoCloseable start(ManagementSettings settings, AgentRuntime runtime) throws IOException;
}
