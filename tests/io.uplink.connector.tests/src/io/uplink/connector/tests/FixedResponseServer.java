package io.uplink.connector.tests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP server that answers every connection with the same bytes (e.g. an HTTP 502 from a reverse proxy
 * whose Backend is down) after reading the request head, then closes it; or, with no response, holds the
 * connection silently. Records when each connection arrived.
 */
final class FixedResponseServer implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] response;
    private final List<Long> acceptedNanos = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FixedResponseServer(String response) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.response = response == null ? null : response.getBytes(StandardCharsets.ISO_8859_1);
        this.acceptor = new Thread(this::acceptLoop, "fixed-response-server");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    static FixedResponseServer httpStatus(int status, String reason) throws IOException {
        return new FixedResponseServer("HTTP/1.1 " + status + " " + reason
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
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
                try (socket) {
                    readHead(socket.getInputStream());
                    socket.getOutputStream().write(response);
                    socket.getOutputStream().flush();
                }
            } catch (IOException e) {
                // closed, or the client gave up: next connection
            }
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
