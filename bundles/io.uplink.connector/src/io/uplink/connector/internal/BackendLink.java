package io.uplink.connector.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import org.glassfish.tyrus.client.ClientManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.Diagnosis;
import io.uplink.connector.ProxyType;

/**
 * Keeps the WebSocket link to the Backend up: connects (directly or through a proxy), pings every
 * {@code pingInterval} and treats a link without a pong for 1.5 intervals as dead, and reconnects with exponential
 * backoff and full jitter ({@link ReconnectPolicy}; the first attempt after start or a settings change is immediate).
 */
public final class BackendLink {
    private static final Logger LOG = LoggerFactory.getLogger(BackendLink.class);
    /** The upgrade must answer within this; Grizzly bounds the TCP connect and TLS handshake by 30 s as well. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** A Backend refuses an unknown apikey by closing right after the upgrade; a close this soon is read as that. */
    static final Duration CLOSED_AFTER_UPGRADE_WITHIN = Duration.ofSeconds(10);
    /** Backend requests are small; a larger frame is refused by Tyrus (close 1009) instead of filling the heap. */
    static final int MAX_INCOMING_FRAME_BYTES = 4 * 1024 * 1024;

    /** What the link tells the connector; called on the link's own threads. */
    public interface Events {
        void onConnected();

        void onDisconnected(String reason);

        void onText(String text);

        /** A wait was cut short ({@link BackendLink#connectNow()}); told before the attempt starts. */
        default void onConnectNow(int attempt) {
        }
    }

    private final ClientManager client;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService connector;
    private final ReconnectSchedule reconnect;

    private volatile Events events;
    private volatile ConnectorConfig config;
    private volatile BackendSession session;
    private volatile ConnectionState state = ConnectionState.STOPPED;
    private volatile Instant connectedSince;
    private volatile Instant nextAttemptAt;
    private volatile String lastError;
    private volatile Diagnosis lastDiagnosis;
    /** {@link ReconnectSchedule#failures()}, readable without this lock (the status is read on other threads). */
    private volatile int failedAttempts;
    private volatile boolean running;
    private ScheduledFuture<?> pendingAttempt;
    /**
     * The number of the one attempt that may run next; every schedule and cancel takes a new one. An attempt whose
     * timer already fired may sit in the connector's queue when its wait is cut short or cancelled
     * ({@code cancel(false)} cannot take it back): it finds its number outdated and does nothing. Under this lock.
     */
    private long attemptGeneration;
    /** When the last attempt ended (System.nanoTime), for the floor between attempts; under this lock. */
    private long lastAttemptEndNanos = System.nanoTime() - ReconnectPolicy.FLOOR.toNanos();
    /** Held for the whole of an attempt: never two at once, whatever executor runs them. Taken before this lock. */
    private final Object attemptRunning = new Object();
    private long lastPingNanos;

    /**
     * @param clock decides when a link counts as stable and stamps {@link #nextAttemptAt()}; the waits themselves
     *        run on {@code scheduler}
     * @param random the jitter source; used under this link's lock only
     */
    public BackendLink(ClientManager client, Clock clock, RandomGenerator random, ConnectorConfig initialConfig,
            ScheduledExecutorService scheduler, ExecutorService connector) {
        this.client = client;
        this.clock = clock;
        this.scheduler = scheduler;
        this.connector = connector;
        this.config = initialConfig;
        this.reconnect = new ReconnectSchedule(ReconnectPolicy.of(initialConfig), random);
    }

    public synchronized void start(ConnectorConfig initialConfig, Events listener) {
        this.config = initialConfig;
        reconnect.setPolicy(ReconnectPolicy.of(initialConfig));
        this.events = listener;
        this.running = true;
        if (initialConfig.enabled()) {
            scheduleAttempt(Duration.ZERO);
        } else {
            state = ConnectionState.DISABLED;
        }
    }

    /** Applies a new configuration; reconnects when what the connection depends on changed. */
    public synchronized void reconfigure(ConnectorConfig newConfig) {
        ConnectorConfig old = this.config;
        this.config = newConfig;
        reconnect.setPolicy(ReconnectPolicy.of(newConfig));
        if (sameConnectionSettings(old, newConfig)) {
            return;
        }
        LOG.info("Connection settings changed; reconnecting");
        dropSession("configuration changed");
        reconnect.reset();
        failedAttempts = 0;
        if (newConfig.enabled()) {
            scheduleAttempt(Duration.ZERO);
        } else {
            cancelAttempt();
            state = ConnectionState.DISABLED;
            nextAttemptAt = null;
        }
    }

