package io.uplink.ui.views;

/** The Connection view of the Uplink perspective. */
public class ConnectionView extends AgentAbsentView {
    public static final String ID = "io.uplink.ui.views.connection";

    @Override
    protected String purpose() {
        return "Shows the connection to the OpenEMS Backend: state, URI, connected since and the last diagnosis.";
    }
}
