package io.uplink.core;

import java.util.function.Consumer;

/**
 * Turns SIGTERM and SIGINT into an orderly application stop. The JVM's default handling runs shutdown
 * hooks and exits with 143/130 while the OSGi framework is still running; handling the signals ourselves
 * lets the application return normally, so the framework stops cleanly and the process exits with 0.
 */
public final class StopSignals {

    private StopSignals() {
    }

    /**
     * @param stop called with the signal's name (TERM, INT) on the signal thread
     * @return false where the runtime offers no signal API (then the JVM's default handling applies)
     */
    public static boolean onStop(Consumer<String> stop) {
        try {
            for (String name : new String[] { "TERM", "INT" }) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.accept(signal.getName()));
            }
            return true;
        } catch (NoClassDefFoundError | IllegalArgumentException e) {
            return false;
        }
    }
}
