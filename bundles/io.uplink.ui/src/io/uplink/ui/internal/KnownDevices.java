package io.uplink.ui.internal;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.equinox.security.storage.provider.IProviderHints;
import org.osgi.service.prefs.BackingStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.uplink.agent.AgentOptions;
import io.uplink.management.RemoteAgent;

/**
 * The devices this workbench attached to: the recent list and the pinned TLS fingerprints in the workbench's
 * preferences (neither is secret), the tokens in Equinox secure storage, encrypted with a random master password kept
 * owner-only beside it ({@code ~/.uplink/workbench/}), never in plain text in the preferences. As for the agent's
 * secrets, this keeps tokens out of preference files and their backups; it does not protect against someone who can
 * read the user's files.
 */
public final class KnownDevices {
    private static final Logger LOG = LoggerFactory.getLogger(KnownDevices.class);
    private static final String NODE = "io.uplink.ui";
    private static final String RECENT = "recentDevices";
    private static final String PIN = "pin.";
    private static final int MAX_RECENT = 10;

    private KnownDevices() {
    }

    /** Most recent first. */
    public static List<RemoteAgent.Target> recent() {
        List<RemoteAgent.Target> targets = new ArrayList<>();
        for (String line : preferences().get(RECENT, "").split("\n")) {
            int tlsSeparator = line.lastIndexOf(' ');
            int portSeparator = line.lastIndexOf(':', tlsSeparator);
            if (tlsSeparator < 0 || portSeparator <= 0) {
                continue;
            }
            try {
                targets.add(new RemoteAgent.Target(line.substring(0, portSeparator),
                        Integer.parseInt(line.substring(portSeparator + 1, tlsSeparator)),
                        line.substring(tlsSeparator + 1).equals("tls")));
            } catch (NumberFormatException e) {
                // a hand-edited line: skip it
            }
        }
        return targets;
    }

    /** Remembers a device that was attached, with its token (secure storage) and pinned fingerprint. */
    public static void remember(RemoteAgent.Target target, String token, String fingerprint) {
        List<RemoteAgent.Target> targets = recent();
        targets.removeIf(known -> key(known).equals(key(target)));
        targets.addFirst(target);
        StringBuilder text = new StringBuilder();
        for (RemoteAgent.Target known : targets.subList(0, Math.min(MAX_RECENT, targets.size()))) {
            text.append(key(known)).append(known.tls() ? " tls" : " plain").append('\n');
        }
        IEclipsePreferences preferences = preferences();
        preferences.put(RECENT, text.toString().strip());
        if (fingerprint != null) {
            preferences.put(PIN + key(target), fingerprint);
        }
        flush(preferences);
        try {
            ISecurePreferences node = secureStorage().node("io.uplink.ui/devices/" + encode(key(target)));
            node.put("token", token, true);
            node.flush();
        } catch (StorageException | IOException e) {
            LOG.warn("The token of {} could not be kept in secure storage: {}", key(target), e.getMessage());
        }
    }

    public static Optional<String> token(RemoteAgent.Target target) {
        try {
            return Optional.ofNullable(secureStorage().node("io.uplink.ui/devices/" + encode(key(target))).get("token", null));
        } catch (StorageException | IOException e) {
            LOG.warn("The token of {} could not be read from secure storage: {}", key(target), e.getMessage());
            return Optional.empty();
        }
    }

    /** The fingerprint confirmed for this device, if any: later attaches require the same certificate. */
    public static Optional<String> pinnedFingerprint(RemoteAgent.Target target) {
        return Optional.ofNullable(preferences().get(PIN + key(target), null));
    }

    /** Forgets a pinned fingerprint (the technician confirmed a new certificate). */
    public static void pin(RemoteAgent.Target target, String fingerprint) {
        IEclipsePreferences preferences = preferences();
        if (fingerprint == null) {
            preferences.remove(PIN + key(target));
        } else {
            preferences.put(PIN + key(target), fingerprint);
        }
        flush(preferences);
    }

    public static String key(RemoteAgent.Target target) {
        return target.display();
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static IEclipsePreferences preferences() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    private static void flush(IEclipsePreferences preferences) {
        try {
            preferences.flush();
        } catch (BackingStoreException e) {
            LOG.warn("Preferences not saved: {}", e.getMessage());
        }
    }

    private static ISecurePreferences storage;

    private static synchronized ISecurePreferences secureStorage() throws IOException {
        if (storage != null) {
            return storage;
        }
        Path directory = AgentOptions.defaultDataDirectory().resolveSibling("workbench");
        Files.createDirectories(directory);
        Path keyFile = directory.resolve("secure-storage.key");
        if (!Files.isRegularFile(keyFile)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            try {
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(keyFile);
            }
            Files.writeString(keyFile, Base64.getEncoder().encodeToString(random));
        }
        Map<String, Object> options = new HashMap<>();
        options.put(IProviderHints.PROMPT_USER, Boolean.FALSE);
        options.put(IProviderHints.DEFAULT_PASSWORD, new PBEKeySpec(Files.readString(keyFile).strip().toCharArray()));
        URL location = directory.resolve("secure-storage").toUri().toURL();
        storage = SecurePreferencesFactory.open(location, options);
        if (storage == null) {
            throw new IOException("Equinox secure storage could not be opened at " + location);
        }
        return storage;
    }
}
