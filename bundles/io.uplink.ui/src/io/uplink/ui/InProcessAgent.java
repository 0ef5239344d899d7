package io.uplink.ui;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.agent.AgentCommandLine;
import io.uplink.agent.AgentLogging;
import io.uplink.agent.AgentOptions;
import io.uplink.agent.AgentRuntime;
import io.uplink.agent.CommandLineException;
import io.uplink.agent.EclipseLauncherArguments;

/**
 * Runs the agent inside the workbench when the workbench is started with agent options (the same as
 * {@code uplink-agent}'s, e.g. {@code --uri=… --apikey-file=…}); the views then show it live.
 */
final class InProcessAgent {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessAgent.class);

    private InProcessAgent() {
    }

    /** @return the started runtime, or null when no agent options were given or they were invalid */
    static AgentRuntime startIfRequested(String[] applicationArgs) {
        List<String> args = EclipseLauncherArguments.strip(applicationArgs);
        if (args.isEmpty()) {
            AgentLogging.configure(AgentOptions.defaultDataDirectory().resolveSibling("workbench"), "uplink-workbench");
            return null;
        }
        AgentOptions options;
        try {
            options = AgentCommandLine.parse(args);
        } catch (CommandLineException e) {
            LOG.error("Agent options ignored: {}", e.getMessage());
            System.err.println("uplink: " + e.getMessage());
            return null;
        }
        AgentLogging.configure(options.dataDirectory(), "uplink-workbench");
        BundleContext context = FrameworkUtil.getBundle(InProcessAgent.class).getBundleContext();
        ServiceTracker<AgentRuntime, AgentRuntime> tracker = new ServiceTracker<>(context, AgentRuntime.class, null);
        tracker.open();
        try {
            AgentRuntime runtime = tracker.waitForService(10_000);
            if (runtime == null) {
                LOG.error("No agent runtime service: the agent cannot run in the workbench");
                return null;
            }
            runtime.start(options);
            return runtime;
        } catch (Exception e) {
            LOG.error("The in-process agent could not start: {}", e.getMessage());
            System.err.println("uplink: the agent could not start: " + e.getMessage());
            return null;
        } finally {
            tracker.close();
        }
    }
}
