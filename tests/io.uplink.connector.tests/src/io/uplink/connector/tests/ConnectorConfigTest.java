package io.uplink.connector.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.ProxyType;
import io.uplink.core.PersistencePriority;

class ConnectorConfigTest {

    private static final String KEY = "s3cr3t-KEY-value";

    private static ConnectorConfig config(String... keyValues) throws ConfigException {
        Map<String, String> properties = new HashMap<>();
        properties.put("apikey", KEY);
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return ConnectorConfig.fromProperties(properties);
    }

    private static ConfigException rejected(String... keyValues) {
        return assertThrows(ConfigException.class, () -> config(keyValues));
    }

    @Test
    void defaultsAreOpenemsDefaultsPlusUplinkTimings() throws Exception {
        ConnectorConfig config = config();
        assertEquals("ctrlBackend0", config.id());
        assertEquals("ctrlBackend0", config.alias(), "an empty alias falls back to the id");
        assertTrue(config.enabled());
        assertEquals(KEY, config.apikey());
        assertTrue(config.hasApikey());
        assertEquals("ws://localhost:8081", config.uri());
        assertEquals("localhost", config.backendUri().getHost());
        assertEquals("", config.proxyAddress());
        assertEquals(0, config.proxyPort());
        assertEquals(ProxyType.HTTP, config.proxyType());
        assertFalse(config.useProxy());
        assertEquals(60, config.apiTimeout());
        assertEquals(PersistencePriority.HIGH, config.persistencePriority());
        assertEquals(PersistencePriority.LOW, config.aggregationPriority());
        assertEquals(PersistencePriority.HIGH, config.resendPriority());
        assertFalse(config.debugMode());
        assertEquals(1000, config.cycleTime());
        assertEquals(290, config.fullSendInterval());
        assertEquals(269, config.aggregationMaxDelay());
        assertEquals(10, config.secondSnapshotDelay());
        assertEquals(30, config.pingInterval());
        assertEquals("", config.tlsCaFile(), "the JVM's trust store alone");
        assertEquals("", config.tlsClientCertFile());
        assertEquals(30, config.tlsExpiryWarningDays());
        assertEquals(1, config.reconnectBaseSeconds());
        assertEquals(300, config.reconnectMaxSeconds());
    }

