package io.uplink.ui.preferences;

import java.util.ArrayList;
import java.util.List;

import io.uplink.connector.ConnectorConfig;

/**
 * Reconnect backoff, the on-disk backlog and its replay (README "The backlog"). The known attributes come in a
 * reading order; any further {@code backlog…}/{@code replay…} attribute a newer connector has is appended, so the
 * page follows the connector's configuration as it grows.
 */
public class BufferingPage extends AgentSettingsPage {
    public static final String ID = "io.uplink.ui.preferences.buffering";
    private static final List<String> ORDER = List.of("reconnectBaseSeconds", "reconnectMaxSeconds", "replayMode",
            "backlogMaxMegabytes", "backlogMinFreeMegabytes", "backlogCommitSeconds", "replayGraceSeconds",
            "replayWindowJitterSeconds", "replayRawJitterMaxSeconds", "replaySpeed", "replayBytesPerSecond",
            "replayWindowMessagesPerSecond", "replayMaxAgeDays", "liveBarrierSeconds", "barrierTimeoutSeconds");

    @Override
    protected List<String> attributes() {
        List<String> names = new ArrayList<>(ORDER);
        ConnectorConfig.attributeNames().stream()
                .filter(name -> name.startsWith("backlog") || name.startsWith("replay"))
                .filter(name -> !names.contains(name))
                .forEach(names::add);
        names.retainAll(ConnectorConfig.attributeNames());
        return names;
    }

    @Override
    protected String intro() {
        return "After the n-th failed attempt in a row the agent waits a random time up to min(max, base × 2ⁿ⁻¹). "
                + "While the Backend is unreachable the agent keeps its data on disk and replays it after reconnecting, "
                + "paced so live data is never delayed. The backlog size limits apply at the next start.";
    }
}
