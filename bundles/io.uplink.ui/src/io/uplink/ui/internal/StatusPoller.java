package io.uplink.ui.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Display;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes a view's next frame on its own thread every period and hands it to the UI thread, so the UI thread
 * only shows what is ready. Frames coalesce: while one waits for the UI thread, a newer one replaces it.
 */
public final class StatusPoller<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPoller.class);

    private final Display display;
    private final Supplier<T> compute;
    private final Consumer<T> show;
    private final ScheduledExecutorService executor;
    private final AtomicReference<T> pending = new AtomicReference<>();

    public StatusPoller(String threadName, long periodMillis, Display display, Supplier<T> compute, Consumer<T> show) {
        this.display = display;
        this.compute = compute;
        this.show = show;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::computeAndPost, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Computes a frame now, e.g. after the user changed a filter. */
    public void pollNow() {
        try {
            executor.execute(this::computeAndPost);
        } catch (RejectedExecutionException e) {
            // closed with the view
        }
    }

    private void computeAndPost() {
        T frame;
        try {
            frame = compute.get();
        } catch (RuntimeException e) {
            LOG.warn("A view could not read the agent's status: {}", e.toString());
            return;
        }
        if (pending.getAndSet(frame) == null && !display.isDisposed()) {
            try {
                display.asyncExec(this::showPending);
            } catch (org.eclipse.swt.SWTException e) {
                // display disposed meanwhile
            }
        }
    }

    private void showPending() {
        T frame = pending.getAndSet(null);
        if (frame != null) {
            show.accept(frame);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
