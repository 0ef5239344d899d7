package io.uplink.ui.preferences;

import java.util.List;

/** Backend URI, API key (secure storage), apiTimeout, the three priority thresholds, debug mode. */
public class BackendConnectionPage extends AgentSettingsPage {
    public static final String ID = "io.uplink.ui.preferences.connection";

    @Override
    protected List<String> attributes() {
        return List.of("uri", "apikey", "apiTimeout", "persistencePriority", "aggregationPriority", "resendPriority",
                "debugMode");
    }

    @Override
    protected String intro() {
        return "The agent's connection to the OpenEMS Backend. Changes apply to the running agent without a restart "
                + "and are kept for its next start; the API key goes into secure storage.";
    }
}
