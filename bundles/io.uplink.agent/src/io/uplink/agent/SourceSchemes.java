package io.uplink.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.uplink.agent.internal.ModbusSourceScheme;
import io.uplink.agent.internal.SimSourceScheme;
import io.uplink.core.ChannelSource;

/** The kinds of channel source the agent knows, by scheme. */
public final class SourceSchemes {

    private static final Map<String, SourceScheme> SCHEMES = new LinkedHashMap<>();

    static {
        register(new SimSourceScheme());
        register(new ModbusSourceScheme());
    }

    private SourceSchemes() {
    }

    private static void register(SourceScheme scheme) {
        if (SCHEMES.putIfAbsent(scheme.scheme(), scheme) != null) {
            throw new IllegalStateException("two source schemes named " + scheme.scheme());
        }
    }

    /** The usage lines of every scheme, for {@code --help}. */
    public static List<String> usages() {
        return SCHEMES.values().stream().map(SourceScheme::usage).toList();
    }

    /**
     * The scheme a {@code --source} value names: the text before the first ':', or all of it.
     *
     * @throws IllegalArgumentException naming the accepted schemes
     */
    public static SourceScheme of(String value) {
        int colon = value.indexOf(':');
        String name = (colon < 0 ? value : value.substring(0, colon)).trim();
        SourceScheme scheme = SCHEMES.get(name);
        if (scheme == null) {
            throw new IllegalArgumentException("'" + value + "' is not a known source (accepted: "
                    + String.join(", ", SCHEMES.keySet()) + ")");
        }
        return scheme;
    }

    /**
     * Checks every value and that no two name the same source.
     *
     * @throws IllegalArgumentException naming the value and the problem
     */
    public static void check(List<String> values) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String value : values) {
            String id = of(value).check(value);
            String previous = ids.putIfAbsent(id, value);
            if (previous != null) {
                throw new IllegalArgumentException("'" + value + "' and '" + previous + "' are the same source " + id);
            }
        }
    }

    /** Opens every source; on a failure the ones already open are closed. */
    public static List<ChannelSource> open(List<String> values, SourceScheme.Context context) throws Exception {
        List<ChannelSource> sources = new ArrayList<>();
        try {
            for (String value : values) {
                sources.add(of(value).open(value, context));
            }
            return sources;
        } catch (Exception | Error e) {
            close(sources);
            throw e;
        }
    }

    /** Closes the sources that hold resources (threads, connections). */
    public static void close(List<ChannelSource> sources) {
        for (ChannelSource source : sources) {
            if (source instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(SourceSchemes.class).warn("Closing source {} failed: {}",
                            source.id(), e.getMessage());
                }
            }
        }
    }
}
