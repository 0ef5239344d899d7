package io.uplink.agent;

import java.time.Clock;

import io.uplink.core.ChannelSource;

/**
 * One kind of channel source the agent can read, chosen by the scheme of a {@code --source} value
 * ({@code sim}, {@code modbus://…}). {@link SourceSchemes} holds the known ones; adding a kind is one entry there.
 */
public interface SourceScheme {

    /** The scheme, e.g. {@code modbus}; a value is {@code scheme} alone or {@code scheme:…}. */
    String scheme();

    /** One line for {@code --help}, e.g. {@code modbus://HOST[:PORT]?map=FILE[&unit=N]  a Modbus/TCP device}. */
    String usage();

    /**
     * Checks a value when the command line is parsed (reading any file it names), so that a bad source stops the
     * agent at once with exit code 2.
     *
     * @return the id the source will have (names it in logs and in address-collision messages)
     * @throws IllegalArgumentException saying what is wrong
     */
    String check(String value);

    /**
     * Creates the source for a checked value; the agent closes it, when it is {@link AutoCloseable}, on stop.
     *
     * @throws IllegalArgumentException when the value no longer works (e.g. its file changed since the check)
     */
    ChannelSource open(String value, Context context) throws Exception;

    /** What a source may need from the agent. */
    record Context(Clock clock, AgentOptions options) {
    }
}
