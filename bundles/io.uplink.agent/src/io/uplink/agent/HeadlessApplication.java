package io.uplink.agent;

import java.util.concurrent.CountDownLatch;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.connector.ConfigException;
import io.uplink.core.StopSignals;

import io.uplink.agent.internal.StatusLine;

/**
 * Application {@code io.uplink.agent.headless}: runs the agent without a display until SIGTERM/SIGINT
 * (exit 0). A bad command-line option stops it at once with a message and exit code 2.
 */
public class HeadlessApplication implements IApplication {
    public static final Integer EXIT_BAD_ARGUMENTS = 2;
    public static final Integer EXIT_FAILED = 1;
    private static final Logger LOG = LoggerFactory.getLogger(HeadlessApplication.class);

    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] raw = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        AgentOptions options;
        ManagementCommandLine.Parsed management;
        try {
            management = ManagementCommandLine.extract(EclipseLauncherArguments.strip(raw));
            options = AgentCommandLine.parse(management.rest());
        } catch (CommandLineException e) {
            System.err.println("uplink-agent: " + e.getMessage());
            return EXIT_BAD_ARGUMENTS;
        }
        if (options.help()) {
            System.out.println(AgentCommandLine.usage());
            System.out.println(ManagementCommandLine.USAGE);
            return EXIT_OK;
        }
        if (options.version()) {
            System.out.println("Uplink agent " + AgentVersion.get());
            return EXIT_OK;
        }
        String logTarget = AgentLogging.configure(options.dataDirectory(), "uplink-agent");
        LOG.info("Logging to {}", logTarget);
        boolean signalsHandled = StopSignals.onStop(signal -> {
            LOG.info("Received SIG{}, stopping", signal);
            stopRequested.countDown();
        });
        if (!signalsHandled) {
            LOG.warn("This Java runtime offers no signal handling; SIGTERM ends the agent without a clean stop");
        }

        AgentRuntime runtime = awaitRuntime();
        if (runtime == null) {
            LOG.error("The agent runtime service did not start (is org.apache.felix.scr in the installation?)");
            return EXIT_FAILED;
        }
        try {
            runtime.start(options);
        } catch (ConfigException e) {
            LOG.error("The agent could not start: {}", e.getMessage());
            System.err.println("uplink-agent: " + e.getMessage());
            return EXIT_BAD_ARGUMENTS;
        } catch (Exception e) {
            LOG.error("The agent could not start: {}", e.getMessage(), e);
            return EXIT_FAILED;
        }
        AutoCloseable endpoint;
        try {
            endpoint = ManagementEndpoints.start(management.settings(), runtime);
        } catch (Exception e) {
            LOG.error("The management endpoint could not start: {}", e.getMessage());
            System.err.println("uplink-agent: the management endpoint could not start: " + e.getMessage());
            runtime.stop();
            return EXIT_FAILED;
        }
        LOG.info("Uplink agent running; stop with SIGTERM or Ctrl+C");
        Thread summary = options.summarySeconds() > 0 ? startSummary(runtime, options.summarySeconds()) : null;
        stopRequested.await();
        if (summary != null) {
            summary.interrupt();
        }
        endpoint.close();
        runtime.stop();
        return EXIT_OK;
    }

    /** Prints the one-line status summary to the console (not the log file: it would only repeat). */
    private static Thread startSummary(AgentRuntime runtime, int seconds) {
        Thread thread = new Thread(() -> {
            StatusLine line = new StatusLine();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(seconds * 1000L);
                    runtime.status().ifPresent(status -> System.out.println(
                            line.format(status.snapshot(), status.backlog(), System.nanoTime()) + runtime.control()
                                    .map(AgentControl::sourceHealth).filter(h -> !h.isOk()).map(h -> " | source " + h)
                                    .orElse("")));
                }
            } catch (InterruptedException e) {
                // stopping
            }
        }, "uplink-summary");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void stop() {
        stopRequested.countDown();
    }

    private static AgentRuntime awaitRuntime() throws InterruptedException {
        BundleContext bundleContext = FrameworkUtil.getBundle(HeadlessApplication.class).getBundleContext();
        ServiceTracker<AgentRuntime, AgentRuntime> tracker = new ServiceTracker<>(bundleContext, AgentRuntime.class, null);
        tracker.open();
        try {
            return tracker.waitForService(10_000);
        } finally {
            tracker.close();
        }
    }
}
