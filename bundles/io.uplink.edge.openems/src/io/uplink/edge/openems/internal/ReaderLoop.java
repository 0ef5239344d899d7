package io.uplink.edge.openems.internal;

import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.core.SourceHealth;
import io.uplink.edge.openems.OpenEmsSourceConfig;

/**
 * The source's one thread: keeps a reader running whatever the Edge does. The websocket first; while its upgrade
 * fails, REST (if configured), with the websocket tried again every probe interval. A refused password waits
 * long (the Edge logs a stack trace per attempt); anything else backs off exponentially with jitter; a connection
 * that delivered data resets the backoff.
 */
public final class ReaderLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderLoop.class);

    private final OpenEmsSourceConfig config;
    private final SourceState state;
    private final WebsocketReader websocket;
    private final RestReader rest;
    private final SplittableRandom random;
    private volatile boolean running = true;
    private int failures;
    private int authFailures;

    /** @param websocket null for REST only; @param rest null for no fallback */
    public ReaderLoop(OpenEmsSourceConfig config, SourceState state, WebsocketReader websocket, RestReader rest,
            long seed) {
        this.config = config;
        this.state = state;
        this.websocket = websocket;
        this.rest = rest;
        this.random = new SplittableRandom(seed);
    }

    public void stop() {
        this.running = false;
    }

    @Override
    public void run() {
        try {
            while (this.running) {
                ReaderFailure failure = this.attempt();
                if (!this.running) {
                    break;
                }
                if (failure == null) {
                    continue; // REST ran its time: straight back to the websocket
                }
                this.state.clearValues();
                long wait = this.waitAfter(failure);
                this.state.setHealth(failure.state(), failure.getMessage() + "; next attempt in "
                        + Math.max(1, Math.round(wait / 1000.0)) + " s");
                Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("The OpenEMS source stopped on an unexpected error: {}", e.toString(), e);
            this.state.setHealth(SourceHealth.State.UNAVAILABLE, "stopped on an unexpected error: " + e);
        }
    }

    /**
     * One round: the websocket, or REST while the websocket cannot be reached; returns why it ended, or null when
     * REST ran until the websocket's next probe.
     */
    private ReaderFailure attempt() throws InterruptedException {
        long dataBefore = this.state.lastValuesNanos();
        ReaderFailure failure;
        if (this.websocket != null) {
            failure = run(this.websocket::run);
            boolean upgradeFailed = !this.websocket.connected();
            if (upgradeFailed && !failure.isAuthentication() && this.rest != null && this.running) {
                long until = System.nanoTime() + this.config.websocketProbeInterval().toNanos();
                String reason = "the websocket at " + this.config.websocketUri() + " is not available: "
                        + failure.getMessage();
                LOG.info("Websocket not available ({}); reading through REST at {}", failure.getMessage(),
                        this.config.restUri());
                long restBefore = this.state.lastValuesNanos();
                ReaderFailure restFailure = run(() -> this.rest.run(() -> this.running && System.nanoTime() < until, reason));
                if (restFailure == null) {
                    this.failures = 0;
                    return null;
                }
                if (restBefore != this.state.lastValuesNanos()) {
                    this.failures = 0; // it worked for a while
                }
                failure = restFailure.isAuthentication() ? restFailure
                        : new ReaderFailure(restFailure.state(), failure.getMessage() + "; REST: " + restFailure.getMessage());
            }
        } else {
            failure = run(() -> this.rest.run(() -> this.running, ""));
            if (failure == null) {
                return new ReaderFailure(SourceHealth.State.CONNECTING, "stopped");
            }
        }
        if (dataBefore != this.state.lastValuesNanos()) {
            this.failures = 0;
            this.authFailures = 0;
        }
        return failure;
    }

    private interface Reader {
        void run() throws ReaderFailure, InterruptedException;
    }

    /** The reader's failure, or null when it returned normally. */
    private static ReaderFailure run(Reader reader) throws InterruptedException {
        try {
            reader.run();
            return null;
        } catch (ReaderFailure e) {
            return e;
        }
    }

    private long waitAfter(ReaderFailure failure) {
        if (failure.isAuthentication()) {
            this.authFailures++;
            return (this.authFailures == 1 ? this.config.authRetry() : this.config.authRetryMax()).toMillis();
        }
        this.authFailures = 0;
        this.failures++;
        long base = this.config.reconnectBase().toMillis();
        long ceiling = Math.min(this.config.reconnectMax().toMillis(),
                base << Math.min(20, Math.max(0, this.failures - 1)));
        // jitter in the upper half: never a tight loop, and many agents do not come back in lockstep
        return ceiling / 2 + this.random.nextLong(ceiling / 2 + 1);
    }
}
