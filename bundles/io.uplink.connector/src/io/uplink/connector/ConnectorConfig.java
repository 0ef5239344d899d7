package io.uplink.connector;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.gson.JsonObject;

import io.uplink.core.ChannelAddress;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;

/**
 * The connector's configuration: OpenEMS {@code Controller.Api.Backend}'s attributes with their names and defaults,
 * plus Uplink's timing attributes. Immutable; two configs are equal when all attributes, the apikey included, are.
 * The secrets (apikey, proxyPassword) never appear in {@link #toString()}, {@link #toProperties()} or an error message. Durations are
 * whole seconds, except {@code cycleTime} in milliseconds.
 */
public final class ConnectorConfig {

    /** The URI used when {@code uri} is empty (OpenEMS's open-source OEM default). */
    public static final String DEFAULT_URI = "ws://localhost:8081";

    /** Masks the apikey in the edgeConfig, as OpenEMS masks password properties. */
    public static final String MASKED_PASSWORD = "xxx";

    /** Keys of old OpenEMS configs (seen in its gitpod setup) that OpenEMS ignores; so do we. */
    private static final Set<String> OBSOLETE_KEYS = Set.of("noOfCycles", "debug");

    /**
     * One attribute as documented for users and the UI.
     *
     * @param type the type of its {@code _Property} channel: STRING (also for enums), INTEGER or BOOLEAN
     * @param defaultValue the default as text; {@code null} for the required apikey
     * @param accepted the accepted values in words, e.g. {@code 100..60000 ms}
     */
    public record Attribute(String name, OpenemsType type, boolean password, String defaultValue, String accepted,
            String description) {
    }

    private enum Kind {
        ID, TEXT, PASSWORD, SECRET, URI, HOST, FILE, BOOLEAN, INTEGER, PRIORITY, PROXY_TYPE, REPLAY_MODE;

        /** Never in {@link #toProperties()}, logs or error messages; "xxx" in the edgeConfig. */
        boolean secret() {
            return this == PASSWORD || this == SECRET;
        }
    }

    private record Def(String name, Kind kind, String defaultValue, int min, int max, String unit,
            String description) {

        static Def of(String name, Kind kind, String defaultValue, String description) {
            return new Def(name, kind, defaultValue, 0, 0, "", description);
        }

        static Def range(String name, int defaultValue, int min, int max, String unit, String description) {
            return new Def(name, Kind.INTEGER, Integer.toString(defaultValue), min, max, unit, description);
        }

        String accepted() {
            return switch (this.kind) {
                case ID -> "a component id without '/' or whitespace";
                case TEXT -> "any text";
                case PASSWORD -> "any text without line breaks (required)";
                case SECRET -> "any text without line breaks, empty for none";
                case URI -> "ws://host[:port][/path][?query] or wss://..., empty means " + DEFAULT_URI;
                case HOST -> "a host name or IP address, empty for no proxy";
                case FILE -> "a file path, empty for none";
                case BOOLEAN -> "true, false";
                case INTEGER -> this.min + ".." + this.max + (this.unit.isEmpty() ? "" : " " + this.unit);
                case PRIORITY -> names(PersistencePriority.values());
                case PROXY_TYPE -> names(ProxyType.values());
                case REPLAY_MODE -> java.util.Arrays.stream(ReplayMode.values()).map(ReplayMode::text)
                        .collect(Collectors.joining(", "));
            };
        }

        Attribute toAttribute() {
            OpenemsType type = switch (this.kind) {
                case BOOLEAN -> OpenemsType.BOOLEAN;
                case INTEGER -> OpenemsType.INTEGER;
                default -> OpenemsType.STRING;
            };
            return new Attribute(this.name, type, this.kind.secret(), this.defaultValue, this.accepted(),
                    this.description);
        }
    }

