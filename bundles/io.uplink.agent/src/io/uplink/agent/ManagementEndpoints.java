package io.uplink.agent;

import java.io.IOException;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Starts the management endpoint through the {@link ManagementEndpointFactory} service, when one was asked for. */
final class ManagementEndpoints {

    private ManagementEndpoints() {
    }

    /** @return closes the endpoint; does nothing when none was asked for */
    static AutoCloseable start(Optional<ManagementSettings> settings, AgentRuntime runtime) throws Exception {
        if (settings.isEmpty()) {
            return () -> {
            };
        }
        BundleContext context = FrameworkUtil.getBundle(ManagementEndpoints.class).getBundleContext();
        ServiceTracker<ManagementEndpointFactory, ManagementEndpointFactory> tracker = new ServiceTracker<>(context,
                ManagementEndpointFactory.class, null);
        tracker.open();
        try {
            ManagementEndpointFactory factory = tracker.waitForService(10_000);
            if (factory == null) {
                throw new IOException("--management needs the bundle io.uplink.management, which this installation"
                        + " does not contain");
            }
            return factory.start(settings.get(), runtime);
        } finally {
            tracker.close();
        }
    }
}
