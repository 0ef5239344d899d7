package io.uplink.ui;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.agent.AgentControl;
import io.uplink.agent.AgentRuntime;
import io.uplink.connector.AgentStatus;
import io.uplink.management.RemoteAgent;

/**
 * Which agent the workbench looks at: the in-process one unless a device is attached. Listeners hear of attach,
 * detach, and a device becoming unreachable or reachable again (on any thread).
 */
public final class WatchedAgents {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedAgents.class);
    private static final List<Runnable> LISTENERS = new CopyOnWriteArrayList<>();
    private static final WatchedAgent IN_PROCESS = new InProcess();
    private static volatile Remote attached;

    private WatchedAgents() {
    }

    public static WatchedAgent current() {
        Remote remote = attached;
        return remote != null ? remote : IN_PROCESS;
    }

    /** The attached device's agent, if one is attached. */
    public static Optional<RemoteAgent> device() {
        Remote remote = attached;
        return remote == null ? Optional.empty() : Optional.of(remote.agent);
    }

    /** Looks at this device from now on (detaching any other). */
    public static void attach(RemoteAgent agent) {
        Remote previous = attached;
        Remote next = new Remote(agent);
        agent.addLinkListener(WatchedAgents::fire);
        attached = next;
        if (previous != null) {
            previous.agent.close();
        }
        LOG.info("Attached to device {}", agent.target().display());
        fire();
    }

    /** Back to the in-process agent (or none). */
    public static void detach() {
        Remote previous = attached;
        attached = null;
        if (previous != null) {
            previous.agent.close();
            LOG.info("Detached from device {}", previous.agent.target().display());
        }
        fire();
    }

    /** The one line for the status line: what is watched, and whether it is reachable. */
    public static String describe() {
        WatchedAgent agent = current();
        if (agent.status().isEmpty()) {
            return "No agent";
        }
        String problem = agent.problem();
        return "Agent: " + agent.name() + (problem == null ? "" : " — " + problem);
    }

    public static void addListener(Runnable listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Runnable listener) {
        LISTENERS.remove(listener);
    }

    private static void fire() {
        for (Runnable listener : LISTENERS) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("Agent listener failed: {}", e.toString());
            }
        }
    }

    private static final class Remote implements WatchedAgent {
        final RemoteAgent agent;

        Remote(RemoteAgent agent) {
            this.agent = agent;
        }

        @Override
        public String name() {
            return "device " + agent.target().display();
        }

        @Override
        public Optional<AgentStatus> status() {
            return Optional.of(agent);
        }

        @Override
        public Optional<AgentControl> control() {
            return Optional.of(agent);
        }

        @Override
        public String problem() {
            return agent.link() == RemoteAgent.Link.ATTACHED ? null
                    : "device unreachable" + (agent.linkProblem() == null ? "" : ": " + agent.linkProblem());
        }

        @Override
        public boolean remote() {
            return true;
        }
    }

    /** The agent in this process: the AgentStatus service and the AgentRuntime's control, while it runs. */
    private static final class InProcess implements WatchedAgent {
        private ServiceTracker<AgentStatus, AgentStatus> statusTracker;
        private ServiceTracker<AgentRuntime, AgentRuntime> runtimeTracker;

        @Override
        public String name() {
            return "this workbench";
        }

        @Override
        public synchronized Optional<AgentStatus> status() {
            if (!open()) {
                return Optional.empty();
            }
            return Optional.ofNullable(statusTracker.getService());
        }

        @Override
        public synchronized Optional<AgentControl> control() {
            if (!open()) {
                return Optional.empty();
            }
            AgentRuntime runtime = runtimeTracker.getService();
            return runtime == null ? Optional.empty() : runtime.control();
        }

        private boolean open() {
            if (statusTracker != null) {
                return true;
            }
            BundleContext context = FrameworkUtil.getBundle(WatchedAgents.class).getBundleContext();
            if (context == null) {
                return false;
            }
            statusTracker = new ServiceTracker<>(context, AgentStatus.class, null);
            statusTracker.open();
            runtimeTracker = new ServiceTracker<>(context, AgentRuntime.class, null);
            runtimeTracker.open();
            return true;
        }
    }
}
