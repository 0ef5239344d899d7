package io.uplink.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the headless agent was asked to do on its command line.
 *
 * @param dataDirectory the one directory that holds the agent's state and logs
 * @param configFile the configuration file, if one was given
 * @param attributes connector attributes given as {@code --name=value}; they override the file
 * @param apikeyFile a file holding the API key, to be moved into secure storage
 * @param sources the channel sources, one per {@code --source} ({@code sim}, {@code modbus://…},
 *        {@code openems:…}, each with its password file if it needs one; default: the simulated edge); several
 *        are read as one, their channel addresses must not collide
 * @param simulatedExtraChannels extra channels of the simulated edge, for benchmarks
 * @param summarySeconds print a one-line summary every N seconds (0 = never)
 * @param help {@code --help}: print usage and exit
 * @param version {@code --version}: print the version and exit
 * @param proxyPasswordFile a file holding the proxy's password, to be moved into secure storage (empty: remove it)
 * @param profileFile a persistence-priority profile to send with (checked when the options are parsed)
 */
public record AgentOptions(Path dataDirectory, Optional<Path> configFile, Map<String, String> attributes,
        Optional<Path> apikeyFile, List<SourceOption> sources, int simulatedExtraChannels, int summarySeconds,
        boolean help, boolean version, Optional<Path> proxyPasswordFile, Optional<Path> profileFile) {

    public AgentOptions {
        attributes = Map.copyOf(attributes);
        sources = sources.isEmpty() ? List.of(SourceOption.SIM) : List.copyOf(sources);
    }

    /** Without a proxy password file and without a profile. */
    public AgentOptions(Path dataDirectory, Optional<Path> configFile, Map<String, String> attributes,
            Optional<Path> apikeyFile, String source, int simulatedExtraChannels, int summarySeconds,
            boolean help, boolean version) {
        this(dataDirectory, configFile, attributes, apikeyFile, source, simulatedExtraChannels, summarySeconds, help,
                version, Optional.empty(), Optional.empty());
    }

    /** One source given as its {@code --source} value ({@code "sim"}). */
    public AgentOptions(Path dataDirectory, Optional<Path> configFile, Map<String, String> attributes,
            Optional<Path> apikeyFile, String source, int simulatedExtraChannels, int summarySeconds, boolean help,
            boolean version, Optional<Path> proxyPasswordFile, Optional<Path> profileFile) {
        this(dataDirectory, configFile, attributes, apikeyFile,
                List.of(SourceOption.parse(source)), simulatedExtraChannels, summarySeconds, help,
                version, proxyPasswordFile, profileFile);
    }

    /** Options for running with defaults in a data directory (tests, the workbench's in-process agent). */
    public static AgentOptions defaults(Path dataDirectory) {
        return new AgentOptions(dataDirectory, Optional.empty(), Map.of(), Optional.empty(), "sim", 0, 0, false, false);
    }

    public AgentOptions withAttributes(Map<String, String> moreAttributes) {
        java.util.Map<String, String> merged = new java.util.LinkedHashMap<>(attributes);
        merged.putAll(moreAttributes);
        return new AgentOptions(dataDirectory, configFile, merged, apikeyFile, sources, simulatedExtraChannels,
                summarySeconds, help, version, proxyPasswordFile, profileFile);
    }

    public AgentOptions withApikeyFile(Path file) {
        return new AgentOptions(dataDirectory, configFile, attributes, Optional.of(file), sources,
                simulatedExtraChannels, summarySeconds, help, version, proxyPasswordFile, profileFile);
    }

    public AgentOptions withProxyPasswordFile(Path file) {
        return new AgentOptions(dataDirectory, configFile, attributes, apikeyFile, sources, simulatedExtraChannels,
                summarySeconds, help, version, Optional.of(file), profileFile);
    }

    /** These options reading other sources. */
    public AgentOptions withSources(List<SourceOption> newSources) {
        return new AgentOptions(dataDirectory, configFile, attributes, apikeyFile, newSources, simulatedExtraChannels,
                summarySeconds, help, version, proxyPasswordFile, profileFile);
    }

    public AgentOptions withProfileFile(Path file) {
        return new AgentOptions(dataDirectory, configFile, attributes, apikeyFile, sources, simulatedExtraChannels,
                summarySeconds, help, version, proxyPasswordFile, Optional.of(file));
    }

    /** The data directory when none is given: $UPLINK_DATA_DIR, else ~/.uplink/agent. */
    public static Path defaultDataDirectory() {
        String fromEnvironment = System.getenv("UPLINK_DATA_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".uplink", "agent");
    }
}
