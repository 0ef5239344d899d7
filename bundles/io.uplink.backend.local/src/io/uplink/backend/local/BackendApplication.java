package io.uplink.backend.local;

import java.time.Duration;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * Application {@code io.uplink.backend.local.backend}: the local Backend as a console program. A thin
 * wrapper around {@link BackendRunner}; SIGTERM makes the framework call {@link #stop()}.
 */
public final class BackendApplication implements IApplication {

    private final BackendRunner runner = new BackendRunner(System.out, System.err);

    @Override
    public Object start(IApplicationContext context) {
        Object arguments = context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        String[] args = arguments instanceof String[] strings ? strings : new String[0];
        context.applicationRunning();
        return Integer.valueOf(runner.run(LauncherArguments.strip(args)));
    }

    @Override
    public void stop() {
        runner.stop();
        runner.awaitStopped(Duration.ofSeconds(10));
    }
}
