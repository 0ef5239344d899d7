package io.uplink.ui.views;

/** The Transmission view of the Uplink perspective. */
public class TransmissionView extends AgentAbsentView {
    public static final String ID = "io.uplink.ui.views.transmission";

    @Override
    protected String purpose() {
        return "Lists every channel the agent reads and what it sends: value, priority, last sent, delta or full.";
    }
}
