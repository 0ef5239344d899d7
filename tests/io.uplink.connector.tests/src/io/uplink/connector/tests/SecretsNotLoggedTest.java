package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

import io.uplink.backend.local.LocalBackend;
import io.uplink.connector.BackendConnector;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.Diagnosis;
import io.uplink.core.MutableClock;

/** The apikey and the proxy password never reach a log line, whatever fails, even in debugMode. */
class SecretsNotLoggedTest {
    private static final String KEY = "Secret-Apikey-7319";
    private static final String PROXY_PASSWORD = "Secret-Proxy-Pass-5521";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void secretsAreNeverLogged() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(root.getLoggerContext());
        captured.start();
        root.addAppender(captured);
        MutableClock clock = new MutableClock(Instant.now());
        try (LocalBackend backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, "edge0", "other-key", "edge1"))) {
            String uri = "ws://127.0.0.1:" + backend.port() + "/";
            // connected in debugMode: every message logged
            try (BackendConnector connector = connector(clock, uri, KEY, "debugMode", "true")) {
                await(() -> connector.status().snapshot().state() == ConnectionState.CONNECTED);
                connector.runCycle();
                backend.awaitMessage("edge0", m -> m.isNotification("timestampedData"), WAIT);
                connector.updateConfig(Map.of("proxyUsername", "edge0", "proxyPassword", PROXY_PASSWORD,
                        "proxyAddress", "127.0.0.1", "proxyPort", Integer.toString(TinyProxy.freePort())));
                // through a proxy that is not there: failures logged with the proxy settings
                await(() -> connector.status().snapshot().lastDiagnosis() == Diagnosis.PROXY_UNREACHABLE);
                var microsocks = MicroSocks.binary();
                if (microsocks.isPresent()) {
                    // the SOCKS5 and HTTPS paths (tunnel and relay) with the password refused
                    try (MicroSocks socks = MicroSocks.start(microsocks.get(), "edge0", "another-password")) {
                        connector.updateConfig(Map.of("proxyType", "SOCKS", "proxyPort", Integer.toString(socks.port())));
                        await(() -> connector.status().snapshot().lastDiagnosis() == Diagnosis.SOCKS_AUTH_FAILED);
                        connector.updateConfig(Map.of("proxyType", "HTTPS"));
                        await(() -> connector.status().snapshot().lastDiagnosis() == Diagnosis.TLS_HANDSHAKE_FAILED);
                    }
                }
            }
            // refused because the Backend does not know the key
            try (BackendConnector connector = connector(clock, uri, KEY.replace('7', '8'))) {
                await(() -> connector.status().snapshot().lastDiagnosis() == Diagnosis.CLOSED_AFTER_UPGRADE);
            }
        } finally {
            root.detachAppender(captured);
        }
        String authorization = Base64.getEncoder()
                .encodeToString(("edge0:" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8));
        List<String> secrets = List.of(KEY, KEY.replace('7', '8'), PROXY_PASSWORD, authorization);
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : captured.list) {
            lines.add(event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        assertTrue(lines.size() > 5, "the scenario logged something: " + lines);
        List<String> leaks = lines.stream().filter(line -> secrets.stream().anyMatch(line::contains)).toList();
        assertEquals(List.of(), leaks, "log lines with a secret");
    }

    private static BackendConnector connector(MutableClock clock, String uri, String apikey, String... more)
            throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("apikey", apikey);
        properties.put("uri", uri);
        properties.put("reconnectBaseSeconds", "1");
        properties.put("reconnectMaxSeconds", "1");
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        BackendConnector connector = new BackendConnector(ConnectorConfig.fromProperties(properties),
                new ScriptedSource(List.of()), clock, new SplittableRandom(3), changes -> {
                });
        connector.connectOnly();
        return connector;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
