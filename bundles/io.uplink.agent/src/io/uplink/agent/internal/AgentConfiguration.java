package io.uplink.agent.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.uplink.agent.AgentOptions;
import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectorConfig;

/**
 * The connector's configuration, in layers (later wins): defaults, the {@code --config} file, changes made
 * at run time (by the Backend's updateComponentConfig or the workbench; saved in
 * {@code <data-dir>/config-changes.properties} so they survive a restart), {@code --NAME=VALUE} options, and the
 * thresholds of the priority profile in effect. Secrets (the API key and the proxy password) live in secure storage
 * ({@link SecretStore}); they are only held in memory here, never written.
 */
public final class AgentConfiguration {
    /** Attributes that are secrets (apikey, proxyPassword): never read from or written to plain files. */
    static final Set<String> SECRET_ATTRIBUTES = ConnectorConfig.attributes().stream()
            .filter(ConnectorConfig.Attribute::password).map(ConnectorConfig.Attribute::name)
            .collect(Collectors.toUnmodifiableSet());

    static final String CHANGES_FILE = "config-changes.properties";

    private final Path changesFile;
    private final java.util.Optional<Path> configFile;
    private final Map<String, String> fileLayer;
    private final Map<String, String> commandLineLayer;
    private final Map<String, String> changesLayer;
    private final Map<String, String> profileLayer = new LinkedHashMap<>();
    private final Map<String, String> secretLayer = new LinkedHashMap<>();
    private final String source;

    private AgentConfiguration(Path changesFile, java.util.Optional<Path> configFile, Map<String, String> fileLayer,
            Map<String, String> changesLayer, Map<String, String> commandLineLayer, String source) {
        this.changesFile = changesFile;
        this.configFile = configFile;
        this.fileLayer = new LinkedHashMap<>(fileLayer);
        this.changesLayer = changesLayer;
        this.commandLineLayer = commandLineLayer;
        this.source = source;
    }

    public static AgentConfiguration load(AgentOptions options) throws IOException, ConfigException {
        Map<String, String> fileLayer = options.configFile().isPresent() ? readConfigFile(options.configFile().get()) : Map.of();
        Path changesFile = options.dataDirectory().resolve(CHANGES_FILE);
        Map<String, String> changes = Files.isRegularFile(changesFile) ? read(changesFile) : new LinkedHashMap<>();
        String source = options.configFile().map(f -> "file " + f.toAbsolutePath()).orElse("built-in defaults (no --config)");
        if (!changes.isEmpty()) {
            source += " + run-time changes in " + changesFile.toAbsolutePath();
        }
        if (!options.attributes().isEmpty()) {
            source += " + command-line options " + options.attributes().keySet();
        }
        return new AgentConfiguration(changesFile, options.configFile(), fileLayer, new LinkedHashMap<>(changes),
                options.attributes(), source);
    }

    /** The configuration file, if one is used (watched for changes while the agent runs). */
    public java.util.Optional<Path> configFile() {
        return configFile;
    }

    /**
     * Reads the configuration file again and returns the resulting configuration; the file's values are only
     * taken over when the whole result is valid, so a half-edited file never reaches the connector.
     */
    public synchronized ConnectorConfig reloadFile() throws IOException, ConfigException {
        if (configFile.isEmpty()) {
            return effective();
        }
        Map<String, String> reread = readConfigFile(configFile.get());
        Map<String, String> previous = new LinkedHashMap<>(fileLayer);
        fileLayer.clear();
        fileLayer.putAll(reread);
        try {
            return effective();
        } catch (ConfigException e) {
            fileLayer.clear();
            fileLayer.putAll(previous);
            throw e;
        }
    }

    private static Map<String, String> readConfigFile(Path file) throws IOException, ConfigException {
        Map<String, String> values = read(file);
        if (values.containsKey("apikey")) {
            throw new ConfigException("apikey", "must not be in the configuration file " + file
                    + " (plain files leak); pass --apikey-file=FILE once instead");
        }
        for (String secret : SECRET_ATTRIBUTES) {
            if (values.containsKey(secret)) {
                throw new ConfigException(secret, "must not be in the configuration file " + file + " (plain files leak)");
            }
        }
        return values;
    }

    /** Where the configuration came from, for the start-up log line. */
    public String source() {
        return source;
    }

    /** The effective configuration with this API key and no proxy password. */
    public ConnectorConfig effective(String apikey) throws ConfigException {
        return effective(Map.of("apikey", apikey));
    }

    /** The effective configuration with these secrets (apikey, proxyPassword: all of them, from secure storage). */
    public synchronized ConnectorConfig effective(Map<String, String> secrets) throws ConfigException {
        setSecrets(secrets);
        return effective();
    }

    /** The effective configuration with the secrets given to {@link #setSecrets} and {@link #setSecret}. */
    public synchronized ConnectorConfig effective() throws ConfigException {
        Map<String, String> merged = new LinkedHashMap<>(fileLayer);
        merged.putAll(changesLayer);
        merged.putAll(commandLineLayer);
        merged.putAll(profileLayer);
        merged.putAll(secretLayer);
        return ConnectorConfig.fromProperties(merged);
    }

    /** All secrets (as {@link SecretStore#attributes()} gives them); one not given is not set. Kept in memory only. */
    public synchronized void setSecrets(Map<String, String> secrets) {
        secrets.keySet().forEach(AgentConfiguration::checkSecret);
        secretLayer.clear();
        secretLayer.putAll(secrets);
    }

    /** A secret (apikey, proxyPassword) from secure storage; kept in memory only. */
    public synchronized void setSecret(String attribute, String value) {
        checkSecret(attribute);
        secretLayer.put(attribute, value);
    }

    private static void checkSecret(String attribute) {
        if (!SECRET_ATTRIBUTES.contains(attribute)) {
            throw new IllegalArgumentException(attribute + " is not a secret attribute");
        }
    }

    /** The thresholds of the profile in effect; they override the other layers (the profile was chosen last). */
    public synchronized void setProfileLayer(Map<String, String> thresholds) {
        profileLayer.clear();
        profileLayer.putAll(thresholds);
    }

    /** A later explicit change of a threshold wins over the profile's value. */
    public synchronized void dropFromProfileLayer(java.util.Collection<String> attributes) {
        profileLayer.keySet().removeAll(attributes);
    }

    /** Records run-time changes (validated by the caller) so that they survive a restart. */
    public synchronized void persistChanges(Map<String, String> changes) throws IOException {
        Map<String, String> updated = new LinkedHashMap<>(changesLayer);
        changes.forEach((name, value) -> {
            if (!SECRET_ATTRIBUTES.contains(name)) { // secrets never go into a plain file
                updated.put(name, value);
            }
        });
        write(changesFile, updated);
        changesLayer.clear();
        changesLayer.putAll(updated);
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name.trim(), properties.getProperty(name).trim()));
        return values;
    }

    /** Write to a temporary file, then rename: a crash never leaves a half-written configuration. */
    private static void write(Path file, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("# Uplink: connector configuration changed at run time (Backend or workbench);\n"
                + "# it overrides --config. Delete this file to return to the configuration file's values.\n");
        for (Map.Entry<String, String> entry : new TreeMap<>(values).entrySet()) { // sorted for people diffing it
            Properties single = new Properties();
            single.setProperty(entry.getKey(), entry.getValue());
            java.io.StringWriter escaped = new java.io.StringWriter();
            single.store(escaped, null);
            escaped.toString().lines().filter(line -> !line.startsWith("#")).forEach(line -> text.append(line).append('\n'));
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.getParent());
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            writer.write(text.toString());
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
