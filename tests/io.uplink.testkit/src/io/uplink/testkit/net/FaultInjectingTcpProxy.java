package io.uplink.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port for fault-injection tests: forwards every connection to a target, and can be
 * switched to {@link Mode#BLACKHOLE}, in which bytes in both directions are read and silently dropped while every
 * connection stays open: a half-open link as a NAT timeout, a dead mobile link or an unplugged cable leaves it, no
 * FIN, no RST. Plain Java (no SWT), so any test bundle can use it.
 *
 * <p>In BLACKHOLE mode new connections are accepted and swallowed too (a reconnect then times out), and they stay
 * that way when the mode goes back to FORWARD; connections accepted while forwarding resume forwarding.
 */
public final class FaultInjectingTcpProxy implements AutoCloseable {

    public enum Mode {
        /** Bytes pass both ways. */
        FORWARD,
        /** Bytes are read and dropped both ways; nothing is closed. */
        BLACKHOLE
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong forwardedBytes = new AtomicLong();
    private final AtomicLong droppedBytes = new AtomicLong();
    private volatile Mode mode = Mode.FORWARD;
    private volatile boolean closed;

    private FaultInjectingTcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on 127.0.0.1, an ephemeral port, forwarding to {@code targetHost:targetPort}. */
    public static FaultInjectingTcpProxy start(String targetHost, int targetPort) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FaultInjectingTcpProxy proxy = new FaultInjectingTcpProxy(listener, new InetSocketAddress(targetHost, targetPort));
        daemon("fault-proxy-accept", proxy::acceptLoop);
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public Mode mode() {
        return mode;
    }

    /** Applies at once to every open connection and to new ones. */
    public void setMode(Mode mode) {
        this.mode = mode;
    }

    /** Connections accepted so far. */
    public int connectionCount() {
        return accepted.get();
    }

    public long forwardedBytes() {
        return forwardedBytes.get();
    }

    /** Bytes swallowed in BLACKHOLE mode, both directions. */
    public long droppedBytes() {
        return droppedBytes.get();
    }

    /** Resets every open connection (RST to both ends): the opposite fault, a link that fails loudly. */
    public void resetAll() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed
            }
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            sockets.add(client);
            if (mode == Mode.BLACKHOLE) {
                daemon("fault-proxy-swallow", () -> pump(client, null));
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 10_000);
            } catch (IOException e) {
                closeQuietly(client); // as a closed port would look through a real proxy
                closeQuietly(upstream);
                continue;
            }
            sockets.add(upstream);
            daemon("fault-proxy-up", () -> pump(client, upstream));
            daemon("fault-proxy-down", () -> pump(upstream, client));
        }
    }

    /** Copies {@code from} to {@code to} while forwarding (always drops with no {@code to}); closes both at the end. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to == null ? null : to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out != null && mode == Mode.FORWARD) {
                    out.write(buffer, 0, n);
                    out.flush();
                    forwardedBytes.addAndGet(n);
                } else {
                    droppedBytes.addAndGet(n);
                }
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            if (mode == Mode.FORWARD || closed) { // while blackholing a close must not get through either
                closeQuietly(from);
                if (to != null) {
                    closeQuietly(to);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to do
        }
    }
}
