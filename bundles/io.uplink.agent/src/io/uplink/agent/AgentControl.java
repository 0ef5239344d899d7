package io.uplink.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectionTestResult;
import io.uplink.connector.ConnectorConfig;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.SourceHealth;
import io.uplink.profile.CompiledProfile;

/**
 * What the workbench may change on a running agent: its configuration (validated, applied without a restart,
 * persisted), its secrets (into secure storage), its priority profile, and a test of a configuration. Methods may
 * block (file and network I/O): call them off the UI thread, except the getters.
 */
public interface AgentControl {

    /** The configuration in use. */
    ConnectorConfig config();

    /**
     * Validates the changes against the running configuration, applies them and persists them, as the Backend's
     * updateComponentConfig does. Secrets ({@code apikey}, {@code proxyPassword}) go into secure storage, never
     * into a file.
     *
     * @throws ConfigException naming the attribute and what is accepted; nothing was changed then
     */
    ConnectorConfig updateConfig(Map<String, String> changes) throws ConfigException, IOException;

    /**
     * "Connect now", the workbench's Connect while the agent waits to reconnect: when the connection is enabled, not
     * connected and waiting for its next attempt ({@link io.uplink.connector.ConnectionState#WAITING}), the attempt
     * is made at once instead of at the end of the backoff's wait (up to {@code reconnectMaxSeconds}). The backoff's
     * failure count stays, so a failed attempt is followed by the next, longer wait of the exponential sequence; at
     * most two attempts a second, never two at once. While an attempt runs, while connected, disabled or stopped it
     * changes nothing (to connect a disabled agent, set {@code enabled=true} through {@link #updateConfig}). Returns
     * at once; the outcome arrives through the status like any attempt's.
     *
     * @return true when a wait was cut short and the attempt is under way
     * @throws IOException when the agent could not be asked (a device out of reach)
     */
    boolean connectNow() throws IOException;

    /** Runs the whole connection chain once for this (not yet applied) configuration; blocks up to ~32 s. */
    ConnectionTestResult testConnection(ConnectorConfig candidate);

    /** The profile the agent sends with, if any. */
    Optional<CompiledProfile> profile();

    /**
     * Sends with this profile from the next cycle on: its rules give the channels their priorities, its thresholds
     * go through {@link #updateConfig}; both are kept in the data directory for the next start.
     */
    void applyProfile(CompiledProfile profile) throws ConfigException, IOException;

    /** The device's channels as their source describes them, before any profile (for previews). */
    List<ChannelMetadata> sourceChannels();

    /** How the channel sources are doing (the first one that is not OK, or OK), for the status views. */
    default SourceHealth sourceHealth() {
        return SourceHealth.ALWAYS_OK;
    }

    /** The agent's data directory. */
    Path dataDirectory();
}
