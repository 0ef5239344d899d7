package io.uplink.agent.tests;

import java.util.Map;

import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;

/** The application context as the Equinox launcher hands it over: just the arguments. */
record ArgumentsOnlyContext(String[] args) implements IApplicationContext {
    @Override
    public Map<String, Object> getArguments() {
        return Map.of(IApplicationContext.APPLICATION_ARGS, args);
    }

    @Override
    public void applicationRunning() {
    }

    @Override
    public String getBrandingApplication() {
        return null;
    }

    @Override
    public String getBrandingName() {
        return null;
    }

    @Override
    public String getBrandingDescription() {
        return null;
    }

    @Override
    public String getBrandingId() {
        return null;
    }

    @Override
    public String getBrandingProperty(String key) {
        return null;
    }

    @Override
    public Bundle getBrandingBundle() {
        return null;
    }

    @Override
    public void setResult(Object result, org.eclipse.equinox.app.IApplication application) {
    }
}
