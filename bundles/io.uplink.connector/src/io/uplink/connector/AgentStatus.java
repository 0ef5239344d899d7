package io.uplink.connector;

import java.util.List;

/**
 * The single source of what the agent is doing: the state channels, the logs' summary line and the
 * workbench views all read it. Snapshots are immutable; listeners are told after every cycle and on
 * every connection change (on the agent's threads: UI code must hop to its own thread).
 */
public interface AgentStatus {

    StatusSnapshot snapshot();

    /** One row per channel the agent reads (value, priority, what was sent last). */
    List<ChannelRow> channelTable();

    /**
     * The last 1,000 status events (connection
     * opened, lost or failed with its diagnosis, UnableToSend raised and cleared, configuration applied), oldest
     * first; an immutable copy.
     */
    List<StatusEvent> events();

    /** The on-disk backlog and its replay; {@link BacklogStatus#NOT_AVAILABLE} when the agent runs without one. */
    default BacklogStatus backlog() {
        return BacklogStatus.NOT_AVAILABLE;
    }

    void addListener(Runnable listener);

    void removeListener(Runnable listener);
}