    private static final List<Def> DEFS = List.of(
            Def.of("id", Kind.ID, "ctrlBackend0", "component id, the prefix of the controller's channels"),
            Def.of("alias", Kind.TEXT, "", "display name; empty means the id"),
            Def.of("enabled", Kind.BOOLEAN, "true", "false: no connection and nothing is sent"),
            Def.of("apikey", Kind.PASSWORD, null, "the Edge's key, sent as HTTP header 'apikey'"),
            Def.of("uri", Kind.URI, "", "Backend WebSocket URI"),
            Def.of("proxyAddress", Kind.HOST, "", "proxy host; the proxy is used only with a proxyPort other than 0"),
            Def.range("proxyPort", 0, 0, 65535, "", "proxy port; 0 means no proxy"),
            Def.of("proxyType", Kind.PROXY_TYPE, ProxyType.HTTP.name(),
                    "HTTP (CONNECT), HTTPS (CONNECT over TLS to the proxy) or SOCKS (SOCKS5)"),
            Def.of("proxyUsername", Kind.TEXT, "", "user for the proxy (Basic or SOCKS5 authentication); empty for none"),
            Def.of("proxyPassword", Kind.SECRET, "", "password for the proxy (Basic or SOCKS5 authentication)"),
            Def.of("tlsCaFile", Kind.FILE, "", "PEM file of CAs trusted for wss and an HTTPS proxy besides the JVM's trust store"),
            Def.of("tlsClientCertFile", Kind.FILE, "",
                    "PEM client certificate (chain) for servers that require one; needs tlsClientKeyFile"),
            Def.of("tlsClientKeyFile", Kind.FILE, "", "unencrypted PKCS#8 PEM key of tlsClientCertFile"),
            Def.range("tlsExpiryWarningDays", 30, 0, 3650, "d",
                    "warn when the Backend's certificate expires within this many days; 0 = never"),
            Def.range("apiTimeout", 60, 0, Integer.MAX_VALUE, "s",
                    "values set by the Backend are dropped after this long without a new set; 0 = never"),
            Def.of("persistencePriority", Kind.PRIORITY, PersistencePriority.HIGH.name(),
                    "minimum channel priority for timestampedData"),
            Def.of("aggregationPriority", Kind.PRIORITY, PersistencePriority.LOW.name(),
                    "minimum channel priority for aggregatedData"),
            Def.of("resendPriority", Kind.PRIORITY, PersistencePriority.HIGH.name(),
                    "minimum channel priority for resendData"),
            Def.of("debugMode", Kind.BOOLEAN, "false", "log every sent message"),
            Def.range("cycleTime", 1000, 100, 60000, "ms", "how often channels are sampled and sent"),
            Def.range("fullSendInterval", 290, 1, 3600, "s",
                    "all channels are sent again after this long (300 reproduces OpenEMS)"),
            Def.range("aggregationMaxDelay", 269, 0, 299, "s",
                    "aggregatedData waits a random delay up to this, drawn once per start"),
            Def.range("secondSnapshotDelay", 10, 0, 300, "s",
                    "a second full snapshot this long after connecting, for Backends that drop the first"),
            Def.range("pingInterval", 30, 5, 300, "s", "WebSocket ping interval"),
            Def.range("reconnectBaseSeconds", 1, 1, 300, "s",
                    "longest wait after the first failed attempt; each further failure doubles it (random below it)"),
            Def.range("reconnectMaxSeconds", 300, 1, 3600, "s",
                    "the waits between attempts stop growing here; at least reconnectBaseSeconds"),
            // the backlog and its replay (backlog-replay.md §6); timings are on the agent's clock
            Def.of("replayMode", Kind.REPLAY_MODE, ReplayMode.FULL.text(),
                    "what is kept while the Backend is unreachable and replayed after: full, windows, resend-only, off"),
            Def.range("backlogMaxMegabytes", 512, 1, 1_048_576, "MiB",
                    "byte cap of the on-disk backlog; beyond it the lowest priority, then the oldest rows go"),
            Def.range("backlogMinFreeMegabytes", 64, 0, 1_048_576, "MiB",
                    "free space the backlog leaves on its file system"),
            Def.range("backlogCommitSeconds", 60, 1, 3600, "s",
                    "while connected, rows sent but not yet confirmed are written this often (flash wear)"),
            Def.range("liveBarrierSeconds", 300, 10, 3600, "s",
                    "while connected, a barrier request confirms the live rows this often"),
            Def.range("barrierTimeoutSeconds", 60, 1, 600, "s",
                    "a barrier without an answer after this long fails; its rows stay in the backlog"),
            Def.range("replayGraceSeconds", 10, 0, 600, "s",
                    "the replay waits this long after connecting; live rows sent earlier count as unconfirmed"),
            Def.range("replayWindowJitterSeconds", 60, 0, 3600, "s",
                    "the window phase starts after a random wait up to this"),
            Def.range("replayRawJitterMaxSeconds", 3600, 0, 86_400, "s",
                    "the raw phase starts after a random wait up to the outage length, at most this"),
            Def.range("replaySpeed", 5, 1, 100_000, "x",
                    "raw rows are replayed at most this many times faster than real time"),
            Def.range("replayBytesPerSecond", 200_000, 1_000, 100_000_000, "B/s", "raw replay byte rate limit"),
            Def.range("replayWindowMessagesPerSecond", 5, 1, 1000, "1/s", "window phase message rate limit"),
            Def.range("replayMaxAgeDays", 7, 1, 3650, "d", "rows older than this are not replayed, and deleted"),
            Def.range("aggregationWindowMinutes", 5, 1, 60, "min",
                    "length of the aggregation windows, aligned to local time; OpenEMS uses 5"));

