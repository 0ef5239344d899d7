package io.uplink.agent;

import java.nio.file.Path;

import io.uplink.agent.internal.LoggingSetup;

/** Logging set-up for the programs of the product: console plus a rolling file under the data directory. */
public final class AgentLogging {

    private AgentLogging() {
    }

    /** @return where the log file is written, or why not */
    public static String configure(Path dataDirectory, String logName) {
        return LoggingSetup.configure(dataDirectory, logName);
    }
}
