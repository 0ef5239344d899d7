package io.uplink.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Parses the headless agent's command line ({@code uplink-agent --help} prints {@link #usage()}). */
public final class AgentCommandLine {

    private AgentCommandLine() {
    }

    public static String usage() {
        return """
                Usage: uplink-agent [options]
                  --config=FILE      read the agent configuration from FILE (OpenEMS attribute names)
                  --data-dir=DIR     the agent's state and logs (default: $UPLINK_DATA_DIR or ~/.uplink/agent)
                  --version          print the version and exit
                  --help             print this help and exit
                Stops cleanly (exit 0) on SIGTERM or SIGINT. A bad option stops it with exit code 2.""";
    }

    public static AgentOptions parse(List<String> args) throws CommandLineException {
        Path dataDirectory = null;
        Path configFile = null;
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inlineValue = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                case "--data-dir" -> {
                    String value = inlineValue != null ? inlineValue : next(args, i++, name);
                    dataDirectory = nonBlankPath(name, value);
                }
                case "--config" -> {
                    String value = inlineValue != null ? inlineValue : next(args, i++, name);
                    configFile = nonBlankPath(name, value);
                    if (!Files.isRegularFile(configFile)) {
                        throw new CommandLineException("--config: no such file: " + configFile.toAbsolutePath());
                    }
                }
                default -> throw new CommandLineException("unknown option '" + arg + "' (uplink-agent --help lists the options)");
            }
        }
        return new AgentOptions(dataDirectory != null ? dataDirectory : AgentOptions.defaultDataDirectory(),
                Optional.ofNullable(configFile), help, version);
    }

    private static String next(List<String> args, int index, String name) throws CommandLineException {
        if (index + 1 >= args.size() || args.get(index + 1).startsWith("--")) {
            throw new CommandLineException(name + " needs a value, e.g. " + name + "=VALUE");
        }
        return args.get(index + 1);
    }

    private static Path nonBlankPath(String name, String value) throws CommandLineException {
        if (value.isBlank()) {
            throw new CommandLineException(name + " needs a non-empty path");
        }
        return Path.of(value);
    }
}
