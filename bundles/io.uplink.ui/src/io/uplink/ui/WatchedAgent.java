package io.uplink.ui;

import java.util.Optional;

import io.uplink.agent.AgentControl;
import io.uplink.connector.AgentStatus;

/**
 * The agent the workbench is looking at: the one running in this process, or one on a device reached through its
 * management endpoint. Every view, preference page and the profile editor read {@link #status()} and change things
 * through {@link #control()}, so they cannot tell the two apart.
 */
public interface WatchedAgent {

    /** For the window title and status line, e.g. "this workbench" or "device 192.168.1.20:8090". */
    String name();

    /** The agent's status; empty while no agent runs here and none is attached. */
    Optional<AgentStatus> status();

    /** What may be changed on it; empty like {@link #status()}. */
    Optional<AgentControl> control();

    /** Why it cannot be reached right now ("device unreachable: …"), or null. */
    default String problem() {
        return null;
    }

    /** True for an agent on a device (detach applies). */
    default boolean remote() {
        return false;
    }
}
