package io.uplink.connector.internal;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

/** Creates Tyrus clients on the Grizzly container. */
public final class BackendConnectorClients {

    private BackendConnectorClients() {
    }

    public static ClientManager create() {
        // Tyrus finds its container by class name through the context class loader; in OSGi that must be ours
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(BackendConnectorClients.class.getClassLoader());
        try {
            return ClientManager.createClient(GrizzlyClientContainer.class.getName());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