    private static boolean sameConnectionSettings(ConnectorConfig a, ConnectorConfig b) {
        return a.uri().equals(b.uri()) && a.apikey().equals(b.apikey()) && a.proxyAddress().equals(b.proxyAddress())
                && a.proxyPort() == b.proxyPort() && a.proxyType() == b.proxyType() && a.enabled() == b.enabled()
                && a.proxyUsername().equals(b.proxyUsername()) && a.proxyPassword().equals(b.proxyPassword())
                && a.tlsCaFile().equals(b.tlsCaFile()) && a.tlsClientCertFile().equals(b.tlsClientCertFile())
                && a.tlsClientKeyFile().equals(b.tlsClientKeyFile());
    }

    public synchronized void stop() {
        running = false;
        cancelAttempt();
        dropSession("agent stopping");
        state = ConnectionState.STOPPED;
    }

    /** @return false when there is no open connection or the socket did not take the text in time */
    public boolean send(String text) {
        BackendSession current = session;
        if (current == null) {
            return false;
        }
        if (current.send(text, sendTimeout())) {
            return true;
        }
        if (current.sendTimedOut()) { // a plain close is reported by the session's own close callback
            onSessionClosed(current, Diagnosis.PING_TIMEOUT,
                    "a send did not complete within " + sendTimeout().toSeconds() + " s (dead link)");
        }
        return false;
    }

    /** Two ping intervals: the same bound as for a missing pong. */
    private Duration sendTimeout() {
        return Duration.ofSeconds(config.pingInterval() * 2L);
    }

    public boolean isConnected() {
        BackendSession current = session;
        return current != null && current.isOpen();
    }

    public ConnectionState state() {
        return state;
    }

