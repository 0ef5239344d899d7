package io.uplink.backend.local;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Backend's lost-connection check (Java-WebSocket, §2): every interval, close connections whose last
 * pong is older than 1.5 intervals and ping the others. Silent connections play dead and are skipped.
 */
final class PingScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PingScheduler.class);

    private final Supplier<Collection<EdgeConnection>> connections;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "uplink-backend-ping");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> task;

    PingScheduler(Supplier<Collection<EdgeConnection>> connections) {
        this.connections = connections;
    }

    /** @param interval null or zero: no pings and no dead-peer check */
    synchronized void setInterval(Duration interval) {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        if (interval != null && !interval.isZero() && !interval.isNegative() && !timer.isShutdown()) {
            long millis = interval.toMillis();
            task = timer.scheduleAtFixedRate(() -> pingAll(millis), millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }

    private void pingAll(long intervalMillis) {
        long deadNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis * 3 / 2);
        long now = System.nanoTime();
        for (EdgeConnection connection : connections.get()) {
            if (connection.isSilent()) {
                continue;
            }
            if (now - connection.lastPongNanos() > deadNanos) {
                // Java-WebSocket drops TCP here (the Edge sees 1006); Tyrus can only close properly
                LOG.warn("{} sent no pong for {} ms; closing the connection", connection, intervalMillis * 3 / 2);
                connection.close(new CloseReason(CloseCodes.GOING_AWAY, "no pong in time"));
            } else {
                connection.ping();
            }
        }
    }
}
