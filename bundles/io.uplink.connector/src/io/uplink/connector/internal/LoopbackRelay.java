package io.uplink.connector.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one Tyrus connection over a tunnel Tyrus cannot open itself (SOCKS5, or CONNECT to an HTTPS proxy; Tyrus
 * speaks only plain HTTP CONNECT, and has no SOCKS support: its issue 635). {@link ProxyTunnel} first opens the
 * tunnel to the Backend's host and port; this relay then listens on 127.0.0.1 on an ephemeral port, for one
 * connection of this attempt only, and plays a plain HTTP CONNECT proxy for Tyrus: it answers Tyrus's CONNECT with
 * 200 and pipes bytes both ways.
 *
 * <p>Why this shape: Tyrus keeps the real {@code ws}/{@code wss} URI, so the Host header, SNI and the host name
 * verification all name the real Backend, and TLS runs end to end inside the tunnel exactly as through an HTTP
 * proxy. Pointing Tyrus at the relay as if it were the Backend would have needed a rewritten URI and a hand-made
 * host name check. The relay ignores the CONNECT target, so a local process that wins the race for the port
 * reaches only the Backend (without our apikey or TLS session); the proxy's credentials never pass through Tyrus.
 */
final class LoopbackRelay implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackRelay.class);
    private static final byte[] ESTABLISHED = "HTTP/1.1 200 Connection established\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final ServerSocket listener;
    private final Socket upstream;
    private volatile Socket local;
    private volatile boolean closed;

    private LoopbackRelay(ServerSocket listener, Socket upstream) {
        this.listener = listener;
        this.upstream = upstream;
    }

    /**
     * Starts relaying for an open tunnel; the relay owns {@code upstream} from now on.
     *
     * @param acceptTimeout how long to wait for Tyrus to connect before giving up
     */
    static LoopbackRelay start(Socket upstream, Duration acceptTimeout) throws IOException {
        ServerSocket listener;
        try {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            listener.setSoTimeout((int) acceptTimeout.toMillis());
        } catch (IOException e) {
            ProxyTunnel.closeQuietly(upstream);
            throw e;
        }
        LoopbackRelay relay = new LoopbackRelay(listener, upstream);
        Thread.ofVirtual().name("uplink-relay-accept").start(relay::acceptOne);
        return relay;
    }

    /** The proxy URI to give Tyrus. */
    String proxyUri() {
        return "http://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
    }

    private void acceptOne() {
        try (ServerSocket single = listener) { // one connection per attempt: stop listening at once
            Socket accepted = single.accept();
            local = accepted;
            if (closed) {
                close();
                return;
            }
            accepted.setTcpNoDelay(true);
            skipConnectRequest(accepted.getInputStream());
            accepted.getOutputStream().write(ESTABLISHED);
            accepted.getOutputStream().flush();
            Thread.ofVirtual().name("uplink-relay-up").start(() -> pipe(accepted, upstream));
            pipe(upstream, accepted);
        } catch (SocketTimeoutException e) {
            LOG.debug("Nobody connected to the relay in time");
            close();
        } catch (IOException e) {
            close();
        }
    }

    /** Tyrus's CONNECT request up to its blank line; its target is not needed: the tunnel is already open. */
    private static void skipConnectRequest(InputStream in) throws IOException {
        int matched = 0;
        for (int read = 0; matched < 4; read++) {
            int b = in.read();
            if (b < 0 || read > MAX_REQUEST_BYTES) {
                throw new IOException("no CONNECT request from the WebSocket client");
            }
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    /** Copies until either side ends, then closes both: WebSocket does not use half-closed connections. */
    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // nothing left to do
        }
        Socket accepted = local;
        if (accepted != null) {
            ProxyTunnel.closeQuietly(accepted);
        }
        ProxyTunnel.closeQuietly(upstream);
    }
}
