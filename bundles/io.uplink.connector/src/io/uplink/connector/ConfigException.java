package io.uplink.connector;

import java.util.Objects;

/**
 * A connector configuration was refused. The message starts with the attribute name and says what is accepted,
 * e.g. {@code persistencePriority: 'HIGHEST' is not one of VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH}; it never
 * contains the apikey.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String attribute;

    /**
     * @param attribute the attribute (or unknown key) at fault
     * @param problem what is wrong and what is accepted; becomes the message after {@code "<attribute>: "}
     */
    public ConfigException(String attribute, String problem) {
        super(Objects.requireNonNull(attribute, "attribute") + ": " + Objects.requireNonNull(problem, "problem"));
        this.attribute = attribute;
    }

    /** The attribute (or unknown key) the problem is about. */
    public String attribute() {
        return this.attribute;
    }
}
