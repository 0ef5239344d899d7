package io.uplink.management.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

import org.glassfish.tyrus.core.TyrusServerEndpointConfigurator;
import org.glassfish.tyrus.core.TyrusSession;

/**
 * The server side of one workbench connection. Public only because Tyrus calls the endpoint methods reflectively.
 */
public final class ManagementEndpoint extends Endpoint {

    private final ManagementService service;
    private volatile ManagementConnection connection;

    private ManagementEndpoint(ManagementService service) {
        this.service = service;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        String remote = session instanceof TyrusSession tyrus && tyrus.getRemoteAddr() != null ? tyrus.getRemoteAddr()
                : "unknown";
        session.setMaxTextMessageBufferSize(io.uplink.management.ManagementProtocol.MAX_MESSAGE_BYTES);
        session.setMaxIdleTimeout(0);
        ManagementConnection opened = service.open(session, remote);
        connection = opened;
        session.addMessageHandler(String.class, opened::onText);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        ManagementConnection closed = connection;
        if (closed != null) {
            service.closed(closed);
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        ManagementConnection failed = connection;
        if (failed != null) {
            service.closed(failed);
        }
    }

    /**
     * Hands out endpoint instances. Extends Tyrus's configurator: the plain jakarta one finds its defaults through
     * ServiceLoader and the context class loader, which fails on Grizzly threads in OSGi.
     */
    static final class Instances extends TyrusServerEndpointConfigurator {
        private final ManagementService service;

        Instances(ManagementService service) {
            this.service = service;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new ManagementEndpoint(service));
        }
    }
}
