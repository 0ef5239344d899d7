package io.uplink.agent;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The agent's version, taken from its bundle (e.g. 0.1.0.202611270712). */
public final class AgentVersion {

    private AgentVersion() {
    }

    public static String get() {
        Bundle bundle = FrameworkUtil.getBundle(AgentVersion.class);
        return bundle != null ? bundle.getVersion().toString() : "unknown (not running in OSGi)";
    }
}
