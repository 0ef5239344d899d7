package io.uplink.ui;

import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.uplink.agent.AgentControl;
import io.uplink.agent.AgentRuntime;

/** The running in-process agent's {@link AgentControl}: what the editor, the preferences and the actions change. */
public final class AgentControlTracker {
    private static ServiceTracker<AgentRuntime, AgentRuntime> tracker;

    private AgentControlTracker() {
    }

    public static synchronized Optional<AgentControl> current() {
        if (tracker == null) {
            BundleContext context = FrameworkUtil.getBundle(AgentControlTracker.class).getBundleContext();
            if (context == null) {
                return Optional.empty();
            }
            tracker = new ServiceTracker<>(context, AgentRuntime.class, null);
            tracker.open();
        }
        AgentRuntime runtime = tracker.getService();
        return runtime == null ? Optional.empty() : runtime.control();
    }
}
