package io.uplink.backend.local.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.uplink.backend.local.LocalBackend;

/**
 * The upgrade as the Edge's Java-WebSocket client sends it, and the Backend's ping / lost-connection
 * check (§2), seen from a raw socket that answers nothing.
 */
class LocalBackendKeepAliveTest {

    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;

    private LocalBackend backend;

    @BeforeEach
    void startBackend() throws IOException {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of("key-0", "edge0"));
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    @Test
    void compressionIsDeclinedAndAPeerWithoutPongsIsClosed() throws Exception {
        backend.setPingInterval(Duration.ofMillis(300));
        try (Socket socket = new Socket("127.0.0.1", backend.port())) {
            socket.setSoTimeout(5000);
            String upgrade = "GET /raw?x=1 HTTP/1.1\r\napikey: key-0\r\nConnection: Upgrade\r\nHost: 127.0.0.1:"
                    + backend.port() + "\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover;"
                    + " client_no_context_takeover\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nUpgrade: websocket\r\n\r\n";
            socket.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String response = readHeaders(in);
            assertTrue(response.startsWith("HTTP/1.1 101"), response);
            assertFalse(response.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"), response);
            backend.awaitConnected("edge0", TestEdge.WAIT);
            assertEquals("/raw?x=1", backend.edge("edge0").requestPaths().getFirst());

            int pings = 0;
            int opcode;
            byte[] payload;
            do {
                int first = in.readUnsignedByte();
                opcode = first & 0x0F;
                payload = readPayload(in);
                pings += opcode == OPCODE_PING ? 1 : 0;
            } while (opcode == OPCODE_PING);
            assertEquals(OPCODE_CLOSE, opcode);
            assertTrue(pings >= 1, "pinged before closing");
            assertEquals(1001, ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF));
            backend.awaitDisconnected("edge0", TestEdge.WAIT);
        }
    }

    @Test
    void aPeerThatAnswersPingsStaysConnected() throws Exception {
        backend.setPingInterval(Duration.ofMillis(500));
        try (TestEdge edge = TestEdge.connect(backend.port(), "key-0")) {
            backend.awaitConnected("edge0", TestEdge.WAIT);
            Thread.sleep(2000); // four pings: generous so a loaded CI machine does not miss a pong deadline
            assertTrue(edge.isOpen());
            assertEquals(1, backend.edge("edge0").connectCount());
            edge.barrier();
        }
    }

    private static String readHeaders(DataInputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            headers.write(in.readUnsignedByte());
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** Server frames are unmasked (RFC 6455 §5.1). */
    private static byte[] readPayload(DataInputStream in) throws IOException {
        long length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return payload;
    }
}
