package io.uplink.testkit.swt;

/** A {@link Condition} did not hold in time; named like SWTBot's. */
public class TimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TimeoutException(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
