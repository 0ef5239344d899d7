package io.uplink.agent.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.uplink.agent.AgentCommandLine;
import io.uplink.agent.AgentOptions;
import io.uplink.agent.internal.AgentConfiguration;
import io.uplink.agent.internal.SecretStore;
import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectorConfig;

/** Configuration layers, persistence of run-time changes, and secure storage of the key, on real files. */
class AgentConfigurationTest {

    @TempDir
    Path directory;

    @Test
    void layersApplyInOrderAndRunTimeChangesSurviveARestart() throws Exception {
        Path file = Files.writeString(directory.resolve("agent.properties"),
                "uri=ws://backend.example:8081\npersistencePriority=MEDIUM\napiTimeout=30\n");
        AgentOptions options = AgentCommandLine.parse(List.of("--config=" + file, "--data-dir=" + directory,
                "--apiTimeout=45"));
        AgentConfiguration configuration = AgentConfiguration.load(options);
        ConnectorConfig config = configuration.effective("key");
        assertEquals("ws://backend.example:8081", config.uri());
        assertEquals("MEDIUM", config.persistencePriority().name());
        assertEquals(45, config.apiTimeout(), "the command line wins over the file");

        configuration.persistChanges(Map.of("persistencePriority", "LOW", "apikey", "must-not-be-written",
                "proxyPassword", "nor-this-one"));
        ConnectorConfig afterRestart = AgentConfiguration.load(options).effective("key");
        assertEquals("LOW", afterRestart.persistencePriority().name(), "run-time changes survive a restart");
        String saved = Files.readString(directory.resolve("config-changes.properties"));
        assertTrue(saved.contains("persistencePriority=LOW"), saved);
        assertTrue(!saved.contains("must-not-be-written") && !saved.contains("nor-this-one"),
                "secrets are never written to configuration files");
        assertTrue(AgentConfiguration.load(options).source().contains("run-time changes"));
    }

    @Test
    void aKeyInTheConfigurationFileIsRefused() throws Exception {
        Path file = Files.writeString(directory.resolve("agent.properties"), "apikey=oops\n");
        AgentOptions options = AgentCommandLine.parse(List.of("--config=" + file, "--data-dir=" + directory));
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfiguration.load(options));
        assertEquals("apikey", e.attribute());
        assertTrue(!e.getMessage().contains("oops"), e.getMessage());
    }

    @Test
    void aProxyPasswordInTheConfigurationFileIsRefused() throws Exception {
        Path file = Files.writeString(directory.resolve("agent.properties"), "proxyPassword=oops\n");
        AgentOptions options = AgentCommandLine.parse(List.of("--config=" + file, "--data-dir=" + directory));
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfiguration.load(options));
        assertEquals("proxyPassword", e.attribute());
        assertTrue(!e.getMessage().contains("oops"), e.getMessage());
    }

    @Test
    void invalidFileValuesNameTheAttribute() throws Exception {
        Path file = Files.writeString(directory.resolve("agent.properties"), "apiTimeout=-5\n");
        AgentOptions options = AgentCommandLine.parse(List.of("--config=" + file, "--data-dir=" + directory));
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfiguration.load(options).effective("key"));
        assertEquals("apiTimeout", e.attribute());
    }

    @Test
    void theProxyPasswordIsEncryptedAtRestAndLaidOverTheConfiguration() throws Exception {
        String password = "very-secret-proxy-password-0815";
        SecretStore store = SecretStore.open(directory);
        store.setApikey("key");
        assertEquals(Map.of("apikey", "key"), store.attributes(), "no proxy password yet");
        store.setProxyPassword(password);
        SecretStore reopened = SecretStore.open(directory);
        assertEquals(password, reopened.proxyPassword());
        AgentOptions options = AgentCommandLine.parse(List.of("--data-dir=" + directory, "--proxyAddress=proxy.lan",
                "--proxyPort=1080", "--proxyType=SOCKS", "--proxyUsername=edge"));
        ConnectorConfig config = AgentConfiguration.load(options).effective(reopened.attributes());
        assertEquals(password, config.proxyPassword());
        assertTrue(!config.toString().contains(password) && !config.toProperties().containsValue(password),
                "never in the configuration's text");
        try (var files = Files.walk(directory)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                assertTrue(!Files.readString(path, java.nio.charset.StandardCharsets.ISO_8859_1).contains(password),
                        "the password appears in plain text in " + path);
            }
        }
        reopened.setProxyPassword("");
        assertEquals("", SecretStore.open(directory).proxyPassword(), "an empty password removes it");
        assertEquals(Map.of("apikey", "key"), SecretStore.open(directory).attributes());
    }

    @Test
    void theApikeyIsEncryptedAtRestAndTheMasterKeyIsOwnerOnly() throws Exception {
        String key = "very-secret-apikey-4711";
        SecretStore store = SecretStore.open(directory);
        store.setApikey(key);
        assertEquals(key, SecretStore.open(directory).apikey().orElseThrow(), "readable again after reopening");
        try (var files = Files.walk(directory)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                assertTrue(!Files.readString(path, java.nio.charset.StandardCharsets.ISO_8859_1).contains(key),
                        "the key appears in plain text in " + path);
            }
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory.resolve("secure-storage.key"))));
    }
}
