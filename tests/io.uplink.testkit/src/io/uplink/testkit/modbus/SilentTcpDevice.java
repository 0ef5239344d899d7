package io.uplink.testkit.modbus;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device that accepts TCP connections on a loopback port and never answers: it reads and counts what it is sent
 * (12 bytes per Modbus/TCP read request), so a test can tell how often a client tries.
 */
public final class SilentTcpDevice implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<AtomicLong> bytesPerConnection = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public SilentTcpDevice() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "silent-device-" + this.server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public int port() {
        return this.server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return this.bytesPerConnection.size();
    }

    /** Bytes received on each connection, in accept order. */
    public List<Long> bytesPerConnection() {
        List<Long> result = new ArrayList<>();
        for (AtomicLong count : this.bytesPerConnection) {
            result.add(count.get());
        }
        return result;
    }

    private void accept() {
        while (!this.server.isClosed()) {
            try {
                Socket socket = this.server.accept();
                this.sockets.add(socket);
                AtomicLong count = new AtomicLong();
                this.bytesPerConnection.add(count);
                Thread reader = new Thread(() -> drain(socket, count), "silent-device-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void drain(Socket socket, AtomicLong count) {
        byte[] buffer = new byte[256];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                count.addAndGet(n);
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        this.server.close();
        for (Socket s : this.sockets) {
            s.close();
        }
    }
}
