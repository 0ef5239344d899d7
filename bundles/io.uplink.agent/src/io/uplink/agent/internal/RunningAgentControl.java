package io.uplink.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.equinox.security.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.agent.AgentControl;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectionTestResult;
import io.uplink.connector.ConnectorConfig;
import io.uplink.core.ChannelMetadata;
import io.uplink.profile.CompiledProfile;
import io.uplink.profile.ProfileException;
import io.uplink.profile.ProfileFormat;
import io.uplink.profile.ProfiledSource;

/** {@link AgentControl} of one running agent: the connector, its configuration layers, secrets and profile. */
final class RunningAgentControl implements AgentControl {
    private static final Logger LOG = LoggerFactory.getLogger(RunningAgentControl.class);
    /** The profile applied at run time; it takes the place of {@code --profile} on the next start. */
    static final String APPLIED_PROFILE_FILE = "applied-profile." + ProfileFormat.EXTENSION;

    private final BackendConnector connector;
    private final AgentConfiguration configuration;
    private final SecretStore secrets;
    private final ProfiledSource source;
    private final Path dataDirectory;

    RunningAgentControl(BackendConnector connector, AgentConfiguration configuration, SecretStore secrets,
            ProfiledSource source, Path dataDirectory) {
        this.connector = connector;
        this.configuration = configuration;
        this.secrets = secrets;
        this.source = source;
        this.dataDirectory = dataDirectory;
    }

    /**
     * The profile to start with: the one applied at run time if there is one, else {@code --profile}.
     *
     * @throws ConfigException for a profile file with problems, naming the file, line and problem
     */
    static Optional<CompiledProfile> startupProfile(Path dataDirectory, Optional<Path> profileOption)
            throws ConfigException, IOException {
        Path applied = dataDirectory.resolve(APPLIED_PROFILE_FILE);
        Optional<Path> file = Files.isRegularFile(applied) ? Optional.of(applied) : profileOption;
        if (file.isEmpty()) {
            return Optional.empty();
        }
        if (file.get().equals(applied) && profileOption.isPresent()) {
            LOG.info("Profile applied at run time ({}) takes the place of --profile {}; delete it to use --profile",
                    applied, profileOption.get());
        }
        try {
            CompiledProfile profile = ProfileFormat.load(file.get());
            LOG.info("Priority profile '{}' from {}: {} rules, thresholds {}", profile.profile().name(), file.get(),
                    profile.rules().size(), profile.thresholdChanges());
            return Optional.of(profile);
        } catch (ProfileException e) {
            throw new ConfigException("profile", e.getMessage());
        }
    }

    @Override
    public ConnectorConfig config() {
        return connector.config();
    }

    @Override
    public synchronized ConnectorConfig updateConfig(Map<String, String> changes) throws ConfigException, IOException {
        connector.config().withChanges(changes); // validate first: a refused change must not touch secure storage
        Map<String, String> plain = new LinkedHashMap<>(changes);
        try {
            for (String secret : AgentConfiguration.SECRET_ATTRIBUTES) {
                String value = plain.get(secret);
                if (value == null) {
                    continue;
                }
                if (secret.equals("apikey")) {
                    secrets.setApikey(value.strip());
                } else if (secret.equals("proxyPassword")) {
                    secrets.setProxyPassword(value);
                }
                configuration.setSecret(secret, value);
            }
        } catch (StorageException e) {
            throw new IOException("secure storage: " + e.getMessage(), e);
        }
        configuration.dropFromProfileLayer(changes.keySet());
        return connector.updateConfig(plain);
    }

    @Override
    public boolean connectNow() {
        return connector.connectNow();
    }

    @Override
    public ConnectionTestResult testConnection(ConnectorConfig candidate) {
        return connector.testConnection(candidate, io.uplink.connector.internal.BackendLink.CONNECT_TIMEOUT);
    }

    @Override
    public Optional<CompiledProfile> profile() {
        return source.profile();
    }

    @Override
    public synchronized void applyProfile(CompiledProfile profile) throws ConfigException, IOException {
        connector.config().withChanges(profile.thresholdChanges());
        ProfileFormat.write(dataDirectory.resolve(APPLIED_PROFILE_FILE), profile.profile());
        source.setProfile(profile);
        // the thresholds go the usual way: validated, persisted, edgeConfig and full snapshots follow
        connector.updateConfig(profile.thresholdChanges());
        configuration.setProfileLayer(profile.thresholdChanges());
        LOG.info("Priority profile '{}' applied: {} rules, thresholds {}", profile.profile().name(),
                profile.rules().size(), profile.thresholdChanges());
    }

    @Override
    public List<ChannelMetadata> sourceChannels() {
        return source.sourceChannels();
    }

    @Override
    public io.uplink.core.SourceHealth sourceHealth() {
        return source.health();
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }
}
