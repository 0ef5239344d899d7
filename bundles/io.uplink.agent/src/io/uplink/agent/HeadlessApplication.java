package io.uplink.agent;

import java.util.concurrent.CountDownLatch;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.agent.internal.LoggingSetup;
import io.uplink.agent.internal.StopSignals;

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
        try {
            options = AgentCommandLine.parse(EclipseLauncherArguments.strip(raw));
        } catch (CommandLineException e) {
            System.err.println("uplink-agent: " + e.getMessage());
            return EXIT_BAD_ARGUMENTS;
        }
        if (options.help()) {
            System.out.println(AgentCommandLine.usage());
            return EXIT_OK;
        }
        if (options.version()) {
            System.out.println("Uplink agent " + AgentVersion.get());
            return EXIT_OK;
        }
        String logTarget = LoggingSetup.configure(options.dataDirectory(), "uplink-agent");
        LOG.info("Logging to {}", logTarget);
        StopSignals.onStop(stopRequested::countDown);

        AgentRuntime runtime = awaitRuntime();
        if (runtime == null) {
            LOG.error("The agent runtime service did not start (is org.apache.felix.scr in the installation?)");
            return EXIT_FAILED;
        }
        try {
            runtime.start(options);
        } catch (Exception e) {
            LOG.error("The agent could not start: {}", e.getMessage(), e);
            return EXIT_FAILED;
        }
        LOG.info("Uplink agent running; stop with SIGTERM or Ctrl+C");
        stopRequested.await();
        runtime.stop();
        return EXIT_OK;
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
