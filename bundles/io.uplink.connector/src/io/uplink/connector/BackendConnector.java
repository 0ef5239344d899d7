package io.uplink.connector;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import org.glassfish.tyrus.client.ClientManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.connector.internal.BackendConnectorClients;
import io.uplink.connector.internal.BackendLink;
import io.uplink.connector.internal.ConnectionTester;
import io.uplink.connector.internal.ConnectorEngine;
import io.uplink.core.ChannelSource;

/**
 * Uplink's {@code Controller.Api.Backend}: keeps a WebSocket connection to the OpenEMS Backend, sends the
 * channel values every cycle, the 5-minute aggregates and the edge configuration, and answers the Backend's
 * requests (see the protocol doc §6). Threads: one cycle thread (sampling, delta, encode), one data sender
 * with a single-slot queue (a lagging link drops intermediate cycles, as in OpenEMS), one thread for
 * everything else that goes out, one for connection attempts and one for the Backend's requests.
 */
public final class BackendConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackendConnector.class);

    /** Where validated configuration changes go so that they survive a restart. */
    public interface ConfigPersistence {
        void persist(Map<String, String> changes) throws IOException;

        ConfigPersistence NONE = changes -> {
        };
    }

    private final Clock clock;
    private final ConnectorEngine engine;
    private final ScheduledExecutorService scheduler;
    /** Pings and dead-link checks run apart from the cycle, so a stuck cycle cannot hide a dead link. */
    private final ScheduledExecutorService liveness;
    private final ExecutorService connector;
    private final ClientManager client;
    private final BackendLink link;
    private final List<ScheduledFuture<?>> periodic = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> cycleTimer;
    private final ExecutorService backlogThread;
    private final ExecutorService replayThread;

    public BackendConnector(ConnectorConfig config, ChannelSource source, Clock clock, RandomGenerator random,
            ConfigPersistence persistence) {
        this(config, source, clock, random, persistence, null);
    }

    /**
     * @param backlog where data not confirmed delivered is kept and replayed from (backlog-replay.md §6), or null to
     *        run without one; the caller opens and closes it (after {@link #close()})
     */
    public BackendConnector(ConnectorConfig config, ChannelSource source, Clock clock, RandomGenerator random,
            ConfigPersistence persistence, io.uplink.store.Backlog backlog) {
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("uplink-cycle"));
        this.connector = Executors.newSingleThreadExecutor(named("uplink-connect"));
        this.liveness = Executors.newSingleThreadScheduledExecutor(named("uplink-liveness"));
        ThreadPoolExecutor dataSender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(1), named("uplink-send-data"), new ThreadPoolExecutor.DiscardOldestPolicy());
        ExecutorService otherSender = Executors.newSingleThreadExecutor(named("uplink-send"));
        ExecutorService requests = Executors.newSingleThreadExecutor(named("uplink-requests"));
        this.client = createClient();
        // the link's own jitter source, seeded from the injected one: deterministic in tests, not shared across threads
        this.link = new BackendLink(client, clock, new SplittableRandom(random.nextLong()), config, scheduler, connector);
        this.backlogThread = backlog == null ? null : Executors.newSingleThreadExecutor(named("uplink-backlog"));
        this.replayThread = backlog == null ? null : Executors.newSingleThreadExecutor(named("uplink-replay"));
        this.engine = new ConnectorEngine(config, source, clock, random, link, dataSender, otherSender, requests,
                persistence, backlog, backlogThread, replayThread);
    }

    private static ClientManager createClient() {
        return BackendConnectorClients.create();
    }

    /**
     * Runs the whole connection chain once with the current configuration, beside the running link, and says what
     * works or why not. Blocks for up to the connect timeout (30 s) plus 2 s; call it off the UI thread.
     */
    public ConnectionTestResult testConnection() {
        return testConnection(engine.config(), BackendLink.CONNECT_TIMEOUT);
    }

    /** The same for configuration not applied yet, e.g. settings a technician is editing. */
    public ConnectionTestResult testConnection(ConnectorConfig candidate, Duration connectTimeout) {
        return ConnectionTester.run(candidate, clock, connectTimeout, ConnectionTester.DEFAULT_CLOSE_GRACE);
    }

    /** Starts cycling and connecting; cycles are aligned to multiples of the cycle time on the clock. */
    public void start() {
        scheduleCycles(engine.config().cycleTime());
        engine.setCycleTimeListener(this::scheduleCycles);
        periodic.add(liveness.scheduleAtFixedRate(link::checkAlive, 1, 1, TimeUnit.SECONDS));
        engine.start();
    }

    private synchronized void scheduleCycles(long cycleMillis) {
        if (cycleTimer != null) {
            cycleTimer.cancel(false);
        }
        // on a test clock that runs faster than real time, cycles come as much faster
        double speed = clock instanceof io.uplink.core.ScaledClock scaled ? scaled.speed() : 1;
        long delay = cycleMillis - Math.floorMod(clock.millis(), cycleMillis);
        long periodMicros = Math.max(100, (long) (cycleMillis * 1000 / speed));
        cycleTimer = scheduler.scheduleAtFixedRate(this::cycleSafely, (long) (delay * 1000 / speed), periodMicros,
                TimeUnit.MICROSECONDS);
    }

    /** Runs one cycle now (tests drive cycles themselves on a test clock instead of calling {@link #start()}). */
    public void runCycle() {
        engine.runCycle();
    }

    /** Starts connecting without the cycle timer (for tests that drive cycles with {@link #runCycle()}). */
    public void connectOnly() {
        periodic.add(liveness.scheduleAtFixedRate(link::checkAlive, 1, 1, TimeUnit.SECONDS));
        engine.start();
    }

    private void cycleSafely() {
        try {
            engine.runCycle();
        } catch (RuntimeException e) {
            LOG.error("Cycle failed: {}", e.toString(), e);
        }
    }

    public AgentStatus status() {
        return engine;
    }

    public ConnectorConfig config() {
        return engine.config();
    }

    /** Validates, applies (without a restart) and persists configuration changes, as updateComponentConfig does. */
    public ConnectorConfig updateConfig(Map<String, String> changes) throws ConfigException, IOException {
        return engine.updateConfig(changes);
    }

    /**
     * "Connect now": while enabled, not connected and waiting for the next attempt ({@link ConnectionState#WAITING}),
     * makes that attempt at once instead of at the end of the backoff's wait. The failure count stays, so a failed
     * attempt is followed by the next wait of the exponential sequence; at most two attempts a second, never two at
     * once. Connected, connecting, disabled or stopped: nothing happens.
     *
     * @return true when a wait was cut short
     */
    public boolean connectNow() {
        return engine.connectNow();
    }

    /** Sends a request to the Backend (unwrapped, as an Edge does); completes with its response. */
    public java.util.concurrent.CompletableFuture<io.uplink.protocol.JsonRpcResponse> sendRequest(
            io.uplink.protocol.JsonRpcRequest request) {
        return engine.sendRequest(request);
    }

    /** Forwards a log line to the Backend while it subscribed to the system log ({@code subscribeSystemLog}). */
    public void publishSystemLog(io.uplink.protocol.SystemLogNotification line) {
        engine.publishSystemLog(line);
    }

    /** Applies a complete new configuration (e.g. the configuration file changed); not persisted as a run-time change. */
    public void replaceConfig(ConnectorConfig newConfig) {
        engine.replaceConfig(newConfig);
    }

    @Override
    public void close() {
        periodic.forEach(future -> future.cancel(false));
        synchronized (this) {
            if (cycleTimer != null) {
                cycleTimer.cancel(false);
            }
        }
        try {
            scheduler.submit(() -> {
            }).get(5, TimeUnit.SECONDS); // a running cycle finishes before the backlog is flushed
        } catch (Exception e) {
            // stopping anyway
        }
        engine.stop();
        for (ExecutorService thread : java.util.Arrays.asList(replayThread, backlogThread)) {
            if (thread != null) {
                thread.shutdown();
                try {
                    thread.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        scheduler.shutdownNow();
        liveness.shutdownNow();
        connector.shutdownNow();
        engine.shutdownExecutors();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown();
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
