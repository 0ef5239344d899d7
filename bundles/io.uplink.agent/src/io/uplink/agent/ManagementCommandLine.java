package io.uplink.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The management endpoint's options, taken out of the agent's command line before {@link AgentCommandLine} reads
 * the rest: they configure a separate bundle (io.uplink.management), not the connector.
 */
public final class ManagementCommandLine {

    public static final String USAGE = """
            Remote management (the workbench's "Attach to Device…"; off unless --management is given):
              --management=HOST:PORT  serve the management endpoint (JSON-RPC over WebSocket) on HOST:PORT,
                                      e.g. 0.0.0.0:8090; every connection must present the management token
              --management-tls        serve it as wss:// with a self-signed certificate the agent generates in
                                      its data directory; its SHA-256 fingerprint is printed and logged
              --management-token-file=FILE
                                      take the token from FILE instead of generating one into
                                      <data-dir>/management-token (owner-only; shown once on a terminal)""";

    /** @param settings the endpoint, if {@code --management} was given; @param rest the other arguments */
    public record Parsed(Optional<ManagementSettings> settings, List<String> rest) {
    }

    private ManagementCommandLine() {
    }

    public static Parsed extract(List<String> args) throws CommandLineException {
        List<String> rest = new ArrayList<>();
        String address = null;
        boolean tls = false;
        Path tokenFile = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String name = equals >= 0 ? arg.substring(0, equals) : arg;
            String inline = equals >= 0 ? arg.substring(equals + 1) : null;
            switch (name) {
                case "--management" -> {
                    address = inline != null ? inline : next(args, ++i, name);
                }
                case "--management-tls" -> tls = inline == null || Boolean.parseBoolean(inline);
                case "--management-token-file" -> {
                    String value = inline != null ? inline : next(args, ++i, name);
                    tokenFile = Path.of(value);
                    if (!Files.isRegularFile(tokenFile)) {
                        throw new CommandLineException(name + ": no such file: " + tokenFile.toAbsolutePath());
                    }
                }
                default -> rest.add(arg);
            }
        }
        if (address == null) {
            if (tls || tokenFile != null) {
                throw new CommandLineException("--management-tls and --management-token-file need --management=HOST:PORT");
            }
            return new Parsed(Optional.empty(), rest);
        }
        return new Parsed(Optional.of(address(address, tls, tokenFile)), rest);
    }

    private static ManagementSettings address(String value, boolean tls, Path tokenFile) throws CommandLineException {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CommandLineException("--management: '" + value + "' is not HOST:PORT (e.g. 0.0.0.0:8090)");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new CommandLineException("--management: port '" + value.substring(colon + 1) + "' is not in 0..65535");
        }
        return new ManagementSettings(host, port, tls, Optional.ofNullable(tokenFile));
    }

    private static String next(List<String> args, int index, String name) throws CommandLineException {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new CommandLineException(name + " needs a value, e.g. " + name + "=VALUE");
        }
        return args.get(index);
    }
}
