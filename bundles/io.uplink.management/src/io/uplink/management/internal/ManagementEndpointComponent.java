package io.uplink.management.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;

import io.uplink.agent.AgentControl;
import io.uplink.agent.AgentRuntime;
import io.uplink.agent.ManagementEndpointFactory;
import io.uplink.agent.ManagementSettings;
import io.uplink.connector.AgentStatus;
import io.uplink.management.ManagementServer;

/** Lets the headless application start the endpoint without depending on this bundle. */
@Component(service = ManagementEndpointFactory.class)
public class ManagementEndpointComponent implements ManagementEndpointFactory {

    @Override
    public AutoCloseable start(ManagementSettings settings, AgentRuntime runtime) throws IOException {
        AgentStatus status = runtime.status().orElseThrow(() -> new IOException("the agent does not run"));
        AgentControl control = runtime.control().orElseThrow(() -> new IOException("the agent does not run"));
        return ManagementServer.start(settings, status, control, control.dataDirectory());
    }
}
