package io.uplink.ui.preferences;

import java.util.ArrayList;
import java.util.List;

import io.uplink.connector.ConnectorConfig;

/**
 * Reconnect backoff, and the backlog and replay attributes the connector has: every attribute named
 * {@code backlog…} or {@code replay…} is shown, so the page follows the connector's configuration as it grows.
 */
public class BufferingPage extends AgentSettingsPage {
    public static final String ID = "io.uplink.ui.preferences.buffering";

    @Override
    protected List<String> attributes() {
        List<String> names = new ArrayList<>(List.of("reconnectBaseSeconds", "reconnectMaxSeconds"));
        ConnectorConfig.attributeNames().stream()
                .filter(name -> name.startsWith("backlog") || name.startsWith("replay"))
                .forEach(names::add);
        return names;
    }

    @Override
    protected String intro() {
        return "After the n-th failed attempt in a row the agent waits a random time up to min(max, base × 2ⁿ⁻¹). "
                + "Backlog and replay settings appear here when the agent buffers on disk.";
    }
}
