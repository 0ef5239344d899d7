package io.uplink.management.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * (A copy of io.uplink.backend.local's container, which that bundle keeps internal.) Tyrus on Grizzly, like Tyrus's own GrizzlyServerContainer, but listening on the given host only: the
 * stock container always binds 0.0.0.0, which a bench Backend on 127.0.0.1 must not do. Built directly
 * (no class lookup through the context class loader), so it works the same inside and outside OSGi.
 */
public final class HostBoundServerContainer extends TyrusServerContainer {

    /** Worker threads grow on demand: a silent (parked) connection holds one until it is released. */
    private static final int CORE_WORKER_THREADS = 2;
    private static final int MAX_WORKER_THREADS = 16;

    private final String host;
    private final SSLEngineConfigurator tls;
    private final WebSocketEngine engine;
    private String contextPath = "/";
    private HttpServer server;
    private NetworkListener listener;

    /** @param tls null for plain ws */
    public HostBoundServerContainer(String host, int maxMessageBytes, SSLEngineConfigurator tls) {
        super((Set<Class<?>>) null);
        this.host = host;
        this.tls = tls;
        this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(maxMessageBytes).build();
    }

    /**
     * Serves the endpoint on "/" and on every path of up to {@code maxSegments} segments (Tyrus matches
     * paths segment by segment, so each depth needs its own template).
     */
    public void serve(int port, Class<?> endpointClass, ServerEndpointConfig.Configurator configurator, int maxSegments,
            String exactPath) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Tyrus and Grizzly look some services up through the context class loader; in OSGi that must be ours
        thread.setContextClassLoader(HostBoundServerContainer.class.getClassLoader());
        try {
            if (exactPath != null) {
                addEndpoint(ServerEndpointConfig.Builder.create(endpointClass, exactPath).configurator(configurator)
                        .build());
            }
            StringBuilder path = new StringBuilder();
            for (int segments = 0; exactPath == null && segments <= maxSegments; segments++) {
                String template = segments == 0 ? "/" : path.append("/{s").append(segments).append('}').toString();
                addEndpoint(ServerEndpointConfig.Builder.create(endpointClass, template).configurator(configurator)
                        .build());
            }
            start("/", port);
        } catch (IOException | DeploymentException e) {
            stop();
            throw new IOException(e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
        engine.register(serverEndpointConfig, contextPath);
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
        contextPath = rootPath;
        server = new HttpServer();
        listener = new NetworkListener("uplink-management", host, port);
        if (tls != null) {
            listener.setSecure(true);
            listener.setSSLEngineConfig(tls);
        }
        TCPNIOTransport transport = listener.getTransport();
        transport.setIOStrategy(WorkerThreadIOStrategy.getInstance());
        transport.setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig().setPoolName("uplink-management-worker")
                .setCorePoolSize(CORE_WORKER_THREADS).setMaxPoolSize(MAX_WORKER_THREADS));
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1); // HTTP keep-alive must not end upgraded connections
        listener.registerAddOn(new WebSocketAddOn(this, contextPath));
        server.addListener(listener);
        server.start();
        super.start(rootPath, port);
    }

    @Override
    public int getPort() {
        return listener == null ? -1 : listener.getPort();
    }

    @Override
    public void stop() {
        super.stop();
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }
}