    private static final Map<String, Def> BY_NAME = DEFS.stream()
            .collect(Collectors.toUnmodifiableMap(Def::name, Function.identity()));

    private static final List<String> NAMES = DEFS.stream().map(Def::name).toList();

    private static final List<Attribute> ATTRIBUTES = DEFS.stream().map(Def::toAttribute).toList();

    /** Parsed values in attribute order: String, Integer, Boolean, PersistencePriority or ProxyType. */
    private final Map<String, Object> values;

    private ConnectorConfig(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Validates and builds a configuration; missing attributes take their defaults, {@code null} values count as
     * missing. OpenEMS's obsolete keys and OSGi bookkeeping keys (they contain a '.', e.g. {@code service.pid})
     * are ignored.
     *
     * @throws ConfigException for an unknown key, an invalid value or a missing apikey
     */
    public static ConnectorConfig fromProperties(Map<String, String> properties) throws ConfigException {
        Objects.requireNonNull(properties, "properties");
        for (String key : new TreeSet<>(properties.keySet())) {
            if (!BY_NAME.containsKey(key) && !isIgnoredKey(key)) {
                throw new ConfigException(key, "unknown attribute; accepted are " + String.join(", ", NAMES));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Def def : DEFS) {
            String raw = properties.get(def.name);
            values.put(def.name, parse(def, raw == null ? def.defaultValue : raw));
        }
        if (values.get("proxyType") == ProxyType.DIRECT && !((String) values.get("proxyAddress")).isEmpty()) {
            throw new ConfigException("proxyType", "'DIRECT' cannot be combined with proxyAddress '"
                    + values.get("proxyAddress") + "'; use HTTP, SOCKS or HTTPS, or clear proxyAddress");
        }
        if (((String) values.get("proxyUsername")).contains(":")) {
            throw new ConfigException("proxyUsername", "must not contain ':' (Basic authentication separates user and"
                    + " password with it)");
        }
        if (((String) values.get("tlsClientCertFile")).isEmpty() != ((String) values.get("tlsClientKeyFile")).isEmpty()) {
            throw new ConfigException("tlsClientKeyFile",
                    "tlsClientCertFile and tlsClientKeyFile go together: set both or neither");
        }
        if (60 % (Integer) values.get("aggregationWindowMinutes") != 0) {
            throw new ConfigException("aggregationWindowMinutes", "'" + values.get("aggregationWindowMinutes")
                    + "' does not divide an hour; windows align to local time (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)");
        }
        if ((Integer) values.get("reconnectMaxSeconds") < (Integer) values.get("reconnectBaseSeconds")) {
            throw new ConfigException("reconnectMaxSeconds", "'" + values.get("reconnectMaxSeconds")
                    + "' is less than reconnectBaseSeconds '" + values.get("reconnectBaseSeconds") + "'");
        }
        return new ConnectorConfig(values);
    }

    /**
     * This configuration with some attributes changed, validated like {@link #fromProperties}; a {@code null}
     * value resets an attribute to its default.
     */
    public ConnectorConfig withChanges(Map<String, String> changes) throws ConfigException {
        Map<String, String> merged = new LinkedHashMap<>(this.toProperties());
        for (Def def : DEFS) {
            if (def.kind.secret()) {
                merged.put(def.name, (String) this.values.get(def.name));
            }
        }
        changes.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return fromProperties(merged);
    }

    /** All attribute names in documentation order, apikey included. */
    public static List<String> attributeNames() {
        return NAMES;
    }

    /** All attributes in documentation order. */
    public static List<Attribute> attributes() {
        return ATTRIBUTES;
    }

    /** One line per attribute with default and accepted values, for {@code --help}. */
    public static String describeAttributes() {
        int width = NAMES.stream().mapToInt(String::length).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (Def def : DEFS) {
            String value = def.defaultValue == null ? "(required)"
                    : "= " + (def.defaultValue.isEmpty() ? "\"\"" : def.defaultValue);
            text.append(String.format(Locale.ROOT, "  %-" + width + "s %-16s %s [%s]%n", def.name, value,
                    def.description, def.accepted()));
        }
        return text.toString();
    }

    /** All attributes except the secrets (apikey, proxyPassword) as text, as {@link #fromProperties} reads them. */
    public Map<String, String> toProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        this.values.forEach((name, value) -> {
            if (!BY_NAME.get(name).kind.secret()) {
                properties.put(name, value instanceof ReplayMode mode ? mode.text() : value instanceof Enum<?> e ? e.name() : value.toString());
            }
        });
        return Collections.unmodifiableMap(properties);
    }

    /** The properties as the edgeConfig shows them: secrets as "xxx", numbers, booleans, enum names. */
    public JsonObject toEdgeConfigProperties() {
        JsonObject json = new JsonObject();
        this.values.forEach((name, value) -> {
            switch (value) {
                case Integer i -> json.addProperty(name, i);
                case Boolean b -> json.addProperty(name, b);
                case Enum<?> e -> json.addProperty(name, e.name());
                default -> json.addProperty(name,
                        BY_NAME.get(name).kind.secret() ? MASKED_PASSWORD : value.toString());
            }
        });
        return json;
    }

    /**
     * The configured value of a non-password attribute: String (as configured, e.g. {@code ""} for a default uri),
     * Integer, Boolean, PersistencePriority or ProxyType.
     *
     * @throws IllegalArgumentException for an unknown attribute or the apikey
     */
    public Object value(String attribute) {
        Def def = BY_NAME.get(attribute);
        if (def == null || def.kind.secret()) {
            throw new IllegalArgumentException("No public value for attribute [" + attribute + "]");
        }
        return this.values.get(attribute);
    }

    public String id() {
        return (String) this.values.get("id");
    }

    /** The alias, or the id if no alias is configured. */
    public String alias() {
        String alias = (String) this.values.get("alias");
        return alias.isBlank() ? this.id() : alias;
    }

    public boolean enabled() {
        return (Boolean) this.values.get("enabled");
    }

    /** The secret key for the {@code apikey} header. Never log it. */
    public String apikey() {
        return (String) this.values.get("apikey");
    }

    public boolean hasApikey() {
        return !this.apikey().isEmpty();
    }

    /** The Backend URI to connect to: the configured one, or {@link #DEFAULT_URI} if none is configured. */
    public String uri() {
        String uri = (String) this.values.get("uri");
        return uri.isEmpty() ? DEFAULT_URI : uri;
    }

    /** {@link #uri()} parsed; it was validated, so this cannot fail. */
    public URI backendUri() {
        return URI.create(this.uri());
    }

    public String proxyAddress() {
        return (String) this.values.get("proxyAddress");
    }

    public int proxyPort() {
        return (Integer) this.values.get("proxyPort");
    }

    public ProxyType proxyType() {
        return (ProxyType) this.values.get("proxyType");
    }

    /** True if a proxy is to be used: an address, a port other than 0 and not DIRECT (OpenEMS's rule). */
    public boolean useProxy() {
        return !this.proxyAddress().isEmpty() && this.proxyPort() != 0 && this.proxyType() != ProxyType.DIRECT;
    }

    /** User for the proxy (Basic or SOCKS5 authentication), or "" for none. */
    public String proxyUsername() {
        return (String) this.values.get("proxyUsername");
    }

    /** Password for the proxy (Basic or SOCKS5 authentication), or "". Never log it. */
    public String proxyPassword() {
        return (String) this.values.get("proxyPassword");
    }

    /** PEM file of extra trusted CAs, or "" for the JVM's trust store alone. */
    public String tlsCaFile() {
        return (String) this.values.get("tlsCaFile");
    }

    /** PEM client certificate (chain), or "" for none. */
    public String tlsClientCertFile() {
        return (String) this.values.get("tlsClientCertFile");
    }

    /** PKCS#8 PEM key of {@link #tlsClientCertFile()}, or "". */
    public String tlsClientKeyFile() {
        return (String) this.values.get("tlsClientKeyFile");
    }

    /** Days before the Backend's certificate expires from which the agent warns; 0 = never. */
    public int tlsExpiryWarningDays() {
        return (Integer) this.values.get("tlsExpiryWarningDays");
    }

    /** Seconds; 0 means values set by the Backend never expire. */
    public int apiTimeout() {
        return (Integer) this.values.get("apiTimeout");
    }

    public PersistencePriority persistencePriority() {
        return (PersistencePriority) this.values.get("persistencePriority");
    }

    public PersistencePriority aggregationPriority() {
        return (PersistencePriority) this.values.get("aggregationPriority");
    }

    public PersistencePriority resendPriority() {
        return (PersistencePriority) this.values.get("resendPriority");
    }

    public boolean debugMode() {
        return (Boolean) this.values.get("debugMode");
    }

    public int cycleTime() {
        return (Integer) this.values.get("cycleTime");
    }

    public int fullSendInterval() {
        return (Integer) this.values.get("fullSendInterval");
    }

    public int aggregationMaxDelay() {
        return (Integer) this.values.get("aggregationMaxDelay");
    }

    public int secondSnapshotDelay() {
        return (Integer) this.values.get("secondSnapshotDelay");
    }

    public int pingInterval() {
        return (Integer) this.values.get("pingInterval");
    }

    /** Seconds: the ceiling of the random wait after the first failed attempt. */
    public int reconnectBaseSeconds() {
        return (Integer) this.values.get("reconnectBaseSeconds");
    }

    /** Seconds: the ceiling of the random wait never grows beyond this. */
    public int reconnectMaxSeconds() {
        return (Integer) this.values.get("reconnectMaxSeconds");
    }

    public ReplayMode replayMode() {
        return (ReplayMode) this.values.get("replayMode");
    }

    public int backlogMaxMegabytes() {
        return (Integer) this.values.get("backlogMaxMegabytes");
    }

    public int backlogMinFreeMegabytes() {
        return (Integer) this.values.get("backlogMinFreeMegabytes");
    }

    public int backlogCommitSeconds() {
        return (Integer) this.values.get("backlogCommitSeconds");
    }

    public int liveBarrierSeconds() {
        return (Integer) this.values.get("liveBarrierSeconds");
    }

    public int barrierTimeoutSeconds() {
        return (Integer) this.values.get("barrierTimeoutSeconds");
    }

    public int replayGraceSeconds() {
        return (Integer) this.values.get("replayGraceSeconds");
    }

    public int replayWindowJitterSeconds() {
        return (Integer) this.values.get("replayWindowJitterSeconds");
    }

    public int replayRawJitterMaxSeconds() {
        return (Integer) this.values.get("replayRawJitterMaxSeconds");
    }

    public int replaySpeed() {
        return (Integer) this.values.get("replaySpeed");
    }

    public int replayBytesPerSecond() {
        return (Integer) this.values.get("replayBytesPerSecond");
    }

    public int replayWindowMessagesPerSecond() {
        return (Integer) this.values.get("replayWindowMessagesPerSecond");
    }

    public int replayMaxAgeDays() {
        return (Integer) this.values.get("replayMaxAgeDays");
    }

    public int aggregationWindowMinutes() {
        return (Integer) this.values.get("aggregationWindowMinutes");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectorConfig that && this.values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return this.values.hashCode();
    }

    /** All attributes except the secrets. */
    @Override
    public String toString() {
        return "ConnectorConfig" + this.toProperties();
    }

    private static boolean isIgnoredKey(String key) {
        return OBSOLETE_KEYS.contains(key) || key.indexOf('.') >= 0;
    }

    private static Object parse(Def def, String raw) throws ConfigException {
        return switch (def.kind) {
            case ID -> parseId(def, raw);
            case TEXT -> raw;
            case PASSWORD -> parseApikey(def, raw);
            case SECRET -> parseSecret(def, raw);
            case URI -> parseUri(def, raw.strip());
            case HOST -> parseHost(def, raw.strip());
            case FILE -> parseFile(def, raw.strip());
            case BOOLEAN -> parseBoolean(def, raw);
            case INTEGER -> parseInteger(def, raw);
            case PRIORITY -> parseEnum(def, raw, PersistencePriority.values());
            case PROXY_TYPE -> parseEnum(def, raw, ProxyType.values());
            case REPLAY_MODE -> parseEnum(def, raw.replace('-', '_'), ReplayMode.values());
        };
    }

    private static String parseId(Def def, String raw) throws ConfigException {
        try {
            return new ChannelAddress(raw, "State").componentId();
        } catch (IllegalArgumentException e) {
            throw invalid(def, raw, "is not " + def.accepted());
        }
    }

    private static String parseApikey(Def def, String raw) throws ConfigException {
        String key = raw == null ? "" : raw.strip();
        if (key.isEmpty()) {
            throw new ConfigException(def.name, "required");
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            // the value itself is secret: say what is wrong without showing it
            throw new ConfigException(def.name, "must not contain line breaks or other control characters");
        }
        return key;
    }

    private static String parseUri(Def def, String raw) throws ConfigException {
        if (raw.isEmpty()) {
            return raw;
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw invalid(def, raw, "is not a valid URI (" + e.getReason() + "); expected " + def.accepted());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null || uri.getFragment() != null) {
            throw invalid(def, raw, "is not a ws:// or wss:// URI with a host and without #fragment; expected "
                    + def.accepted());
        }
        if (uri.getRawUserInfo() != null) {
            // may hold a password: do not echo the value
            throw new ConfigException(def.name, "must not contain user:password@; the apikey authenticates the Edge");
        }
        return raw;
    }

    private static String parseHost(Def def, String raw) throws ConfigException {
        if (raw.chars().anyMatch(c -> c == '/' || c == '@' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw invalid(def, raw, "is not " + def.accepted() + " (put the port into proxyPort)");
        }
        return raw;
    }

    private static String parseSecret(Def def, String raw) throws ConfigException {
        if (raw.chars().anyMatch(Character::isISOControl)) {
            // the value itself is secret: say what is wrong without showing it
            throw new ConfigException(def.name, "must not contain line breaks or other control characters");
        }
        return raw;
    }

    private static String parseFile(Def def, String raw) throws ConfigException {
        if (raw.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException(def.name, "must not contain line breaks or other control characters");
        }
        return raw;
    }

    private static Boolean parseBoolean(Def def, String raw) throws ConfigException {
        String text = raw.strip().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        throw invalid(def, raw, "is not one of " + def.accepted());
    }

    private static Integer parseInteger(Def def, String raw) throws ConfigException {
        int value;
        try {
            value = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw invalid(def, raw, "is not a whole number in " + def.accepted());
        }
        if (value < def.min || value > def.max) {
            throw invalid(def, raw, "is not in " + def.accepted());
        }
        return value;
    }

    private static <E extends Enum<E>> E parseEnum(Def def, String raw, E[] constants) throws ConfigException {
        String wanted = raw.strip().toUpperCase(Locale.ROOT);
        for (E constant : constants) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw invalid(def, raw, "is not one of " + def.accepted());
    }

    private static ConfigException invalid(Def def, String raw, String problem) {
        return new ConfigException(def.name, "'" + raw + "' " + problem);
    }

    private static String names(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", "));
    }
}
