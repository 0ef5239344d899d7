package io.uplink.connector.tests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server that answers every connection with the same bytes (e.g. an HTTP 502 from a reverse proxy
 * whose Backend is down) after reading the request head, then closes it; or, with no response, holds the
 * connection silently. Records when each connection arrived. With a delay it answers each connection that much
 * later, on a thread of its own, and counts how many were open at once.
 */
final class FixedResponseServer implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] response;
    private final List<Long> acceptedNanos = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private final Duration delay;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpenAtOnce = new AtomicInteger();

    FixedResponseServer(String response) throws IOException {
        this(response, Duration.ZERO);
    }

    private FixedResponseServer(String response, Duration delay) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.response = response == null ? null : response.getBytes(StandardCharsets.ISO_8859_1);
        this.delay = delay;
        this.acceptor = new Thread(this::acceptLoop, "fixed-response-server");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    static FixedResponseServer httpStatus(int status, String reason) throws IOException {
        return httpStatusAfter(Duration.ZERO, status, reason);
    }

    /** Answers every upgrade {@code delay} after its request arrived: an attempt that fails slowly. */
    static FixedResponseServer httpStatusAfter(Duration delay, int status, String reason) throws IOException {
        return new FixedResponseServer("HTTP/1.1 " + status + " " + reason
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", delay);
    }

    /** The most connections that were open at one time (answered with a delay only). */
    int mostOpenAtOnce() {
        return mostOpenAtOnce.get();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Long> acceptedNanos() {
        return List.copyOf(acceptedNanos);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                acceptedNanos.add(System.nanoTime());
                if (response == null) {
                    held.add(socket);
                    continue;
                }
                if (delay.isZero()) {
                    answer(socket);
                } else {
                    held.add(socket);
                    mostOpenAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
                    Thread.ofVirtual().start(() -> answerLater(socket));
                }
            } catch (IOException e) {
                // closed, or the client gave up: next connection
            }
        }
    }

    private void answer(Socket socket) throws IOException {
        try (socket) {
            readHead(socket.getInputStream());
            socket.getOutputStream().write(response);
            socket.getOutputStream().flush();
        }
    }

    private void answerLater(Socket socket) {
        try {
            Thread.sleep(delay);
            answer(socket);
        } catch (IOException | InterruptedException e) {
            // closed, or the client gave up
        } finally {
            open.decrementAndGet();
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
