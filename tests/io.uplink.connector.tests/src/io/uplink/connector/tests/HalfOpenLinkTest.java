package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.uplink.backend.local.LocalBackend;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.Diagnosis;
import io.uplink.connector.StatusSnapshot;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.store.BacklogOptions;
import io.uplink.store.SqliteBacklog;
import io.uplink.testkit.net.FaultInjectingTcpProxy.Mode;
import io.uplink.testkit.net.FaultInjectingTcpProxy;

/**
 * A half-open link: the connection to the Backend runs through a {@link FaultInjectingTcpProxy} that starts
 * dropping every byte both ways without closing anything. The pings must find the link dead within 60 s, and the
 * connector must come back once the path works again.
 *
 * <p>The ping interval is 5 s here so the test takes seconds; {@code -Duplink.halfOpen.pingInterval=30} (through
 * {@code -Duplink.test.vmargs=...}) runs the default path, which the README promises within 46 s.
 */
class HalfOpenLinkTest {
    private static final String EDGE = "edge0";
    private static final String KEY = "half-open-test-key";
    private static final Duration PROMISED = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final int pingInterval = Integer.getInteger("uplink.halfOpen.pingInterval", 5);
    private LocalBackend backend;
    private FaultInjectingTcpProxy link;
    private BackendConnector connector;

    @BeforeEach
    void startBackendBehindTheFaultyLink() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
        link = FaultInjectingTcpProxy.start("127.0.0.1", backend.port());
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        link.close();
        backend.close();
    }

    private ConnectorConfig config() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", KEY);
        properties.put("uri", "ws://127.0.0.1:" + link.port() + "/");
        properties.put("pingInterval", Integer.toString(pingInterval));
        properties.put("reconnectBaseSeconds", "1");
        properties.put("reconnectMaxSeconds", "1");
        return ConnectorConfig.fromProperties(properties);
    }

    @Test
    void aLinkThatSilentlyDropsEverythingIsFoundDeadAndReplaced() throws Exception {
        // the real clock: the dead-link check runs on real time, and the backoff sees a link that was up for a while
        connector = ConnectorRuns.connecting(config(), Clock.systemUTC());
        backend.awaitConnected(EDGE, WAIT);
        ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.CONNECTED, WAIT);
        // what is sent into the dead link: aNothingSentIntoTheDeadLinkIsLost below
        link.setMode(Mode.BLACKHOLE);
        long cut = System.nanoTime();
        StatusSnapshot dead = ConnectorRuns.awaitStatus(connector, s -> s.lastDiagnosis() == Diagnosis.PING_TIMEOUT,
                PROMISED.plusSeconds(5)); // the bound is asserted below, with the measured time in the message
        Duration detected = Duration.ofNanos(System.nanoTime() - cut);
        System.out.printf(Locale.ROOT, "HalfOpenLinkTest: half-open link found dead after %.1f s (pingInterval %d s,"
                + " no pong for %.1f s allowed)%n", detected.toMillis() / 1000.0, pingInterval, pingInterval * 1.5);
        assertTrue(detected.compareTo(PROMISED) < 0, "found dead after " + detected + ": " + dead);
        assertTrue(dead.lastError().contains("no pong"), dead.lastError());
        assertTrue(link.droppedBytes() > 0, "the pings went into the void");

        link.setMode(Mode.FORWARD);
        backend.awaitConnectCount(EDGE, 2, WAIT.plus(PROMISED)); // a retry during the outage may time out first
        StatusSnapshot back = ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.CONNECTED,
                WAIT);
        assertEquals(null, back.lastDiagnosis(), "cleared once connected again");
    }

    /**
     * With the backlog, nothing sent into the dead link is lost: every cycle the agent read, before, during and after
     * the half-open period, reaches the Backend, live or replayed. The channel's value is its cycle's timestamp, so
     * each row proves which cycle it is.
     */
    @Test
    void nothingSentIntoTheDeadLinkIsLost() throws Exception {
        List<Long> cycles = new CopyOnWriteArrayList<>();
        ChannelSource counter = new ChannelSource() {
            private final List<ChannelMetadata> channels = List.of(ChannelMetadata.of("meter0/Cycle",
                    OpenemsType.LONG, Unit.NONE, PersistencePriority.HIGH));

            @Override
            public String id() {
                return "cycle-counter";
            }

            @Override
            public List<ChannelMetadata> channels() {
                return channels;
            }

            @Override
            public long channelsVersion() {
                return 1;
            }

            @Override
            public ChannelSnapshot read(long timestampMillis) {
                cycles.add(timestampMillis);
                return new ChannelSnapshot(timestampMillis, channels, new Object[] { timestampMillis });
            }

            @Override
            public void write(ChannelAddress address, Object value) throws ChannelWriteException {
                throw new ChannelWriteException(address, "read-only");
            }
        };
        Map<Long, Long> received = new ConcurrentHashMap<>();
        backend.addListener(message -> {
            if (message.method().equals("timestampedData")) {
                message.params().entrySet().forEach(row -> {
                    var values = row.getValue().getAsJsonObject();
                    if (values.has("meter0/Cycle")) {
                        received.put(Long.parseLong(row.getKey()), values.get("meter0/Cycle").getAsLong());
                    }
                });
            }
        });
        Map<String, String> properties = new LinkedHashMap<>(config().toProperties());
        properties.put("apikey", KEY);
        properties.put("cycleTime", "250");
        properties.put("replayGraceSeconds", "1");
        properties.put("replayWindowJitterSeconds", "0");
        properties.put("replayRawJitterMaxSeconds", "0");
        properties.put("replaySpeed", "100");
        properties.put("liveBarrierSeconds", "10");
        properties.put("backlogCommitSeconds", "1");
        Path directory = Files.createTempDirectory("uplink-half-open");
        try (SqliteBacklog backlog = SqliteBacklog.open(directory, BacklogOptions.defaults())) {
            connector = new BackendConnector(ConnectorConfig.fromProperties(properties), counter, Clock.systemUTC(),
                    new SplittableRandom(5), changes -> {
                    }, backlog);
            connector.start();
            ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.CONNECTED, WAIT);
            Thread.sleep(2000);
            link.setMode(Mode.BLACKHOLE);
            ConnectorRuns.awaitStatus(connector, s -> s.lastDiagnosis() == Diagnosis.PING_TIMEOUT, PROMISED.plusSeconds(5));
            link.setMode(Mode.FORWARD);
            ConnectorRuns.awaitStatus(connector, s -> s.state() == ConnectionState.CONNECTED, WAIT.plus(PROMISED));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                List<Long> expected = new ArrayList<>(cycles.subList(0, Math.max(0, cycles.size() - 8)));
                List<Long> missing = expected.stream().filter(t -> !received.containsKey(t)).toList();
                if (missing.isEmpty() && expected.size() > 40) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    fail(missing.size() + " of " + expected.size() + " cycles never reached the Backend, first "
                            + missing.stream().limit(5).toList() + "; " + connector.status().backlog());
                }
                Thread.sleep(100);
            }
            received.forEach((timestamp, value) -> assertEquals(timestamp, value, "row " + timestamp));
            System.out.printf(Locale.ROOT, "HalfOpenLinkTest: %d cycles, all at the Backend; %d may have arrived twice%n",
                    cycles.size(), connector.status().backlog().possibleDuplicates());
            connector.close();
            connector = null;
        }
    }
}
