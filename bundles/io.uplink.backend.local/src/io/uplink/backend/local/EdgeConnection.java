package io.uplink.backend.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

/** One authenticated WebSocket connection of an Edge. */
public final class EdgeConnection {

    private final String edgeId;
    private final Session session;
    private final String requestPath;
    private final long openedAtMillis;
    private final Object sendLock = new Object();
    private final Object silenceLock = new Object();
    private boolean silent;
    private boolean released;
    private volatile long lastPongNanos = System.nanoTime();

    EdgeConnection(String edgeId, Session session, String requestPath) {
        this.edgeId = edgeId;
        this.session = session;
        this.requestPath = requestPath;
        this.openedAtMillis = System.currentTimeMillis();
    }

    public String edgeId() {
        return edgeId;
    }

    /** Path and query of the upgrade request, e.g. {@code /openems?x=1}. */
    public String requestPath() {
        return requestPath;
    }

    public long openedAtMillis() {
        return openedAtMillis;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    CompletableFuture<Void> send(String text) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        // one sender at a time keeps frames in call order, e.g. barrier answers in arrival order
        synchronized (sendLock) {
            if (!session.isOpen()) {
                sent.completeExceptionally(OpenemsErrors.notConnected(edgeId));
                return sent;
            }
            try {
                session.getAsyncRemote().sendText(text, result -> {
                    if (result.isOK()) {
                        sent.complete(null);
                    } else {
                        sent.completeExceptionally(result.getException());
                    }
                });
            } catch (RuntimeException e) {
                sent.completeExceptionally(e);
            }
        }
        return sent;
    }

    /** Sends a ping the way a Java-WebSocket server does; failures show up as a missing pong. */
    void ping() {
        synchronized (sendLock) {
            try {
                session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            } catch (IOException | RuntimeException e) {
                // the connection is going away; the missing pong closes it
            }
        }
    }

    void pongReceived() {
        lastPongNanos = System.nanoTime();
    }

    long lastPongNanos() {
        return lastPongNanos;
    }

    boolean isSilent() {
        synchronized (silenceLock) {
            return silent;
        }
    }

    void close(CloseReason reason) {
        release();
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            // the peer is gone already; nothing left to close
        }
    }

    void setSilent(boolean silent) {
        synchronized (silenceLock) {
            this.silent = silent;
            pongReceived(); // pongs stayed unread during silence; start the liveness clock afresh
            silenceLock.notifyAll();
        }
    }

    /**
     * Parks the reading thread while the connection is silent. Grizzly reads no further frames of this
     * connection meanwhile, so pings stay unanswered and the peer sees a dead Backend.
     *
     * @return false when the connection was released (closed) instead of woken up
     */
    boolean awaitNotSilent() throws InterruptedException {
        synchronized (silenceLock) {
            while (silent && !released && session.isOpen()) {
                silenceLock.wait(200);
            }
            return !released && session.isOpen();
        }
    }

    void release() {
        synchronized (silenceLock) {
            released = true;
            silenceLock.notifyAll();
        }
    }

    @Override
    public String toString() {
        return edgeId + "@" + requestPath + (session.isOpen() ? "" : " (closed)");
    }
}
