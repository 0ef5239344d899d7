package io.uplink.edge.openems.tests;

import static io.uplink.edge.openems.tests.Sources.is;
import static io.uplink.edge.openems.tests.Sources.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.uplink.core.SourceHealth.State;
import io.uplink.edge.openems.OpenEmsEdgeSource;
import io.uplink.edge.openems.OpenEmsSourceConfig;
import io.uplink.testkit.openems.FakeOpenEmsEdge;

/** REST ReadOnly: the fallback while the websocket is not there, and its own failure cases. */
class OpenEmsRestFallbackTest {

    private FakeOpenEmsEdge edge;
    private OpenEmsEdgeSource source;

    @AfterEach
    void close() {
        if (this.source != null) {
            this.source.close();
        }
        if (this.edge != null) {
            this.edge.close();
        }
    }

    private OpenEmsEdgeSource restOnly(String edgePassword, String password) throws Exception {
        this.edge = FakeOpenEmsEdge.small(edgePassword).startRest();
        this.source = Sources.start(Sources.config(null, this.edge.restUri(), password));
        return this.source;
    }

    @Test
    void withoutAWebsocketTheSourceReadsRestOnOneKeptAliveConnection() throws Exception {
        this.edge = FakeOpenEmsEdge.small("user").startRest();
        OpenEmsEdgeSource s = Sources.start(Sources.config(Sources.closedPort("ws"), this.edge.restUri(), "user"));
        this.source = s;
        Sources.awaitReading(s);
        assertTrue(s.health().message().contains("REST"), s.health().toString());
        assertEquals(-1234L, value(s, "_sum/GridActivePower"));
        assertEquals(Boolean.FALSE, value(s, "meter0/ModbusCommunicationFailed"));
        assertFalse(s.channels().stream().anyMatch(c -> c.priorityDeclared()), "REST has no priorities");
        int requests = this.edge.restRequests();
        Await.until("five more polls", () -> this.edge.restRequests() >= requests + 5);
        assertEquals(1, this.edge.restClientConnections(), "one kept-alive connection for all polls");
    }

    @Test
    void theSourceGoesBackToTheWebsocketWhenItComesUp() throws Exception {
        this.edge = FakeOpenEmsEdge.small("user").startWebsocket(Sources.CYCLE).startRest();
        this.edge.stopWebsocket(); // its port stays known: the Edge's websocket is down, REST is up
        OpenEmsEdgeSource s = Sources.start(Sources.config(this.edge.websocketUri(), this.edge.restUri(), "user"));
        this.source = s;
        Sources.awaitReading(s);
        assertTrue(s.health().message().contains("REST"), s.health().toString());
        this.edge.restartWebsocket();
        // the websocket is probed again every 2 s here (5 min by default)
        Await.until("back on the websocket", () -> s.health().isOk() && !s.health().message().contains("REST")
                && s.channels().stream().anyMatch(c -> c.priorityDeclared()), s::health);
        int requests = this.edge.restRequests();
        Thread.sleep(Sources.CYCLE.toMillis() * 5);
        assertEquals(requests, this.edge.restRequests(), "REST is not polled while the websocket works");
        Sources.awaitReading(s);
    }

    @Test
    void aBadPasswordAnsweredWithJettyHtmlIsAuthFailed() throws Exception {
        OpenEmsEdgeSource s = this.restOnly("secret", "user");
        Await.until("AUTH_FAILED", () -> is(s, State.AUTH_FAILED), s::health);
        assertTrue(s.health().message().contains("HTTP 500"), s.health().toString());
        this.edge.setPassword("user");
        Sources.awaitReading(s);
    }

    @Test
    void aBadPasswordAnsweredWith401IsAuthFailed() throws Exception {
        this.edge = FakeOpenEmsEdge.small("secret").startRest();
        this.edge.setLegacyRestErrors(true);
        this.source = Sources.start(Sources.config(null, this.edge.restUri(), "user"));
        OpenEmsEdgeSource s = this.source;
        Await.until("AUTH_FAILED", () -> is(s, State.AUTH_FAILED), s::health);
        assertTrue(s.health().message().contains("HTTP 401"), s.health().toString());
    }

    @Test
    void anEdgeWhoseConnectionsAreAllTakenIsUnavailableUntilOneFrees() throws Exception {
        this.edge = FakeOpenEmsEdge.small("user").startRest();
        OpenEmsSourceConfig config = Sources.config(null, this.edge.restUri(), "user");
        config = config.withTimings(Duration.ofSeconds(1), config.staleAfter(), config.reconnectBase(),
                config.reconnectMax(), config.authRetry(), config.authRetryMax());
        this.source = Sources.start(config);
        OpenEmsEdgeSource s = this.source;
        Sources.awaitReading(s);
        this.edge.holdRest(true);
        Await.until("UNAVAILABLE", () -> is(s, State.UNAVAILABLE), s::health);
        assertTrue(s.health().message().contains("connectionlimit"), s.health().toString());
        assertEquals(null, value(s, "_sum/EssSoc"));
        this.edge.holdRest(false);
        Sources.awaitReading(s);
    }

    @Test
    void partOfTheChannelsMissingDuringStartUpAreKeptForTheGracePeriod() throws Exception {
        OpenEmsEdgeSource s = this.restOnly("user", "user");
        Sources.awaitReading(s);
        int before = s.channels().size();
        this.edge.setNotStarted("ess0", true);
        int requests = this.edge.restRequests();
        Await.until("a few polls", () -> this.edge.restRequests() >= requests + 3);
        assertEquals(before, s.channels().size(), "missing for less than the grace: still listed");
        assertEquals(null, value(s, "ess0/Soc"));
        Await.until("dropped after the grace", () -> s.channels().size() < before, s::health);
    }
}
