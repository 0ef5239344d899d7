package io.uplink.backend.local.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.Problem;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcResponse;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;

/** Handshake, authentication, paths, several connections, liveness: §2 and §3 of the reference. */
class LocalBackendConnectionTest {

    private static final Duration QUIET = Duration.ofMillis(400);

    private LocalBackend backend;

    @BeforeEach
    void startBackend() throws IOException {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of("key-0", "edge0", "key-1", "edge1"));
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    @Test
    void portZeroPicksAFreePort() {
        assertTrue(backend.port() > 0, "port " + backend.port());
        assertEquals(List.copyOf(backend.edgeIds()), List.of("edge0", "edge1"));
    }

    @Test
    void acceptedApikeyConnectsAndNothingIsSent() throws Exception {
        // header name matched case-insensitively, value trimmed, as the Backend does
        try (TestEdge edge = TestEdge.connect(backend.port(), "/", "APIKEY", "key-0 ")) {
            backend.awaitConnected("edge0", TestEdge.WAIT);
            assertEquals(1, backend.edge("edge0").connectCount());
            assertFalse(backend.edge("edge1").isConnected());
            edge.assertNothingReceived(QUIET);
            assertTrue(edge.isOpen());
            assertEquals(List.of("/"), backend.edge("edge0").requestPaths());
            assertEquals(List.of(), backend.problems());
        }
    }

