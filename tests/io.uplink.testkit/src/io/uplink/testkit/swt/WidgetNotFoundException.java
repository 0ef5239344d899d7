package io.uplink.testkit.swt;

/** No widget matched; named like SWTBot's so tests read the same after the switch. */
public class WidgetNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WidgetNotFoundException(String message) {
        super(message);
    }
}
