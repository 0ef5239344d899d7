package io.uplink.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.eclipse.equinox.security.storage.StorageException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.agent.AgentControl;
import io.uplink.agent.AgentOptions;
import io.uplink.agent.AgentRuntime;
import io.uplink.agent.AgentVersion;
import io.uplink.agent.SourceFactory;
import io.uplink.agent.SourceOption;
import io.uplink.connector.AgentStatus;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ReplayMode;
import io.uplink.core.ScaledClock;
import io.uplink.store.Backlog;
import io.uplink.store.BacklogException;
import io.uplink.store.BacklogOptions;
import io.uplink.store.BacklogStats;
import io.uplink.store.SqliteBacklog;
import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectorConfig;
import io.uplink.core.ChannelSource;
import io.uplink.edge.sim.SimulatedEdge;
import io.uplink.profile.CompiledProfile;
import io.uplink.profile.ProfiledSource;

/**
 * Declarative Services wiring of the agent: configuration and secrets → channel source → connector, and the
 * connector's {@link AgentStatus} published as a service for the workbench and other readers.
 */
@Component(service = AgentRuntime.class, immediate = true)
public class AgentRuntimeComponent implements AgentRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntimeComponent.class);

    private BundleContext bundleContext;
    private volatile State state = State.IDLE;
    private BackendConnector connector;
    private Backlog backlog;
    private RunningAgentControl control;
    private ServiceRegistration<AgentStatus> statusRegistration;
    private Runnable detachLogForwarding = () -> {
    };
    private ConfigFileWatcher configWatcher;
    /** The sources opened by {@link #openSources}, closed on stop (null: nothing to close). */
    private SourceSet sources;

    @Activate
    void activate(BundleContext context) {
        this.bundleContext = context;
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public synchronized void start(AgentOptions options) throws IOException, ConfigException, StorageException {
        if (state == State.RUNNING) {
            throw new IllegalStateException("the agent is already running");
        }
        Files.createDirectories(options.dataDirectory());
        AgentConfiguration configuration = AgentConfiguration.load(options);
        LOG.info("Uplink agent {} starting; data directory {}; configuration: {}", AgentVersion.get(),
                options.dataDirectory().toAbsolutePath(), configuration.source());

        SecretStore secrets = SecretStore.open(options.dataDirectory());
        if (options.apikeyFile().isPresent()) {
            secrets.setApikey(SecretStore.readKeyFile(options.apikeyFile().get()));
            LOG.info("API key read from {} and kept in secure storage", options.apikeyFile().get());
        }
        if (options.proxyPasswordFile().isPresent()) {
            String proxyPassword = SecretStore.readSecretFile(options.proxyPasswordFile().get());
            secrets.setProxyPassword(proxyPassword);
            LOG.info(proxyPassword.isEmpty() ? "Proxy password removed from secure storage ({} is empty)"
                    : "Proxy password read from {} and kept in secure storage", options.proxyPasswordFile().get());
        }
        Optional<String> apikey = secrets.apikey();
        if (apikey.isEmpty()) {
            throw new ConfigException("apikey", "required: none in secure storage yet; pass --apikey-file=FILE once");
        }
        configuration.setSecrets(secrets.attributes());
        Optional<CompiledProfile> profile = RunningAgentControl.startupProfile(options.dataDirectory(), options.profileFile());
        profile.ifPresent(p -> configuration.setProfileLayer(p.thresholdChanges()));
        ConnectorConfig config = configuration.effective();
        LOG.info("Connector configuration: {}", config);

        Clock clock = ScaledClock.fromSystemProperty(ZoneId.systemDefault());
        if (clock instanceof ScaledClock scaled) {
            LOG.warn("Test clock: time starts at {} and runs {} times faster than real time ({})", clock.instant(),
                    scaled.speed(), ScaledClock.PROPERTY);
        }
        ProfiledSource source = new ProfiledSource(openSources(options, secrets, clock, config.id()));
        profile.ifPresent(source::setProfile);
        try {
            backlog = openBacklog(options.dataDirectory(), config);
            connector = new BackendConnector(config, source, clock, RandomGenerator.getDefault(),
                    configuration::persistChanges, backlog);
            control = new RunningAgentControl(connector, configuration, secrets, source, options.dataDirectory());
            connector.start();
            try {
                detachLogForwarding = SystemLogForwarding.attach(connector::publishSystemLog);
            } catch (NoClassDefFoundError e) {
                LOG.warn("No Logback in this runtime: the Backend's subscribeSystemLog receives no log lines");
            }
            if (configuration.configFile().isPresent()) {
                configWatcher = new ConfigFileWatcher(configuration.configFile().get(), configuration, config,
                        connector::replaceConfig);
            }
            if (bundleContext != null) {
                statusRegistration = bundleContext.registerService(AgentStatus.class, connector.status(), null);
            }
        } catch (Exception e) {
            releaseAll(); // a half-started agent must not keep its threads, sockets and sources
            throw e;
        }
        state = State.RUNNING;
    }

    /**
     * Opens every {@code --source} (a password given with it goes into secure storage first). One simulated edge
     * is used as it is; anything else goes through a {@link SourceSet}, kept in {@link #sources} to be closed on
     * stop: it refuses addresses that already collide now, naming both sources, and leaves out (DEGRADED) those
     * that collide only later, when a source lists its channels after connecting.
     *
     * @throws ConfigException if a source cannot be opened, lacks its password, or two offer the same address
     */
    private ChannelSource openSources(AgentOptions options, SecretStore secrets, Clock clock, String connectorId)
            throws ConfigException, StorageException, IOException {
        List<ChannelSource> parts = new ArrayList<>();
        try {
            for (SourceOption option : options.sources()) {
                SourceFactory factory = SourceFactories.get(option.scheme());
                if (factory == null) {
                    throw new ConfigException("source", "'" + option + "' is not a known source (accepted: "
                            + SourceFactories.usages() + ")");
                }
                if (option.passwordFile().isPresent()) {
                    secrets.setSourcePassword(option.toString(), SecretStore.readSecretFile(option.passwordFile().get()));
                    LOG.info("Password of source {} read from {} and kept in secure storage", option,
                            option.passwordFile().get());
                }
                Optional<String> password = factory.needsPassword() ? secrets.sourcePassword(option.toString())
                        : Optional.empty();
                if (factory.needsPassword() && password.isEmpty()) {
                    throw new ConfigException("source", option + " needs a password: none in secure storage yet; pass"
                            + " --source-password-file=FILE once, right after this --source");
                }
                ChannelSource part;
                try {
                    part = factory.create(new SourceFactory.Context(option, clock, password,
                            options.simulatedExtraChannels()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("source", option + ": " + e.getMessage());
                }
                parts.add(part);
                LOG.info("Channel source {} ({}): {} channels", part.id(), option, part.channels().size());
            }
            if (parts.size() == 1 && parts.get(0) instanceof SimulatedEdge sim) {
                return sim; // fixed channels, one source: nothing can collide
            }
            sources = new SourceSet(parts, connectorId);
            return sources;
        } catch (ConfigException | StorageException | IOException | RuntimeException e) {
            parts.forEach(AgentRuntimeComponent::closeQuietly);
            throw e;
        }
    }

    private static void closeQuietly(ChannelSource source) {
        if (source instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing source {} failed: {}", source.id(), e.toString());
            }
        }
    }

    /**
     * The backlog lives in {@code <data>/backlog} (SQLite, its native library extracted beside it). A damaged store
     * is set aside by the store itself; one that cannot be opened at all leaves the agent running without a backlog,
     * as OpenEMS runs, rather than not running.
     */
    private static Backlog openBacklog(Path dataDirectory, ConnectorConfig config) {
        if (config.replayMode() == ReplayMode.OFF) {
            LOG.info("replayMode=off: no backlog is kept");
            return null;
        }
        BacklogOptions options = new BacklogOptions(config.backlogMaxMegabytes() * 1024L * 1024,
                config.backlogMinFreeMegabytes() * 1024L * 1024);
        try {
            SqliteBacklog opened = SqliteBacklog.open(dataDirectory.resolve("backlog"), options);
            if (opened.openReport().quarantined()) {
                LOG.warn("The backlog was damaged and set aside as {} ({}); its rows are lost, a fresh backlog is used",
                        opened.openReport().quarantinedFile(), opened.openReport().reason());
            }
            BacklogStats stats = opened.stats();
            LOG.info("Backlog {}: {} rows, {} bytes waiting for replay", dataDirectory.resolve("backlog"), stats.rows(),
                    stats.bytes());
            return opened;
        } catch (BacklogException e) {
            LOG.error("The backlog cannot be opened ({}); the agent runs without one: data sent while the Backend is"
                    + " unreachable is lost", e.getMessage());
            return null;
        }
    }

    @Override
    public synchronized Optional<AgentStatus> status() {
        return connector == null ? Optional.empty() : Optional.of(connector.status());
    }

    @Override
    public synchronized Optional<AgentControl> control() {
        return Optional.ofNullable(control);
    }

    @Override
    public synchronized void stop() {
        if (state != State.RUNNING) {
            return;
        }
        releaseAll();
        state = State.STOPPED;
        LOG.info("Uplink agent stopped");
    }

    private void releaseAll() {
        if (statusRegistration != null) {
            statusRegistration.unregister();
            statusRegistration = null;
        }
        if (configWatcher != null) {
            configWatcher.close();
            configWatcher = null;
        }
        detachLogForwarding.run();
        detachLogForwarding = () -> {
        };
        control = null;
        if (connector != null) {
            connector.close();
            connector = null;
        }
        if (backlog != null) {
            backlog.close();
            backlog = null;
        }
        if (sources != null) {
            sources.close();
            sources = null;
        }
    }
}
