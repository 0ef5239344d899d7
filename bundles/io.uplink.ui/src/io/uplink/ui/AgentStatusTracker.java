package io.uplink.ui;

import java.util.Optional;

import io.uplink.connector.AgentStatus;

/** The status of the agent the workbench looks at ({@link WatchedAgents#current()}): in this process or on a device. */
public final class AgentStatusTracker {

    private AgentStatusTracker() {
    }

    public static Optional<AgentStatus> current() {
        return WatchedAgents.current().status();
    }
}
