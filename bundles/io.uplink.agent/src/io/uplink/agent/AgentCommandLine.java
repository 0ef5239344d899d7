package io.uplink.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.uplink.agent.internal.SourceFactories;
import io.uplink.connector.ConnectorConfig;
import io.uplink.profile.ProfileException;
import io.uplink.profile.ProfileFormat;

/** Parses the headless agent's command line ({@code uplink-agent --help} prints {@link #usage()}). */
public final class AgentCommandLine {
    private static final int MAX_SIM_CHANNELS = 1_000_000;

    private AgentCommandLine() {
    }

    public static String usage() {
        return """
                Usage: uplink-agent [options]
                  --config=FILE          read the connector configuration from FILE (Java properties with
                                         OpenEMS attribute names, e.g. uri=wss://backend.example.com/openems)
                  --apikey-file=FILE     read the Backend API key from FILE and keep it in secure storage
                                         (never pass the key itself on the command line)
                  --proxy-password-file=FILE
                                         read proxyPassword (HTTP, HTTPS or SOCKS proxy) from FILE and keep
                                         it in secure storage; an empty FILE removes the stored one
                  --profile=FILE         send with the priorities and thresholds of this persistence-priority
                                         profile (format: docs/profiles.md); a profile applied later from the
                                         workbench (kept in the data directory) takes its place
                  --data-dir=DIR         the agent's state and logs (default: $UPLINK_DATA_DIR or ~/.uplink/agent)
                  --source=SOURCE        where the channels come from; repeat it to read several sources as one
                                         (their channel addresses must not collide):
                """ + String.join("\n", SourceFactories.help()).indent(25).stripTrailing() + "\n" + """
                  --source-password-file=FILE
                                         the password of the --source before it (OpenEMS: the Edge user's
                                         password; GUEST is enough); kept in secure storage, give it once
                  --sim-channels=N       N extra simulated channels (benchmarks; default 0)
                  --summary=SECONDS      print a one-line status summary every SECONDS (0 = never;
                                         default 5 on a terminal, else 0)
                  --version              print the version and exit
                  --help                 print this help and exit
                Every connector attribute can be given as --NAME=VALUE and overrides the file:
                """ + ConnectorConfig.describeAttributes().indent(2) + """
                Stops cleanly (exit 0) on SIGTERM or SIGINT. A bad option stops it with exit code 2.""";
    }

