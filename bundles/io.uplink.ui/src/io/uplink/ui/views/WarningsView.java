package io.uplink.ui.views;

/** The Warnings view of the Uplink perspective. */
public class WarningsView extends AgentAbsentView {
    public static final String ID = "io.uplink.ui.views.warnings";

    @Override
    protected String purpose() {
        return "Shows when UnableToSend was raised and cleared, and every connection failure with its diagnosis.";
    }
}