    @Test
    void unknownApikeyIsClosedRightAfterOpen() throws Exception {
        try (TestEdge edge = TestEdge.connect(backend.port(), "wrong-key")) {
            CloseReason reason = edge.awaitClose();
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), reason.getCloseCode().getCode());
            assertTrue(reason.getReasonPhrase().contains("COMMON_AUTHENTICATION_FAILED"), reason.getReasonPhrase());
        }
        Problem refusal = backend.problems().getFirst();
        assertNull(refusal.edgeId());
        assertTrue(refusal.reason().contains("unknown apikey 'wro…' (9 chars)"), refusal.reason());
        assertEquals(0, backend.edge("edge0").connectCount());
    }

    @Test
    void missingApikeyIsClosedRightAfterOpen() throws Exception {
        try (TestEdge edge = TestEdge.connect(backend.port(), "/", "apikey", null)) {
            assertEquals(1008, edge.awaitClose().getCloseCode().getCode());
        }
        assertTrue(backend.problems().getFirst().reason().contains("no apikey header"));
    }

    @Test
    void customPathAndQueryAreAcceptedAndRecorded() throws Exception {
        try (TestEdge deep = TestEdge.connect(backend.port(), "/openems/backend/edge?tenant=7&x=y", "apikey", "key-0");
                TestEdge trailing = TestEdge.connect(backend.port(), "/ws/", "apikey", "key-1")) {
            backend.awaitConnected("edge0", TestEdge.WAIT);
            backend.awaitConnected("edge1", TestEdge.WAIT);
            assertEquals(List.of("/openems/backend/edge?tenant=7&x=y"), backend.edge("edge0").requestPaths());
            assertEquals("/openems/backend/edge?tenant=7&x=y",
                    backend.edge("edge0").connections().getFirst().requestPath());
            assertEquals(List.of("/ws/"), backend.edge("edge1").requestPaths());
            deep.barrier();
            trailing.barrier();
        }
    }

    @Test
    void requestsGoToTheMostRecentOfSeveralConnections() throws Exception {
        try (TestEdge older = TestEdge.connect(backend.port(), "key-0")) {
            backend.awaitConnectCount("edge0", 1, TestEdge.WAIT);
            try (TestEdge newer = TestEdge.connect(backend.port(), "key-0")) {
                backend.awaitConnectCount("edge0", 2, TestEdge.WAIT);
                assertEquals(2, backend.edge("edge0").connections().size());
                backend.sendRaw("edge0", "{\"hello\":1}").get(5, TimeUnit.SECONDS);
                assertEquals("{\"hello\":1}", newer.nextText());
                older.assertNothingReceived(QUIET);
            }
        }
    }

    @Test
    void disconnectClosesEveryConnectionAndFailsPendingRequests() throws Exception {
        try (TestEdge first = TestEdge.connect(backend.port(), "key-0");
                TestEdge second = TestEdge.connect(backend.port(), "key-0")) {
            backend.awaitConnectCount("edge0", 2, TestEdge.WAIT);
            CompletableFuture<JsonRpcResponse> pending = backend.sendRequest("edge0",
                    JsonRpcRequest.create("getEdgeConfig", new JsonObject()));
            second.nextText();
            backend.disconnect("edge0");
            assertEquals(1001, first.awaitClose().getCloseCode().getCode());
            assertEquals(1001, second.awaitClose().getCloseCode().getCode());
            backend.awaitDisconnected("edge0", TestEdge.WAIT);
            assertNotConnectedFailure(pending, "edge0");
        }
        try (TestEdge again = TestEdge.connect(backend.port(), "key-0")) {
            backend.awaitConnectCount("edge0", 3, TestEdge.WAIT);
            again.barrier();
        }
    }

    @Test
    void pingsAreAnswered() throws Exception {
        try (TestEdge edge = TestEdge.connect(backend.port(), "key-0")) {
            backend.awaitConnected("edge0", TestEdge.WAIT);
            edge.ping("are you there");
            assertNotNull(edge.pollPong(TestEdge.WAIT), "no pong");
        }
    }

    @Test
    void silentEdgeIsNeitherReadNorAnsweredUntilSilenceEnds() throws Exception {
        try (TestEdge edge = TestEdge.connect(backend.port(), "key-0")) {
            backend.awaitConnected("edge0", TestEdge.WAIT);
            backend.setSilent("edge0", true);
            edge.sendNotification("timestampedData", "{}");
            edge.ping("behind a message");
            assertNull(edge.pollPong(QUIET), "a silent backend must not answer pings queued behind a message");
            assertEquals(0, backend.edge("edge0").messages().size());

            backend.setSilent("edge0", false);
            assertNotNull(edge.pollPong(TestEdge.WAIT), "pong after silence ended");
            edge.barrier();
            assertEquals(1, backend.edge("edge0").methodStats("timestampedData").messages());
        }
    }

    @Test
    void closeEndsConnectionsAndFreesThePort() throws Exception {
        TestEdge edge = TestEdge.connect(backend.port(), "key-0");
        backend.awaitConnected("edge0", TestEdge.WAIT);
        int port = backend.port();
        backend.close();
        assertNotNull(edge.awaitClose());
        assertThrows(IOException.class, () -> TestEdge.connect(port, "key-0"));
        try (LocalBackend again = LocalBackend.start("127.0.0.1", port, Map.of("key-0", "edge0"))) {
            assertEquals(port, again.port());
        }
    }

    @Test
    void listensOnlyOnTheGivenHost() {
        // 127.0.0.2 is loopback too, but not the address the backend was asked to listen on
        assertThrows(IOException.class, () -> TestEdge.connect("127.0.0.2", backend.port(), "/", "apikey", "key-0"));
    }

    @Test
    void requestToAnEdgeThatIsNotConnectedFailsWith3000() {
        CompletableFuture<JsonRpcResponse> response = backend.sendAuthenticatedRpc("edge1", "jane", "admin",
                JsonRpcRequest.create("getEdgeConfig", new JsonObject()));
        assertNotConnectedFailure(response, "edge1");
        assertThrows(IllegalArgumentException.class, () -> backend.edge("edge9"));
    }

    static void assertNotConnectedFailure(CompletableFuture<?> future, String edgeId) {
        ExecutionException failure = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        OpenemsException cause = assertInstanceOf(OpenemsException.class, failure.getCause());
        assertEquals(OpenemsError.BACKEND_EDGE_NOT_CONNECTED, cause.error());
        assertEquals("Edge [" + edgeId + "] is not connected", cause.getMessage());
    }
}
