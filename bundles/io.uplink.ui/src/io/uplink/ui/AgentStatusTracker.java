package io.uplink.ui;

import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.uplink.connector.AgentStatus;

/** The agent the workbench looks at: the {@link AgentStatus} service while an agent runs in this process. */
public final class AgentStatusTracker {
    private static ServiceTracker<AgentStatus, AgentStatus> tracker;

    private AgentStatusTracker() {
    }

    public static synchronized Optional<AgentStatus> current() {
        if (tracker == null) {
            BundleContext context = FrameworkUtil.getBundle(AgentStatusTracker.class).getBundleContext();
            if (context == null) {
                return Optional.empty();
            }
            tracker = new ServiceTracker<>(context, AgentStatus.class, null);
            tracker.open();
        }
        return Optional.ofNullable(tracker.getService());
    }
}
