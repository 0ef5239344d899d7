package io.uplink.agent;

/** A command-line argument the agent cannot accept; the message names the argument and what is accepted. */
public final class CommandLineException extends Exception {
    private static final long serialVersionUID = 1L;

    public CommandLineException(String message) {
        super(message);
    }
}
