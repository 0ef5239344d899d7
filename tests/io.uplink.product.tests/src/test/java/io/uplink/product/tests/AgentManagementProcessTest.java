package io.uplink.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slim device product's agent as a real process with the management endpoint on, connected to the local
 * Backend process, driven by an independent client (the JDK's WebSocket, not the workbench's code): token on every
 * connection, status and channels, a threshold changed over the endpoint, a secret set and never read back, and a
 * kill -9 and restart of the agent with the same token. The systemd unit ships in the installation.
 */
class AgentManagementProcessTest {
    private static final String KEY = "mgmt-process-key-4711";
    private static final String NEW_KEY = "mgmt-process-new-key-0815";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void theEndpointServesAWatcherAndSurvivesARestart() throws Exception {
        Path installation = Products.installation(Products.agentProductTarget(), "uplink-agent");
        assertTrue(Files.readString(installation.resolve("systemd/uplink-agent.service")).contains("Restart=on-failure"));
        int backendPort = freePort();
        int managementPort = freePort();
        Path backendLog = work.resolve("backend.log");
        Path keyFile = Files.writeString(work.resolve("key"), KEY + "\n");
        Path data = work.resolve("data");
        Process backend = new ProcessBuilder(installation.resolve("uplink-backend").toString(), "--port=" + backendPort,
                "--edge=" + KEY + ":edge0", "--edge=" + NEW_KEY + ":edge1").redirectErrorStream(true)
                .redirectOutput(backendLog.toFile()).start();
        Process agent = null;
        try {
            waitFor(backendLog, backend, "for edges", WAIT);
            Path agentLog = work.resolve("agent.log");
            agent = startAgent(installation, backendPort, managementPort, keyFile, data, agentLog);
            waitFor(agentLog, agent, "Management endpoint on ws://127.0.0.1:" + managementPort, WAIT);
            Path tokenFile = data.resolve("management-token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
            String token = Files.readString(tokenFile).strip();

            try (Client wrong = Client.open(managementPort)) {
                String refused = wrong.call("authenticate", "{\"token\":\"not-the-token-123456\"}");
                assertTrue(refused.contains("\"code\":4001"), refused);
            }
            try (Client client = Client.open(managementPort)) {
                String denied = client.call("getStatus", "{}");
                assertTrue(denied.contains("\"code\":4003"), "nothing before authenticate: " + denied);
            }
            try (Client client = Client.open(managementPort)) {
                assertTrue(client.call("authenticate", "{\"token\":\"" + token + "\"}").contains("\"result\""));
                awaitTrue(() -> client.call("getStatus", "{}").contains("\"state\":\"CONNECTED\""), "agent connected");
                String channels = client.call("getChannels", "{\"offset\":0,\"limit\":10}");
                Matcher total = Pattern.compile("\"total\":(\\d+)").matcher(channels);
                assertTrue(total.find() && Integer.parseInt(total.group(1)) > 40, channels);
                String wholeTable = client.call("getChannelChanges", "{}");
                assertTrue(wholeTable.contains("\"reset\":true") && wholeTable.contains("\"more\":false"), wholeTable);
                String badLimit = client.call("getChannelChanges", "{\"limit\":\"many\"}");
                assertTrue(badLimit.contains("\"code\":4005") && badLimit.contains("limit must be a whole number, not \\\"many\\\""),
                        badLimit);
                client.call("subscribe", "{}");
                awaitTrue(() -> client.notifications.stream().anyMatch(n -> n.contains("\"method\":\"status\"")), "status stream");

                String refusedChange = client.call("updateConfig", "{\"changes\":{\"persistencePriority\":\"HIGHEST\"}}");
                assertTrue(refusedChange.contains("\"code\":4100") && refusedChange.contains("persistencePriority: 'HIGHEST'"),
                        refusedChange);
                String changed = client.call("updateConfig", "{\"changes\":{\"persistencePriority\":\"MEDIUM\"}}");
                assertTrue(changed.contains("\"persistencePriority\":\"MEDIUM\""), changed);

                String keyChanged = client.call("updateConfig", "{\"changes\":{\"apikey\":\"" + NEW_KEY + "\"}}");
                assertFalse(keyChanged.contains(NEW_KEY), keyChanged);
                assertTrue(keyChanged.contains("\"apikeySet\":true"), keyChanged);
                waitFor(backendLog, backend, "edge1 td=", WAIT); // the agent now authenticates with the new key
                assertFalse(client.call("getConfig", "{}").contains(NEW_KEY));
                assertFalse(String.join("\n", client.notifications).contains(NEW_KEY));
            }

            // kill -9 and start again: the same token opens the endpoint, the changed threshold is kept
            agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Path secondLog = work.resolve("agent2.log");
            agent = startAgent(installation, backendPort, managementPort, work.resolve("key"), data, secondLog);
            waitFor(secondLog, agent, "Management endpoint on ws://127.0.0.1:" + managementPort, WAIT);
            assertEquals(token, Files.readString(tokenFile).strip(), "the token is generated once");
            try (Client client = Client.open(managementPort)) {
                assertTrue(client.call("authenticate", "{\"token\":\"" + token + "\"}").contains("\"result\""));
                assertTrue(client.call("getConfig", "{}").contains("\"persistencePriority\":\"MEDIUM\""));
            }
            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, agent.exitValue(), Files.readString(secondLog));
            for (Path file : new Path[] { agentLog, secondLog, data.resolve("logs/uplink-agent.log") }) {
                String text = Files.readString(file);
                assertFalse(text.contains(token), "the management token appears in " + file);
                assertFalse(text.contains(NEW_KEY), "the API key set over the endpoint appears in " + file);
            }
        } finally {
            if (agent != null) {
                agent.destroyForcibly();
            }
            backend.destroyForcibly();
        }
    }

    private static Process startAgent(Path installation, int backendPort, int managementPort, Path keyFile, Path data,
            Path log) throws IOException {
        return new ProcessBuilder(installation.resolve("uplink-agent").toString(), "--uri=ws://127.0.0.1:" + backendPort,
                "--apikey-file=" + keyFile, "--data-dir=" + data, "--reconnectBaseSeconds=1", "--reconnectMaxSeconds=1",
                "--management=127.0.0.1:" + managementPort).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A minimal JSON-RPC client on the JDK's WebSocket: answers by id, notifications collected. */
    private static final class Client implements WebSocket.Listener, AutoCloseable {
        final java.util.List<String> notifications = new CopyOnWriteArrayList<>();
        private final java.util.Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Client open(int port) throws Exception {
            Client client = new Client();
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/uplink-management"), client).get(10, TimeUnit.SECONDS);
            return client;
        }

        String call(String method, String params) throws Exception {
            String id = UUID.randomUUID().toString();
            CompletableFuture<String> answer = new CompletableFuture<>();
            pending.put(id, answer);
            socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"params\":" + params + "}",
                    true).get(10, TimeUnit.SECONDS);
            return answer.get(45, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Matcher id = Pattern.compile("^\\{\"jsonrpc\":\"2.0\",\"id\":\"([0-9a-f-]{36})\"").matcher(text);
                if (id.find() && pending.containsKey(id.group(1))) {
                    pending.remove(id.group(1)).complete(text);
                } else {
                    notifications.add(text);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    private static void waitFor(Path log, Process process, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' (alive: " + process.isAlive() + "):\n"
                        + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
