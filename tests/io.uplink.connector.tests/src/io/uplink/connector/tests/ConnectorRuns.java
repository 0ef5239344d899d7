package io.uplink.connector.tests;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectionTestResult;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.StatusSnapshot;

/** What the connection tests (diagnosis, TLS, proxy) do alike: a connector without channels, run or tested once. */
final class ConnectorRuns {

    private ConnectorRuns() {
    }

    /** A connector without channels, connecting; the caller closes it. */
    static BackendConnector connecting(ConnectorConfig config, Clock clock) {
        BackendConnector connector = new BackendConnector(config, new ScriptedSource(List.of()), clock,
                new SplittableRandom(1), changes -> {
                });
        connector.connectOnly();
        return connector;
    }

    /** The "test connection" operation of an idle connector for this configuration. */
    static ConnectionTestResult testConnection(ConnectorConfig config, Clock clock, Duration timeout) {
        try (BackendConnector idle = new BackendConnector(config, new ScriptedSource(List.of()), clock,
                new SplittableRandom(1), changes -> {
                })) {
            return idle.testConnection(config, timeout);
        }
    }

    /** Waits until the connector's status satisfies {@code until}; fails with the last status otherwise. */
    static StatusSnapshot awaitStatus(BackendConnector connector, Predicate<StatusSnapshot> until, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!until.test(connector.status().snapshot())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + wait + ": " + connector.status().snapshot());
            }
            Thread.sleep(20);
        }
        return connector.status().snapshot();
    }
}
