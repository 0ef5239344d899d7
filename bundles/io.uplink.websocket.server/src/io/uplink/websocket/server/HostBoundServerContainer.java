package io.uplink.websocket.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * Tyrus on Grizzly, like Tyrus's own GrizzlyServerContainer, but listening on the given host only: the
 * stock container always binds 0.0.0.0, which a bench Backend or a management endpoint on 127.0.0.1 must not do.
 * Shared by the local Backend and the agent's management endpoint. Built directly
 * (no class lookup through the context class loader), so it works the same inside and outside OSGi.
 */
public final class HostBoundServerContainer extends TyrusServerContainer {

    /** Worker threads grow on demand: a silent (parked) connection holds one until it is released. */
    private final int coreWorkerThreads;
    private final int maxWorkerThreads;

    private final String host;
    private final SSLEngineConfigurator tls;
    private final WebSocketEngine engine;
    private String contextPath = "/";
    private HttpServer server;
    private NetworkListener listener;

    /**
     * @param tls null for plain ws
     * @param coreWorkerThreads worker threads kept
     * @param maxWorkerThreads worker threads at most
     */
    public HostBoundServerContainer(String host, int maxMessageBytes, SSLEngineConfigurator tls, int coreWorkerThreads,
            int maxWorkerThreads) {
        super((Set<Class<?>>) null);
        this.coreWorkerThreads = coreWorkerThreads;
        this.maxWorkerThreads = maxWorkerThreads;
        this.host = host;
        this.tls = tls;
        this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(maxMessageBytes).build();
    }

    /**
     * Serves the endpoint on "/" and on every path of up to {@code maxSegments} segments (Tyrus matches
     * paths segment by segment, so each depth needs its own template).
     */
    public void serve(int port, Class<?> endpointClass, ServerEndpointConfig.Configurator configurator, int maxSegments)
            throws IOException {
        List<ServerEndpointConfig> configs = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        for (int segments = 0; segments <= maxSegments; segments++) {
            String template = segments == 0 ? "/" : path.append("/{s").append(segments).append('}').toString();
            configs.add(ServerEndpointConfig.Builder.create(endpointClass, template).configurator(configurator).build());
        }
        serve(port, configs);
    }

    /** Serves the endpoint on exactly this path. */
    public void serveAt(int port, Class<?> endpointClass, ServerEndpointConfig.Configurator configurator, String path)
            throws IOException {
        serve(port, List.of(ServerEndpointConfig.Builder.create(endpointClass, path).configurator(configurator).build()));
    }

    private void serve(int port, List<ServerEndpointConfig> configs) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Tyrus and Grizzly look some services up through the context class loader; in OSGi that must be ours
        thread.setContextClassLoader(HostBoundServerContainer.class.getClassLoader());
        try {
            for (ServerEndpointConfig config : configs) {
                addEndpoint(config);
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
        listener = new NetworkListener("uplink-backend", host, port);
        if (tls != null) {
            listener.setSecure(true);
            listener.setSSLEngineConfig(tls);
        }
        TCPNIOTransport transport = listener.getTransport();
        transport.setIOStrategy(WorkerThreadIOStrategy.getInstance());
        transport.setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig().setPoolName("uplink-backend-worker")
                .setCorePoolSize(this.coreWorkerThreads).setMaxPoolSize(this.maxWorkerThreads));
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
