package io.uplink.backend.local;

/** A bad command line; the message names the offending option. */
public final class CommandLineException extends Exception {

    private static final long serialVersionUID = 1L;

    public CommandLineException(String message) {
        super(message);
    }
}
