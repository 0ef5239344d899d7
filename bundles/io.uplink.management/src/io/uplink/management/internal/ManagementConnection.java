package io.uplink.management.internal;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import io.uplink.connector.StatusEvent;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcMessage;

/**
 * One workbench's connection: whether it authenticated and subscribed, and its own sender, so a slow or stalled
 * workbench never holds up the agent's threads or another watcher. Status pushes coalesce: while one waits to be
 * sent, further changes ride along with it.
 */
final class ManagementConnection {
    private final Session session;
    private final String remote;
    private final ExecutorService sender;
    private final AtomicBoolean statusPending = new AtomicBoolean();
    volatile boolean authenticated;
    volatile boolean subscribed;
    /** What this watcher has of the channel table. */
    final ChannelTableChanges channelTable = new ChannelTableChanges();
    /** The last status event this watcher got (sender thread only). */
    StatusEvent lastEventSent;

    ManagementConnection(Session session, String remote) {
        this.session = session;
        this.remote = remote;
        this.sender = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("uplink-management-send-" + remote).factory());
    }

    String remote() {
        return remote;
    }

    void onText(String text) {
        handler.accept(this, text);
    }

    private java.util.function.BiConsumer<ManagementConnection, String> handler = (c, t) -> {
    };

    void handler(java.util.function.BiConsumer<ManagementConnection, String> handler) {
        this.handler = handler;
    }

    void send(JsonRpcMessage message) {
        String text = JsonRpcCodec.encode(message);
        submit(() -> sendNow(text));
    }

    /** Runs {@code push} on the sender unless a push is already waiting there. */
    void pushStatus(Runnable push) {
        if (statusPending.compareAndSet(false, true)) {
            submit(() -> {
                statusPending.set(false);
                push.run();
            });
        }
    }

    void submit(Runnable task) {
        try {
            sender.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Sender thread only. */
    void sendNow(String text) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException | RuntimeException e) {
            close(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed");
        }
    }

    void close(CloseReason.CloseCode code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(code, reason));
            }
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    /** After the queued messages went out. */
    void closeAfterSending(CloseReason.CloseCode code, String reason) {
        submit(() -> close(code, reason));
    }

    void shutdown() {
        sender.shutdownNow();
    }
}
