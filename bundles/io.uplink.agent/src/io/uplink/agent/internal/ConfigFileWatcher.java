package io.uplink.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectorConfig;

/**
 * Applies edits of the {@code --config} file while the agent runs: polls its modification time (works on every
 * file system, unlike inotify on network mounts), validates the whole file and hands a valid result over; an
 * invalid edit is logged with the attribute at fault and the running configuration stays as it was.
 */
final class ConfigFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);
    static final long POLL_MILLIS = 2000;

    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "uplink-config-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final Path file;
    private final AgentConfiguration configuration;
    private final Consumer<ConnectorConfig> apply;
    private FileTime lastSeen;
    private ConnectorConfig current;

    ConfigFileWatcher(Path file, AgentConfiguration configuration, ConnectorConfig current,
            Consumer<ConnectorConfig> apply) throws IOException {
        this.file = file;
        this.configuration = configuration;
        this.current = current;
        this.apply = apply;
        this.lastSeen = Files.getLastModifiedTime(file);
        poller.scheduleWithFixedDelay(this::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(lastSeen)) {
                return;
            }
            lastSeen = modified;
            ConnectorConfig reloaded = configuration.reloadFile();
            if (Objects.equals(reloaded.toProperties(), current.toProperties())) {
                return;
            }
            current = reloaded;
            LOG.info("Configuration file {} changed; applying it", file);
            apply.accept(reloaded);
        } catch (ConfigException e) {
            LOG.error("Configuration file {} not applied: {}; the agent keeps its current configuration", file, e.getMessage());
        } catch (IOException e) {
            LOG.warn("Configuration file {} cannot be read: {}; the agent keeps its current configuration", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
