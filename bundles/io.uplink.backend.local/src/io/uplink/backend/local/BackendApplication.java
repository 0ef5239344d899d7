package io.uplink.backend.local;

import java.time.Duration;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

import io.uplink.core.StopSignals;

/**
 * Application {@code io.uplink.backend.local.backend}: the local Backend as a console program. A thin
 * wrapper around {@link BackendRunner}; SIGTERM and SIGINT stop it cleanly (exit 0).
 */
public final class BackendApplication implements IApplication {

    private final BackendRunner runner = new BackendRunner(System.out, System.err);

    @Override
    public Object start(IApplicationContext context) {
        Object arguments = context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        String[] args = arguments instanceof String[] strings ? strings : new String[0];
        context.applicationRunning();
        // without this, SIGTERM ends the JVM with 143 while the framework still runs
        StopSignals.onStop(signal -> runner.stop());
        return Integer.valueOf(runner.run(LauncherArguments.strip(args)));
    }

    @Override
    public void stop() {
        runner.stop();
        runner.awaitStopped(Duration.ofSeconds(10));
    }
}
