package io.uplink.agent.internal;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.equinox.security.storage.provider.IProviderHints;

/**
 * The agent's secrets (the Backend API key, the proxy password, the channel sources' passwords) in Equinox secure storage under the data
 * directory. A headless device has no desktop keyring, so the storage is encrypted with a random master
 * password kept in {@code <data-dir>/secure-storage.key}, readable only by the agent's user (0600).
 * This keeps secrets out of configuration files, logs and backups of the configuration; it does not protect
 * against root on the device, who can read the key file.
 */
public final class SecretStore {
    private static final String NODE = "io.uplink.agent/connector";
    private static final String APIKEY = "apikey";
    private static final String PROXY_PASSWORD = "proxyPassword";
    private static final String SOURCES_NODE = "io.uplink.agent/sources";

    private final ISecurePreferences root;

    private SecretStore(ISecurePreferences root) {
        this.root = root;
    }

    public static SecretStore open(Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        Path keyFile = dataDirectory.resolve("secure-storage.key");
        char[] masterPassword = masterPassword(keyFile);
        Map<String, Object> options = new HashMap<>();
        options.put(IProviderHints.PROMPT_USER, Boolean.FALSE);
        options.put(IProviderHints.DEFAULT_PASSWORD, new PBEKeySpec(masterPassword));
        URL location = dataDirectory.resolve("secure-storage").toUri().toURL();
        ISecurePreferences root = SecurePreferencesFactory.open(location, options);
        if (root == null) {
            throw new IOException("Equinox secure storage could not be opened at " + location);
        }
        return new SecretStore(root);
    }

    public Optional<String> apikey() throws StorageException {
        return Optional.ofNullable(root.node(NODE).get(APIKEY, null)).filter(key -> !key.isEmpty());
    }

    public void setApikey(String apikey) throws StorageException, IOException {
        root.node(NODE).put(APIKEY, apikey, true);
        root.flush();
    }

    /** The proxy password, or "" when none is stored. */
    public String proxyPassword() throws StorageException {
        return root.node(NODE).get(PROXY_PASSWORD, "");
    }

    /** Stores the proxy password; "" removes it. */
    public void setProxyPassword(String password) throws StorageException, IOException {
        if (password.isEmpty()) {
            root.node(NODE).remove(PROXY_PASSWORD);
        } else {
            root.node(NODE).put(PROXY_PASSWORD, password, true);
        }
        root.flush();
    }

    /** The password of a channel source ({@code --source} text as the key), if one is stored. */
    public Optional<String> sourcePassword(String source) throws StorageException {
        return Optional.ofNullable(root.node(SOURCES_NODE).get(sourceKey(source), null)).filter(p -> !p.isEmpty());
    }

    /** Stores a channel source's password; "" removes it. */
    public void setSourcePassword(String source, String password) throws StorageException, IOException {
        if (password.isEmpty()) {
            root.node(SOURCES_NODE).remove(sourceKey(source));
        } else {
            root.node(SOURCES_NODE).put(sourceKey(source), password, true);
        }
        root.flush();
    }

    /** Keys are plain names; a source's text has slashes and colons. */
    private static String sourceKey(String source) {
        return java.net.URLEncoder.encode(source, StandardCharsets.UTF_8);
    }

    /** The secrets as connector attributes, to be laid over the configuration. */
    public java.util.Map<String, String> attributes() throws StorageException {
        java.util.Map<String, String> secrets = new java.util.LinkedHashMap<>();
        apikey().ifPresent(key -> secrets.put(APIKEY, key));
        String proxyPassword = proxyPassword();
        if (!proxyPassword.isEmpty()) {
            secrets.put(PROXY_PASSWORD, proxyPassword);
        }
        return secrets;
    }

    /** Reads a key file as a user writes it: the first line, trimmed. */
    public static String readKeyFile(Path file) throws IOException, io.uplink.connector.ConfigException {
        String content = readSecretFile(file);
        if (content.isEmpty()) {
            throw new io.uplink.connector.ConfigException("apikey", "the API key file " + file + " is empty");
        }
        return content;
    }

    /** Reads a secret file as a user writes it: the first line, trimmed; "" for an empty file. */
    public static String readSecretFile(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
    }

    private static char[] masterPassword(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            // written completely to a private temporary file first: a crash never leaves an empty key behind
            Path temporary = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temporary); // Windows: the user profile's ACL protects it
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(random), StandardCharsets.US_ASCII);
            Files.move(temporary, keyFile, StandardCopyOption.ATOMIC_MOVE);
        }
        String password = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
        if (password.isEmpty()) {
            throw new IOException("the secure storage key file " + keyFile + " is empty; delete it and the "
                    + "secure-storage folder, then give the API key again with --apikey-file");
        }
        return password.toCharArray();
    }
}
