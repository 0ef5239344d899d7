package io.uplink.backend.local;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the local Backend from a command line until {@link #stop()}: the logic of
 * {@link BackendApplication}, kept free of OSGi so that it can be tested and run with plain Java.
 */
public final class BackendRunner {

    public static final int EXIT_OK = 0;
    public static final int EXIT_CANNOT_LISTEN = 1;
    public static final int EXIT_USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Duration summaryInterval;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile LocalBackend backend;

    public BackendRunner(PrintStream out, PrintStream err) {
        this(out, err, Duration.ofSeconds(1));
    }

    public BackendRunner(PrintStream out, PrintStream err, Duration summaryInterval) {
        this.out = out;
        this.err = err;
        this.summaryInterval = summaryInterval;
    }

    /** Blocks until {@link #stop()}; returns the exit code. */
    public int run(List<String> args) {
        try {
            return runUntilStopped(args);
        } finally {
            started.countDown();
            stopped.countDown();
        }
    }

    public void stop() {
        stopRequested.countDown();
    }

    public boolean awaitStopped(Duration timeout) {
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The running Backend once it listens; null on timeout or when it did not start. */
    public LocalBackend awaitStarted(Duration timeout) throws InterruptedException {
        started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return backend;
    }

    public static void main(String[] args) {
        BackendRunner runner = new BackendRunner(System.out, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.stop();
            runner.awaitStopped(Duration.ofSeconds(10));
        }, "uplink-backend-shutdown"));
        System.exit(runner.run(LauncherArguments.strip(args)));
    }

    private int runUntilStopped(List<String> args) {
        BackendCommandLine commandLine;
        try {
            commandLine = BackendCommandLine.parse(args);
        } catch (CommandLineException e) {
            err.println("backend: " + e.getMessage());
            err.println("Try --help for the options.");
            return EXIT_USAGE;
        }
        if (commandLine.helpRequested()) {
            out.print(BackendCommandLine.usage());
            return EXIT_OK;
        }
        try (LocalBackend running = LocalBackend.start(commandLine.host(), commandLine.port(),
                commandLine.apikeyToEdgeId())) {
            backend = running;
            started.countDown();
            out.println("Local OpenEMS Backend on ws://" + commandLine.host() + ":" + running.port() + "/ for edges "
                    + running.edgeIds());
            while (!stopRequested.await(summaryInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                out.println(running.summaryLine());
            }
            return EXIT_OK;
        } catch (IOException e) {
            err.println("backend: " + e.getMessage());
            return EXIT_CANNOT_LISTEN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_OK;
        } finally {
            backend = null;
        }
    }
}