    @Test
    void apikeyIsRequiredAndNeverShown() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class, () -> ConnectorConfig.fromProperties(Map.of()));
        assertEquals("apikey", missing.attribute());
        assertEquals("apikey: required", missing.getMessage());
        assertEquals("apikey: required", rejected("apikey", "   ").getMessage());

        ConfigException control = rejected("apikey", "abc\r\nX-Injected: 1");
        assertFalse(control.getMessage().contains("abc"), control.getMessage());

        ConnectorConfig config = config("uri", "wss://backend.example.com/openems");
        assertFalse(config.toString().contains(KEY), config.toString());
        assertFalse(config.toProperties().containsKey("apikey"));
        assertFalse(config.toProperties().containsValue(KEY));
        assertEquals("xxx", config.toEdgeConfigProperties().get("apikey").getAsString());
        assertThrows(IllegalArgumentException.class, () -> config.value("apikey"));
        assertEquals(" padded ".strip(), config("apikey", " padded ").apikey(), "the Backend trims the header too");
    }

    @Test
    void proxyPasswordIsASecretLikeTheApikey() throws Exception {
        String password = "pr0xy-pa55";
        ConnectorConfig config = config("proxyAddress", "proxy.example.com", "proxyPort", "3128", "proxyUsername",
                "edge0", "proxyPassword", password);
        assertEquals(password, config.proxyPassword());
        assertFalse(config.toString().contains(password), config.toString());
        assertFalse(config.toProperties().containsKey("proxyPassword"));
        assertEquals("xxx", config.toEdgeConfigProperties().get("proxyPassword").getAsString());
        assertThrows(IllegalArgumentException.class, () -> config.value("proxyPassword"));
        assertTrue(ConnectorConfig.attributes().stream().anyMatch(a -> a.name().equals("proxyPassword") && a.password()));
        assertEquals(password, config.withChanges(Map.of("proxyPort", "8080")).proxyPassword(),
                "kept across a change of other attributes");
        ConfigException control = rejected("proxyPassword", "pw\nX");
        assertFalse(control.getMessage().contains("pw"), control.getMessage());
    }

    @Test
    void unknownKeysAreNamedWithTheAcceptedOnes() {
        ConfigException e = rejected("cycletime", "1000");
        assertEquals("cycletime", e.attribute());
        assertTrue(e.getMessage().startsWith("cycletime: unknown attribute; accepted are id, alias, enabled, apikey"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("replayMaxAgeDays, aggregationWindowMinutes"), e.getMessage());
    }

    @Test
    void replaySettingsAreValidated() throws Exception {
        assertEquals(io.uplink.connector.ReplayMode.RESEND_ONLY, config("replayMode", "resend-only").replayMode());
        assertEquals("resend-only", config("replayMode", "resend-only").toProperties().get("replayMode"));
        assertTrue(rejected("replayMode", "sometimes").getMessage().contains("full, windows, resend-only, off"));
        assertTrue(rejected("aggregationWindowMinutes", "7").getMessage().contains("does not divide an hour"));
        assertTrue(rejected("replaySpeed", "0").getMessage().contains("replaySpeed"));
    }

    @Test
    void obsoleteAndOsgiBookkeepingKeysAreIgnored() throws Exception {
        ConnectorConfig config = config("noOfCycles", "10", "debug", "true", "service.pid", "Controller.Api.Backend.x",
                "webconsole.configurationFactory.nameHint", "Controller Api Backend [{id}]");
        assertEquals(config(), config);
    }

    @Test
    void invalidValuesNameAttributeValueAndWhatIsAccepted() {
        assertEquals("persistencePriority: 'HIGHEST' is not one of VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH",
                rejected("persistencePriority", "HIGHEST").getMessage());
        assertEquals("cycleTime: '99' is not in 100..60000 ms", rejected("cycleTime", "99").getMessage());
        assertEquals("cycleTime: '60001' is not in 100..60000 ms", rejected("cycleTime", "60001").getMessage());
        assertEquals("cycleTime: 'fast' is not a whole number in 100..60000 ms",
                rejected("cycleTime", "fast").getMessage());
        assertEquals("proxyPort: '65536' is not in 0..65535", rejected("proxyPort", "65536").getMessage());
        assertEquals("aggregationMaxDelay: '300' is not in 0..299 s",
                rejected("aggregationMaxDelay", "300").getMessage());
        assertEquals("fullSendInterval: '0' is not in 1..3600 s", rejected("fullSendInterval", "0").getMessage());
        assertEquals("apiTimeout: '-1' is not in 0..2147483647 s", rejected("apiTimeout", "-1").getMessage());
        assertEquals("pingInterval: '4' is not in 5..300 s", rejected("pingInterval", "4").getMessage());
        assertEquals("reconnectBaseSeconds: '0' is not in 1..300 s", rejected("reconnectBaseSeconds", "0").getMessage());
        assertEquals("reconnectMaxSeconds: '5' is less than reconnectBaseSeconds '10'",
                rejected("reconnectBaseSeconds", "10", "reconnectMaxSeconds", "5").getMessage());
        assertEquals("proxyUsername: must not contain ':' (Basic authentication separates user and password with it)",
                rejected("proxyUsername", "a:b").getMessage());
        assertEquals("tlsClientKeyFile: tlsClientCertFile and tlsClientKeyFile go together: set both or neither",
                rejected("tlsClientCertFile", "/etc/uplink/client.pem").getMessage());
        assertTrue(rejected("reconnectDelay", "10").getMessage().startsWith("reconnectDelay: unknown attribute"),
                "the fixed delay was replaced by the backoff attributes");
        assertEquals("secondSnapshotDelay: '301' is not in 0..300 s",
                rejected("secondSnapshotDelay", "301").getMessage());
        assertEquals("enabled: 'yes' is not one of true, false", rejected("enabled", "yes").getMessage());
        assertEquals("proxyType: 'FTP' is not one of HTTP, SOCKS, HTTPS, DIRECT",
                rejected("proxyType", "FTP").getMessage());
        ConfigException id = rejected("id", "ctrl/0");
        assertEquals("id", id.attribute());
        assertTrue(id.getMessage().startsWith("id: 'ctrl/0' is not a component id"), id.getMessage());
    }

    @Test
    void boundariesAndSpellingsThatAreAccepted() throws Exception {
        ConnectorConfig config = config("persistencePriority", " very_high ", "cycleTime", "100",
                "aggregationMaxDelay", "0", "fullSendInterval", "3600", "apiTimeout", "0", "enabled", "FALSE",
                "proxyType", "http", "proxyPort", "65535", "alias", "Garage");
        assertEquals(PersistencePriority.VERY_HIGH, config.persistencePriority());
        assertEquals(100, config.cycleTime());
        assertEquals(0, config.aggregationMaxDelay());
        assertEquals(3600, config.fullSendInterval());
        assertEquals(0, config.apiTimeout());
        assertFalse(config.enabled());
        assertEquals(ProxyType.HTTP, config.proxyType());
        assertEquals("Garage", config.alias());
    }

    @Test
    void uriMustBeWebSocketWithHost() throws Exception {
        assertEquals("wss://backend.example.com:8443/openems/edge?x=1",
                config("uri", "wss://backend.example.com:8443/openems/edge?x=1").uri());
        assertEquals("WS://10.0.0.1", config("uri", "WS://10.0.0.1").uri());
        ConfigException http = rejected("uri", "http://backend.example.com");
        assertEquals("uri", http.attribute());
        assertTrue(http.getMessage().startsWith("uri: 'http://backend.example.com' is not a ws:// or wss:// URI"),
                http.getMessage());
        rejected("uri", "ws://");
        rejected("uri", "backend.example.com:8081");
        rejected("uri", "ws://host/path#fragment");
        rejected("uri", "ws://bad host/");
        ConfigException credentials = rejected("uri", "wss://user:hunter2@backend.example.com");
        assertFalse(credentials.getMessage().contains("hunter2"), credentials.getMessage());
    }

    @Test
    void directProxyWithAnAddressIsInvalidAsInOpenems() throws Exception {
        ConfigException e = rejected("proxyType", "DIRECT", "proxyAddress", "proxy.lan", "proxyPort", "3128");
        assertEquals("proxyType", e.attribute());
        assertTrue(e.getMessage().contains("'DIRECT' cannot be combined with proxyAddress 'proxy.lan'"),
                e.getMessage());
        assertFalse(config("proxyType", "DIRECT").useProxy());
        assertTrue(config("proxyType", "HTTP", "proxyAddress", "proxy.lan", "proxyPort", "3128").useProxy());
        for (String type : new String[] { "SOCKS", "HTTPS" }) {
            ConnectorConfig proxied = config("proxyType", type, "proxyAddress", "proxy.lan", "proxyPort", "1080");
            assertEquals(ProxyType.valueOf(type), proxied.proxyType());
            assertTrue(proxied.useProxy());
        }
        assertFalse(config("proxyAddress", "proxy.lan").useProxy(), "port 0 means no proxy, as in OpenEMS");
        ConfigException url = rejected("proxyAddress", "http://proxy.lan:3128");
        assertTrue(url.getMessage().startsWith("proxyAddress: 'http://proxy.lan:3128' is not a host name"),
                url.getMessage());
    }

    @Test
    void withChangesKeepsTheRestAndValidates() throws Exception {
        ConnectorConfig base = config("uri", "wss://a.example.com", "cycleTime", "500");
        ConnectorConfig changed = base.withChanges(Map.of("apiTimeout", "30"));
        assertEquals(30, changed.apiTimeout());
        assertEquals(500, changed.cycleTime());
        assertEquals(KEY, changed.apikey());
        assertEquals("wss://a.example.com", changed.uri());

        Map<String, String> reset = new HashMap<>();
        reset.put("cycleTime", null);
        assertEquals(1000, base.withChanges(reset).cycleTime(), "null resets to the default");
        assertEquals("other", base.withChanges(Map.of("apikey", "other")).apikey());

        ConfigException e = assertThrows(ConfigException.class,
                () -> base.withChanges(Map.of("resendPriority", "URGENT")));
        assertEquals("resendPriority", e.attribute());
        assertThrows(ConfigException.class, () -> base.withChanges(Map.of("nonsense", "1")));
    }

    @Test
    void propertiesRoundTripAndEqualityIncludesTheKey() throws Exception {
        ConnectorConfig config = config("uri", "wss://b.example.com/x", "debugMode", "true", "proxyType", "DIRECT",
                "aggregationPriority", "MEDIUM");
        Map<String, String> properties = new LinkedHashMap<>(config.toProperties());
        assertEquals("", properties.get("alias"), "the configured alias, not the fallback");
        assertEquals("DIRECT", properties.get("proxyType"));
        assertEquals("true", properties.get("debugMode"));
        properties.put("apikey", KEY);
        ConnectorConfig again = ConnectorConfig.fromProperties(properties);
        assertEquals(config, again);
        assertEquals(config.hashCode(), again.hashCode());
        properties.put("apikey", "another key");
        assertNotEquals(config, ConnectorConfig.fromProperties(properties));
    }

    @Test
    void edgeConfigPropertiesAreTyped() throws Exception {
        JsonObject json = config("apiTimeout", "45").toEdgeConfigProperties();
        assertEquals(List.copyOf(ConnectorConfig.attributeNames()), List.copyOf(json.keySet()));
        assertTrue(json.get("apiTimeout").getAsJsonPrimitive().isNumber());
        assertEquals(45, json.get("apiTimeout").getAsInt());
        assertTrue(json.get("enabled").getAsJsonPrimitive().isBoolean());
        assertEquals("HIGH", json.get("persistencePriority").getAsString());
        assertEquals("HTTP", json.get("proxyType").getAsString());
        assertEquals("", json.get("uri").getAsString());
        assertEquals("ctrlBackend0", json.get("id").getAsString());
    }

    @Test
    void attributesAreDocumented() {
        assertEquals(List.of("id", "alias", "enabled", "apikey", "uri", "proxyAddress", "proxyPort", "proxyType",
                "proxyUsername", "proxyPassword", "tlsCaFile", "tlsClientCertFile", "tlsClientKeyFile",
                "tlsExpiryWarningDays", "apiTimeout", "persistencePriority", "aggregationPriority", "resendPriority",
                "debugMode", "cycleTime",
                "fullSendInterval", "aggregationMaxDelay", "secondSnapshotDelay", "pingInterval", "reconnectBaseSeconds",
                "reconnectMaxSeconds", "replayMode", "backlogMaxMegabytes", "backlogMinFreeMegabytes",
                "backlogCommitSeconds", "liveBarrierSeconds", "barrierTimeoutSeconds", "replayGraceSeconds",
                "replayWindowJitterSeconds", "replayRawJitterMaxSeconds", "replaySpeed", "replayBytesPerSecond",
                "replayWindowMessagesPerSecond", "replayMaxAgeDays", "aggregationWindowMinutes"),
                ConnectorConfig.attributeNames());
        String help = ConnectorConfig.describeAttributes();
        List<String> lines = help.lines().toList();
        assertEquals(ConnectorConfig.attributeNames().size(), lines.size());
        String cycle = lines.stream().filter(l -> l.strip().startsWith("cycleTime ")).findFirst().orElseThrow();
        assertTrue(cycle.contains("= 1000") && cycle.contains("100..60000 ms"), cycle);
        String apikey = lines.stream().filter(l -> l.strip().startsWith("apikey ")).findFirst().orElseThrow();
        assertTrue(apikey.contains("(required)"), apikey);
        assertTrue(ConnectorConfig.attributes().stream().filter(a -> a.password()).map(a -> a.name()).toList()
                .equals(List.of("apikey", "proxyPassword")));
    }
}
