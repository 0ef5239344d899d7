package io.uplink.ui.views;

/** The Resend view of the Uplink perspective. */
public class ResendView extends AgentAbsentView {
    public static final String ID = "io.uplink.ui.views.resend";

    @Override
    protected String purpose() {
        return "Shows the backlog waiting to be resent, by priority, and the progress of the resend.";
    }
}
