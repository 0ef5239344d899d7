package io.uplink.store;

/** The backlog could not do what was asked; nothing already committed is lost by the failure. */
public class BacklogException extends Exception {
    private static final long serialVersionUID = 1L;

    public BacklogException(String message, Throwable cause) {
        super(message, cause);
    }

    public BacklogException(String message) {
        super(message);
    }
}