    public Instant connectedSince() {
        return connectedSince;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public String lastError() {
        return lastError;
    }

    public Diagnosis lastDiagnosis() {
        return lastDiagnosis;
    }

    /** Called every second: pings, and drops a link whose pongs stopped (half-open TCP). */
    public void checkAlive() {
        BackendSession current = session;
        ConnectorConfig currentConfig = config;
        if (current == null || currentConfig == null) {
            return;
        }
        Duration interval = Duration.ofSeconds(currentConfig.pingInterval());
        // one missed pong plus half an interval of grace: with the default 30 s a dead link is found within 46 s,
        // inside the 60 s promised, while a pong (answered at once by any peer) is never mistaken for a loss
        if (current.sinceLastPong().compareTo(interval.multipliedBy(3).dividedBy(2)) > 0) {
            String reason = "no pong from the Backend for " + current.sinceLastPong().toSeconds() + " s (dead link)";
            onSessionClosed(current, Diagnosis.PING_TIMEOUT, reason);
            Thread.ofVirtual().name("uplink-close").start(current::close); // a close frame to a dead peer may block
            return;
        }
        long now = System.nanoTime();
        if (now - lastPingNanos >= interval.toNanos()) {
            lastPingNanos = now;
            current.ping();
        }
    }

    /**
     * "Connect now": while the link is enabled, not connected and waiting for its next attempt, makes that attempt
     * at once instead of at the end of the wait (a technician who just fixed the cause should not wait up to
     * {@code reconnectMaxSeconds}). The failure count stays: if the attempt fails, the next wait continues the
     * exponential sequence. The floor between attempts ({@link ReconnectPolicy#FLOOR}) still holds, so repeated
     * calls cannot make more than two attempts a second. While an attempt runs, while connected, disabled or
     * stopped it does nothing.
     *
     * @return the number of the attempt made now (failures so far + 1), or 0 when there was no wait to cut short
     */
    public synchronized int connectNow() {
        if (!running || !config.enabled() || session != null || state != ConnectionState.WAITING) {
            return 0;
        }
        int attempt = reconnect.failures() + 1;
        Instant due = nextAttemptAt;
        long sinceLast = System.nanoTime() - lastAttemptEndNanos;
        Duration delay = Duration.ofNanos(Math.max(0, ReconnectPolicy.FLOOR.toNanos() - sinceLast));
        LOG.info("Connect now: attempt {} now instead of {}", attempt,
                due == null ? "later" : "in " + seconds(Duration.between(clock.instant(), due)));
        events.onConnectNow(attempt); // under this lock: in the event log before anything the attempt records
        scheduleAttempt(delay);
        state = ConnectionState.CONNECTING; // the wait is over, even when the floor defers the attempt by some ms
        return attempt;
    }

    /** Consecutive failed attempts (and short-lived links) since the last healthy connection: the backoff's count. */
    public int failedAttempts() {
        return failedAttempts;
    }

    private synchronized void scheduleAttempt(Duration delay) {
        if (!running) {
            return;
        }
        cancelAttempt();
        long generation = attemptGeneration;
        nextAttemptAt = clock.instant().plus(delay);
        if (delay.isZero()) {
            state = ConnectionState.CONNECTING;
        } else {
            state = ConnectionState.WAITING;
        }
        try {
            pendingAttempt = scheduler.schedule(() -> connector.execute(() -> attempt(generation)), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Schedules the next attempt unless something else did since {@code generation} was current. */
    private synchronized void scheduleAttempt(long generation, Duration delay) {
        if (generation == attemptGeneration) {
            scheduleAttempt(delay);
        }
    }

    private synchronized void cancelAttempt() {
        attemptGeneration++; // also outdates an attempt already queued on the connector
        if (pendingAttempt != null) {
            pendingAttempt.cancel(false);
            pendingAttempt = null;
        }
    }

    /** @param generation the number its schedule gave it: the attempt runs only while it is still the current one */
    private void attempt(long generation) {
        synchronized (attemptRunning) {
            ConnectorConfig attemptConfig;
            synchronized (this) {
                attemptConfig = config;
                if (generation != attemptGeneration || !running || !attemptConfig.enabled() || session != null) {
                    return;
                }
                pendingAttempt = null;
                state = ConnectionState.CONNECTING;
            }
            try {
                attempt(generation, attemptConfig);
            } finally {
                synchronized (this) {
                    lastAttemptEndNanos = System.nanoTime();
                }
            }
        }
    }

    private void attempt(long generation, ConnectorConfig attemptConfig) {
        URI uri = URI.create(attemptConfig.uri());
        BackendSession[] opened = new BackendSession[1];
        TlsSetup tls = null;
        try {
            tls = tls(attemptConfig);
            BackendSession newSession = BackendSession.open(client, uri, attemptConfig.apikey(),
                    proxy(attemptConfig, CONNECT_TIMEOUT), tls, CONNECT_TIMEOUT, MAX_INCOMING_FRAME_BYTES,
                    new BackendSession.Listener() {
                        @Override
                        public void onText(String text) {
                            events.onText(text);
                        }

                        @Override
                        public void onClosed(String reason) {
                            BackendSession closed = opened[0];
                            if (closed != null) {
                                onSessionClosed(closed, null, reason);
                            }
                        }
                    });
            String expiryWarning = tls == null ? null
                    : tls.expiryWarning(attemptConfig.tlsExpiryWarningDays(), clock.instant());
            synchronized (this) {
                opened[0] = newSession;
                if (!running || generation != attemptGeneration) {
                    // stopped, or a settings change already scheduled the next attempt (or disabled the link)
                    newSession.close();
                    return;
                }
                if (!sameConnectionSettings(attemptConfig, config)) {
                    // the settings changed during the handshake: this session belongs to the old ones
                    newSession.close();
                    scheduleAttempt(Duration.ZERO);
                    return;
                }
                session = newSession;
                connectedSince = clock.instant();
                nextAttemptAt = null;
                lastError = expiryWarning;
                lastDiagnosis = expiryWarning == null ? null : Diagnosis.TLS_CERT_EXPIRES_SOON;
                lastPingNanos = System.nanoTime();
                reconnect.connected(connectedSince);
            }
            LOG.info("Connected to OpenEMS Backend at {}", uri);
            if (expiryWarning != null) {
                LOG.warn("{} [{}: {}]", expiryWarning, Diagnosis.TLS_CERT_EXPIRES_SOON,
                        Diagnosis.TLS_CERT_EXPIRES_SOON.explanation());
            }
            events.onConnected();
            synchronized (this) {
                if (session == newSession) {
                    state = ConnectionState.CONNECTED; // only now: the connect sequence (edgeConfig) is done
                }
            }
            if (!newSession.isOpen()) { // closed before the listener could see it as current
                onSessionClosed(newSession, Diagnosis.CLOSED_AFTER_UPGRADE, "closed right after the upgrade");
            }
        } catch (IOException | RuntimeException e) {
            DiagnosedException failure = ConnectFailures.diagnose(uri, proxyDisplay(attemptConfig), tls, e);
            Duration wait;
            int failures;
            BackendSession abandoned = null;
            synchronized (this) {
                lastAttemptEndNanos = System.nanoTime(); // before the wait is announced: connectNow keeps the floor
                if (generation != attemptGeneration) {
                    // something decided meanwhile: a settings change (reset backoff, attempt at once), a disable, or
                    // the session this attempt opened closed (its own diagnosis, e.g. CLOSED_AFTER_UPGRADE, and its
                    // own schedule). That stands; this late failure neither counts nor replaces the diagnosis
                    wait = null;
                    failures = 0;
                } else {
                    if (opened[0] != null && session == opened[0]) {
                        // failed after its session became current (the connect sequence threw): no half-open link
                        // left behind that would block every later attempt and connect now
                        abandoned = session;
                        session = null;
                        connectedSince = null;
                    }
                    lastError = failure.getMessage();
                    lastDiagnosis = failure.diagnosis();
                    wait = reconnect.attemptFailed();
                    failures = reconnect.failures();
                    failedAttempts = failures;
                }
            }
            if (abandoned != null) {
                abandoned.close();
            }
            if (wait == null) {
                LOG.warn("Cannot connect to the Backend: {} [{}: {}]; {}", failure.getMessage(), failure.diagnosis(),
                        failure.diagnosis().explanation(),
                        running ? "the settings changed or the link closed meanwhile" : "stopping");
                // the engine may have seen the link open (onConnected racing a close): it must see it gone again
                events.onDisconnected(failure.diagnosis() + ": " + failure.getMessage());
                return;
            }
            LOG.warn("Cannot connect to the Backend: {} [{}: {}]; attempt {} failed, next in {}", failure.getMessage(),
                    failure.diagnosis(), failure.diagnosis().explanation(), failures, seconds(wait));
            events.onDisconnected(failure.diagnosis() + ": " + failure.getMessage());
            scheduleAttempt(generation, wait);
        }
    }

    /** @param known the diagnosis when the caller knows it; else it follows from how long the link was up */
    private void onSessionClosed(BackendSession closed, Diagnosis known, String reason) {
        Duration wait;
        Diagnosis diagnosis;
        long generation;
        synchronized (this) {
            if (session != closed) {
                return; // an older session, or already handled
            }
            generation = attemptGeneration;
            Instant now = clock.instant();
            diagnosis = known != null ? known
                    : now.isBefore(connectedSince.plus(CLOSED_AFTER_UPGRADE_WITHIN)) ? Diagnosis.CLOSED_AFTER_UPGRADE
                            : Diagnosis.CONNECTION_LOST;
            session = null;
            connectedSince = null;
            lastError = reason;
            lastDiagnosis = diagnosis;
            wait = reconnect.linkLost(now);
            failedAttempts = reconnect.failures();
        }
        LOG.warn("Connection to the Backend lost: {} [{}: {}]; next attempt in {}", reason, diagnosis,
                diagnosis.explanation(), seconds(wait));
        events.onDisconnected(diagnosis + ": " + reason);
        scheduleAttempt(generation, wait);
    }

    private static String seconds(Duration wait) {
        return String.format(java.util.Locale.ROOT, "%.1f s", wait.toMillis() / 1000.0);
    }

    private void dropSession(String reason) {
        BackendSession current = session;
        session = null;
        connectedSince = null;
        if (current != null) {
            current.close();
            events.onDisconnected(reason);
        }
    }

    /** The TLS set-up for a wss attempt; null for ws. */
    static TlsSetup tls(ConnectorConfig config) throws DiagnosedException {
        return "wss".equalsIgnoreCase(config.backendUri().getScheme()) ? TlsSetup.create(config) : null;
    }

    /** The proxy as host:port for messages, or null without one. */
    static String proxyDisplay(ConnectorConfig config) {
        return config.useProxy() ? config.proxyAddress() + ":" + config.proxyPort() : null;
    }

    /**
     * What Tyrus needs to reach the Backend in one attempt: null without a proxy; an HTTP proxy Tyrus talks to
     * itself; for SOCKS5 and HTTPS proxies a tunnel opened here and a {@link LoopbackRelay} in front of it.
     */
    static BackendSession.ProxySettings proxy(ConnectorConfig config, Duration timeout) throws IOException {
        if (!config.useProxy()) {
            return null;
        }
        String display = proxyDisplay(config);
        if (config.proxyType() == ProxyType.SOCKS || config.proxyType() == ProxyType.HTTPS) {
            LoopbackRelay relay = LoopbackRelay.start(ProxyTunnel.open(config, config.backendUri(), timeout), timeout);
            return new BackendSession.ProxySettings(relay.proxyUri(), null, display, relay);
        }
        String authorization = config.proxyUsername().isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString((config.proxyUsername() + ":" + config.proxyPassword())
                        .getBytes(StandardCharsets.UTF_8));
        return new BackendSession.ProxySettings("http://" + config.proxyAddress() + ":" + config.proxyPort(),
                authorization, display, null);
    }
}
