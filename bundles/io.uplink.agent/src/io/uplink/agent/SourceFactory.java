package io.uplink.agent;

import java.time.Clock;
import java.util.Optional;

import io.uplink.core.ChannelSource;

/**
 * Makes the channel source of one {@code --source} scheme ({@code sim}, {@code modbus://…}, {@code openems:…}).
 * A new kind of source is one entry in {@code io.uplink.agent.internal.SourceFactories}.
 */
public interface SourceFactory {

    /** What the agent gives a factory: the option, the agent's clock, the password from secure storage. */
    record Context(SourceOption option, Clock clock, Optional<String> password, int simulatedExtraChannels) {
    }

    /** The form of a value, one line, named in messages: e.g. {@code openems:ws://HOST:8085}. */
    String usage();

    /** What {@code --help} says: {@link #usage()}, then lines that explain it. */
    default String help() {
        return usage();
    }

    /** Whether the source needs {@code --source-password-file} (once: it is kept in secure storage). */
    default boolean needsPassword() {
        return false;
    }

    /**
     * Checks a value while the command line is parsed (reading any file it names), so that a bad source stops the
     * agent at once with exit code 2.
     *
     * @return the id the source will have: two values with one id are the same source (refused), and the id names
     *         the source in logs, health and address-collision messages
     * @throws IllegalArgumentException saying what is wrong
     */
    String check(SourceOption option);

    /**
     * The running source (started; {@link AutoCloseable} ones are closed when the agent stops).
     *
     * @throws IllegalArgumentException when the value no longer works (e.g. its file changed since the check)
     */
    ChannelSource create(Context context);
}
