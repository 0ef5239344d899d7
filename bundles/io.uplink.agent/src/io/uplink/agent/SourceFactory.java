package io.uplink.agent;

import java.time.Clock;
import java.util.Optional;

import io.uplink.core.ChannelSource;

/**
 * Makes the channel source of one {@code --source} scheme. A new kind of source is one entry in
 * {@code io.uplink.agent.internal.SourceFactories}.
 */
public interface SourceFactory {

    /** What the agent gives a factory: the option, the agent's clock, the password from secure storage. */
    record Context(SourceOption option, Clock clock, Optional<String> password, int simulatedExtraChannels) {
    }

    /** One line for {@code --help}, e.g. {@code openems:ws://HOST:8085}. */
    String usage();

    /** Whether the source needs {@code --source-password-file} once. */
    default boolean needsPassword() {
        return false;
    }

    /**
     * Checks the address while the command line is parsed, so a bad one stops the agent at once.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    void check(String address);

    /** The running source (started; {@link AutoCloseable} ones are closed when the agent stops). */
    ChannelSource create(Context context);
}
