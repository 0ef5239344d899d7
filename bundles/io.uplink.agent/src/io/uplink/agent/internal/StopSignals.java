package io.uplink.agent.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into an orderly application stop. The JVM's default handling runs shutdown
 * hooks and exits with 143/130 while the OSGi framework is still running; handling the signals ourselves
 * lets the application return normally, so the framework stops cleanly and the process exits with 0.
 */
public final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    /** @return false where the runtime offers no signal API (then the JVM's default handling applies) */
    public static boolean onStop(Runnable stop) {
        try {
            for (String name : new String[] { "TERM", "INT" }) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    LOG.info("Received SIG{}, stopping", signal.getName());
                    stop.run();
                });
            }
            return true;
        } catch (NoClassDefFoundError | IllegalArgumentException e) {
            LOG.warn("Cannot handle stop signals here ({}); the JVM's default handling applies", e.toString());
            return false;
        }
    }
}
