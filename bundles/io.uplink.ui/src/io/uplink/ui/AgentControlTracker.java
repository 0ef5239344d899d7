package io.uplink.ui;

import java.util.Optional;

import io.uplink.agent.AgentControl;

/**
 * What the editor, the preferences and the actions change: the {@link AgentControl} of the agent the workbench
 * looks at ({@link WatchedAgents#current()}), in this process or on a device.
 */
public final class AgentControlTracker {

    private AgentControlTracker() {
    }

    public static Optional<AgentControl> current() {
        return WatchedAgents.current().control();
    }
}