    public static AgentOptions parse(List<String> args) throws CommandLineException {
        Path dataDirectory = null;
        Path configFile = null;
        Path apikeyFile = null;
        Path proxyPasswordFile = null;
        Path profileFile = null;
        List<SourceOption> sources = new ArrayList<>();
        Map<String, SourceOption> sourceIds = new LinkedHashMap<>();
        int simChannels = 0;
        Integer summarySeconds = null;
        boolean help = false;
        boolean version = false;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String name = equals >= 0 ? arg.substring(0, equals) : arg;
            String inlineValue = equals >= 0 ? arg.substring(equals + 1) : null;
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                case "--data-dir" -> dataDirectory = nonBlankPath(name, value(args, i, inlineValue, name));
                case "--config" -> configFile = existingFile(name, value(args, i, inlineValue, name));
                case "--apikey-file" -> apikeyFile = existingFile(name, value(args, i, inlineValue, name));
                case "--proxy-password-file" -> proxyPasswordFile = existingFile(name, value(args, i, inlineValue, name));
                case "--profile" -> profileFile = checkedProfile(name, value(args, i, inlineValue, name));
                case "--apikey" -> throw new CommandLineException(
                        "--apikey is refused: a key on the command line shows in the process list; put it in a file "
                                + "readable only by you and pass --apikey-file=FILE");
                case "--source" -> sources.add(source(value(args, i, inlineValue, name), sourceIds));
                case "--source-password-file" -> {
                    Path file = existingFile(name, value(args, i, inlineValue, name));
                    if (sources.isEmpty()) {
                        throw new CommandLineException(name + " belongs to the --source before it; none was given yet");
                    }
                    SourceOption last = sources.get(sources.size() - 1);
                    if (!SourceFactories.get(last.scheme()).needsPassword()) {
                        throw new CommandLineException(name + ": --source=" + last + " takes no password");
                    }
                    sources.set(sources.size() - 1, last.withPasswordFile(file));
                }
                case "--sim-channels" -> simChannels = integer(name, value(args, i, inlineValue, name), 0, MAX_SIM_CHANNELS);
                case "--summary" -> summarySeconds = integer(name, value(args, i, inlineValue, name), 0, 3600);
                default -> {
                    String attribute = name.startsWith("--") ? name.substring(2) : null;
                    if (attribute == null || !ConnectorConfig.attributeNames().contains(attribute)) {
                        // the name only: a mistyped --apiKey=SECRET must not print the secret
                        throw new CommandLineException("unknown option '" + name + "' (uplink-agent --help lists the options)");
                    }
                    if (ConnectorConfig.attributes().stream().anyMatch(a -> a.name().equals(attribute) && a.password())) {
                        // it would show in the process list
                        throw new CommandLineException("--" + attribute + " is refused: secrets are not taken from"
                                + " the command line" + (attribute.equals("proxyPassword")
                                        ? "; put it in a file readable only by you and pass --proxy-password-file=FILE"
                                        : ""));
                    }
                    attributes.put(attribute, value(args, i, inlineValue, name));
                }
            }
            if (inlineValue == null && takesValue(name)) {
                i++;
            }
        }
        if (sources.isEmpty()) {
            sources.add(SourceOption.SIM);
        }
        int summary = summarySeconds != null ? summarySeconds : (System.console() != null ? 5 : 0);
        return new AgentOptions(dataDirectory != null ? dataDirectory : AgentOptions.defaultDataDirectory(),
                Optional.ofNullable(configFile), attributes, Optional.ofNullable(apikeyFile), sources, simChannels,
                summary, help, version, Optional.ofNullable(proxyPasswordFile), Optional.ofNullable(profileFile));
    }

    /**
     * A {@code --source} value of a known scheme, checked by the scheme's factory (reading any file it names), and
     * not the same source as an earlier one.
     *
     * @param earlier the sources given before, by id
     */
    private static SourceOption source(String value, Map<String, SourceOption> earlier) throws CommandLineException {
        SourceOption option = SourceOption.parse(value);
        SourceFactory factory = SourceFactories.get(option.scheme());
        if (factory == null) {
            throw new CommandLineException("--source: '" + value + "' is not a known source (accepted: "
                    + SourceFactories.usages() + ")");
        }
        String id;
        try {
            id = factory.check(option);
        } catch (IllegalArgumentException e) {
            throw new CommandLineException("--source: " + e.getMessage());
        }
        SourceOption previous = earlier.putIfAbsent(id, option);
        if (previous != null) {
            throw new CommandLineException("--source: '" + value + "' and '" + previous + "' are the same source " + id);
        }
        return option;
    }

    /** A bad profile stops the agent before it starts, naming the file, the line and the problem. */
    private static Path checkedProfile(String name, String value) throws CommandLineException {
        Path file = existingFile(name, value);
        try {
            ProfileFormat.load(file);
        } catch (ProfileException e) {
            throw new CommandLineException(name + ": " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new CommandLineException(name + ": cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        return file;
    }

    private static boolean takesValue(String name) {
        return !(name.equals("--help") || name.equals("-h") || name.equals("--version"));
    }

    private static String value(List<String> args, int index, String inlineValue, String name) throws CommandLineException {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (index + 1 >= args.size() || args.get(index + 1).startsWith("--")) {
            throw new CommandLineException(name + " needs a value, e.g. " + name + "=VALUE");
        }
        return args.get(index + 1);
    }

    private static int integer(String name, String value, int min, int max) throws CommandLineException {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new CommandLineException(name + ": '" + value + "' is not a whole number from " + min + " to " + max);
        }
    }

    private static Path nonBlankPath(String name, String value) throws CommandLineException {
        if (value.isBlank()) {
            throw new CommandLineException(name + " needs a non-empty path");
        }
        return Path.of(value);
    }

    private static Path existingFile(String name, String value) throws CommandLineException {
        Path file = nonBlankPath(name, value);
        if (!Files.isRegularFile(file)) {
            throw new CommandLineException(name + ": no such file: " + file.toAbsolutePath());
        }
        return file;
    }
}
