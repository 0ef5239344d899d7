package io.uplink.agent;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the headless agent was asked to do on its command line.
 *
 * @param dataDirectory the one directory that holds the agent's state and logs
 * @param configFile the configuration file, if one was given
 * @param help {@code --help}: print usage and exit
 * @param version {@code --version}: print the version and exit
 */
public record AgentOptions(Path dataDirectory, Optional<Path> configFile, boolean help, boolean version) {

    /** The data directory when none is given: $UPLINK_DATA_DIR, else ~/.uplink/agent. */
    public static Path defaultDataDirectory() {
        String fromEnvironment = System.getenv("UPLINK_DATA_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".uplink", "agent");
    }
}
