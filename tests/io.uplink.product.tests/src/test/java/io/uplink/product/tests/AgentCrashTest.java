package io.uplink.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real headless agent at random moments while it writes its backlog (the Backend is unreachable, so
 * every cycle commits): the store opens every time without being set aside, no committed row is lost (the rows the
 * agent reported before the kill are all there), sequences stay unique and keep growing. The agent runs on a test
 * clock 20 times faster than real time, so each round writes dozens of cycles. Rounds: {@code -Duplink.crash.kills}
 * (30 in CI, about 2.5 min; 100 by hand).
 */
class AgentCrashTest {
    private static final String KEY = "crash-test-key-40417";
    private static final Pattern BACKLOG_ROWS = Pattern.compile("\\| backlog (\\d+) rows");

    @TempDir
    Path work;

    @Test
    void killMinusNineNeverLosesCommittedRowsNorDamagesTheStore() throws Exception {
        int kills = Integer.getInteger("uplink.crash.kills", 30);
        System.setProperty("org.sqlite.tmpdir", work.toString()); // this test's own driver: not into /tmp either
        Path installation = Products.installation(Products.agentProductTarget(), "uplink-agent");
        Path keyFile = Files.writeString(work.resolve("key"), KEY + "\n");
        Path data = work.resolve("data");
        Path database = data.resolve("backlog").resolve("backlog.db");
        int closedPort = freePort(); // nothing listens: the agent stays offline and keeps every cycle
        SplittableRandom random = new SplittableRandom(Long.getLong("uplink.crash.seed", System.nanoTime()));
        long previousMaxSequence = 0;
        long started = System.nanoTime();
        for (int round = 0; round < kills; round++) {
            Path log = work.resolve("agent-" + round + ".log");
            ProcessBuilder builder = new ProcessBuilder(installation.resolve("uplink-agent").toString(),
                    "--uri=ws://127.0.0.1:" + closedPort, "--data-dir=" + data, "--summary=1",
                    "--reconnectBaseSeconds=300", "--reconnectMaxSeconds=300")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            if (round == 0) {
                builder.command().add("--apikey-file=" + keyFile);
            }
            builder.environment().put("UPLINK_VMARGS", "-Duplink.testClock=now,20");
            Process agent = builder.start();
            long reported;
            try {
                reported = awaitBacklogLine(log, agent, Duration.ofSeconds(60));
                Thread.sleep(random.nextLong(1500)); // a random moment in the middle of the writes
                reported = Math.max(reported, lastReported(log));
            } finally {
                agent.destroyForcibly(); // SIGKILL
                assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
            }
            String output = Files.readString(log);
            assertFalse(output.contains("set aside"), "round " + round + ": the store was damaged:\n" + output);
            // read-write so SQLite recovers the WAL as the agent's next start would; nothing is changed
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
                    Statement st = db.createStatement()) {
                assertEquals("ok", single(st, "PRAGMA integrity_check"), "round " + round);
                long rows = Long.parseLong(single(st, "SELECT count(*) FROM backlog_row"));
                long distinct = Long.parseLong(single(st, "SELECT count(DISTINCT seq) FROM backlog_row"));
                long maxSequence = Long.parseLong(single(st, "SELECT coalesce(max(seq), 0) FROM backlog_row"));
                assertEquals(rows, distinct, "round " + round + ": duplicate sequence numbers");
                assertTrue(rows >= reported, "round " + round + ": the agent reported " + reported
                        + " committed rows before kill -9, the store holds " + rows);
                assertTrue(maxSequence > previousMaxSequence, "round " + round + ": no progress or a sequence reused ("
                        + maxSequence + " after " + previousMaxSequence + ")");
                previousMaxSequence = maxSequence;
            }
        }
        System.out.printf("AgentCrashTest: %d kill -9 rounds in %.0f s, last sequence %d%n", kills,
                (System.nanoTime() - started) / 1e9, previousMaxSequence);
    }

    @Test
    void aDamagedBacklogIsSetAsideAndTheAgentRunsOnAFreshOne() throws Exception {
        Path installation = Products.installation(Products.agentProductTarget(), "uplink-agent");
        Path keyFile = Files.writeString(work.resolve("key"), KEY + "\n");
        Path data = work.resolve("data");
        Files.createDirectories(data.resolve("backlog"));
        byte[] garbage = new byte[64 * 1024];
        new SplittableRandom(5).nextBytes(garbage);
        Files.write(data.resolve("backlog").resolve("backlog.db"), garbage);
        Path log = work.resolve("agent.log");
        ProcessBuilder builder = new ProcessBuilder(installation.resolve("uplink-agent").toString(),
                "--uri=ws://127.0.0.1:" + freePort(), "--data-dir=" + data, "--summary=1", "--apikey-file=" + keyFile)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process agent = builder.start();
        try {
            awaitBacklogLine(log, agent, Duration.ofSeconds(60));
            assertTrue(agent.isAlive(), "the agent keeps running");
        } finally {
            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
        }
        String output = Files.readString(log) + Files.readString(data.resolve("logs/uplink-agent.log"));
        assertTrue(output.contains("set aside"), "a clear log line about the damaged store:\n" + output);
        try (var files = Files.list(data.resolve("backlog"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("backlog.db.corrupt-")),
                    "the damaged file is kept for inspection");
        }
        assertEquals(0, agent.exitValue(), "a clean stop after running on a fresh store");
    }

    /** Waits for the first summary line that shows the backlog; returns its row count. */
    private static long awaitBacklogLine(Path log, Process agent, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long rows = lastReported(log);
            if (rows >= 0) {
                return rows;
            }
            if (!agent.isAlive()) {
                throw new AssertionError("the agent exited:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no backlog in the summary within " + timeout + ":\n" + Files.readString(log));
    }

    private static long lastReported(Path log) throws IOException {
        long rows = -1;
        if (Files.exists(log)) {
            Matcher matcher = BACKLOG_ROWS.matcher(Files.readString(log));
            while (matcher.find()) {
                rows = Long.parseLong(matcher.group(1));
            }
        }
        return rows;
    }

    private static String single(Statement st, String query) throws Exception {
        try (ResultSet result = st.executeQuery(query)) {
            result.next();
            return result.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
