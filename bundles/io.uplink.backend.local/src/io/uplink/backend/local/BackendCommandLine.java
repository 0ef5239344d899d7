package io.uplink.backend.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The options of the local Backend application. */
public record BackendCommandLine(String host, int port, Map<String, String> apikeyToEdgeId, boolean helpRequested) {

    public static final int DEFAULT_PORT = 8081;
    /** Loopback only by default: this is a bench tool with no TLS and test keys. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEMO_APIKEY = "uplink-demo-key";
    public static final String DEMO_EDGE_ID = "edge0";

    private static final Pattern EDGE_ID = Pattern.compile("[A-Za-z0-9_.-]+");

    public BackendCommandLine {
        apikeyToEdgeId = Map.copyOf(apikeyToEdgeId);
    }

    public static BackendCommandLine parse(List<String> args) throws CommandLineException {
        String host = DEFAULT_HOST;
        int port = DEFAULT_PORT;
        Map<String, String> edges = new LinkedHashMap<>();
        boolean help = false;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.startsWith("--port=")) {
                port = port(arg.substring("--port=".length()));
            } else if (arg.startsWith("--host=")) {
                host = arg.substring("--host=".length()).trim();
                if (host.isEmpty()) {
                    throw new CommandLineException("--host needs an address, e.g. --host=127.0.0.1");
                }
            } else if (arg.startsWith("--edge=")) {
                addEdge(edges, arg.substring("--edge=".length()));
            } else {
                throw new CommandLineException("unknown option '" + arg + "'");
            }
        }
        if (edges.isEmpty()) {
            edges.put(DEMO_APIKEY, DEMO_EDGE_ID);
        }
        return new BackendCommandLine(host, port, edges, help);
    }

    public static String usage() {
        return """
                Usage: backend [--port=N] [--host=ADDR] [--edge=APIKEY:EDGEID]... [--help]
                A local, strict OpenEMS Backend for bench tests of an Edge (plain ws://, no TLS).
                  --port=N               port for Edge connections, 0 = any free port (default %d)
                  --host=ADDR            address to listen on (default %s: this machine only;
                                         use 0.0.0.0 to let Edges on the network connect)
                  --edge=APIKEY:EDGEID   accept apikey APIKEY as edge EDGEID; repeatable
                                         (default: one edge, --edge=%s:%s)
                  --help                 show this text
                Prints a summary line every second; stops on SIGTERM. Exit codes: 0 ok, 1 cannot
                listen, 2 bad arguments.
                """.formatted(DEFAULT_PORT, DEFAULT_HOST, DEMO_APIKEY, DEMO_EDGE_ID);
    }

    private static int port(String value) throws CommandLineException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLineException("--port must be a number from 0 to 65535, got '" + value + "'");
    }

    private static void addEdge(Map<String, String> edges, String value) throws CommandLineException {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CommandLineException("--edge must be APIKEY:EDGEID, got '" + value + "'");
        }
        String apikey = value.substring(0, colon);
        String edgeId = value.substring(colon + 1);
        if (!apikey.equals(apikey.trim()) || apikey.isBlank()) {
            throw new CommandLineException("--edge apikey must not be blank or start/end with spaces: '" + value + "'");
        }
        if (!EDGE_ID.matcher(edgeId).matches()) {
            throw new CommandLineException(
                    "--edge edge id '" + edgeId + "' may only contain letters, digits, '_', '.', '-'");
        }
        if (edges.putIfAbsent(apikey, edgeId) != null) {
            throw new CommandLineException("--edge apikey given twice: '" + value + "'");
        }
    }
}
