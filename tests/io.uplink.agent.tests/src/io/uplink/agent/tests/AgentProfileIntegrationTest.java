package io.uplink.agent.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import io.uplink.agent.AgentControl;
import io.uplink.agent.AgentOptions;
import io.uplink.agent.internal.AgentRuntimeComponent;
import io.uplink.backend.local.LocalBackend;
import io.uplink.backend.local.ReceivedMessage;
import io.uplink.core.PersistencePriority;
import io.uplink.profile.PriorityProfile;
import io.uplink.profile.ProfileFormat;
import io.uplink.profile.ProfileRule;

/** The real agent on the simulated edge, sending to a real local Backend, with and without priority profiles. */
class AgentProfileIntegrationTest {
    private static final String KEY = "profile-test-key";
    private static final String EDGE = "edge0";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path directory;
    private LocalBackend backend;
    private AgentRuntimeComponent runtime;

    @BeforeEach
    void startBackend() throws Exception {
        backend = LocalBackend.start("127.0.0.1", 0, Map.of(KEY, EDGE));
    }

    @AfterEach
    void stopAll() {
        if (runtime != null) {
            runtime.stop();
        }
        backend.close();
    }

    private AgentOptions options(Optional<Path> profile) throws Exception {
        Path key = Files.writeString(directory.resolve("key"), KEY);
        return new AgentOptions(directory.resolve("data"), Optional.empty(),
                Map.of("uri", "ws://127.0.0.1:" + backend.port()), Optional.of(key), "sim", 0, 0, false, false, Optional.empty(),
                profile);
    }

    /** The channels of the first full timestampedData after {@code afterMillis}: every qualifying channel. */
    private Set<String> nextFullSnapshot(long afterMillis) {
        ReceivedMessage message = backend.awaitMessage(EDGE, m -> m.receivedAtMillis() > afterMillis
                && m.isNotification("timestampedData") && data(m).has("_sum/State"), WAIT);
        return data(message).keySet();
    }

    private static JsonObject data(ReceivedMessage message) {
        JsonObject params = message.params();
        return params.size() == 0 ? new JsonObject() : params.getAsJsonObject(params.keySet().iterator().next());
    }

    @Test
    void theBackendReceivesTheChannelSetOfTheAppliedProfile() throws Exception {
        Path startProfile = directory.resolve("start." + ProfileFormat.EXTENSION);
        ProfileFormat.write(startProfile, new PriorityProfile("start", "HIGH", "LOW", "HIGH", "LOW",
                java.util.List.of(new ProfileRule("meter0/Voltage", "VERY_HIGH"))));
        runtime = new AgentRuntimeComponent();
        runtime.start(options(Optional.of(startProfile)));
        backend.awaitConnected(EDGE, WAIT);

        Set<String> first = nextFullSnapshot(0);
        assertTrue(first.contains("meter0/Voltage"), "LOW in the source, VERY_HIGH by --profile: " + first);
        assertTrue(first.contains("meter0/ActivePower"), first.toString());
        assertFalse(first.contains("meter0/Frequency"), "LOW and no rule: " + first);

        // ess0/SetActivePowerEquals declares no priority (the default applies), but it is WRITE_ONLY: never sent
        AgentControl control = runtime.control().orElseThrow();
        PriorityProfile applied = new PriorityProfile("applied", "MEDIUM", "LOW", "HIGH", "VERY_LOW", java.util.List.of(
                new ProfileRule("meter0/Frequency", "HIGH"), new ProfileRule("meter0/ActivePower*", "LOW")));
        long before = System.currentTimeMillis();
        control.applyProfile(applied.compile());
        assertEquals(PersistencePriority.MEDIUM, control.config().persistencePriority());

        Set<String> after = nextFullSnapshot(before);
        assertTrue(after.contains("meter0/Frequency"), "raised by the applied profile: " + after);
        assertTrue(after.contains("ess0/Temperature"), "MEDIUM in the source, sent at threshold MEDIUM: " + after);
        assertFalse(after.contains("meter0/ActivePower") || after.contains("meter0/ActivePowerL1"), after.toString());
        assertFalse(after.contains("meter0/Voltage"), "the --profile rule is gone: " + after);
        JsonObject config = backend.edge(EDGE).lastEdgeConfig().orElseThrow();
        assertTrue(config.toString().contains("\"persistencePriority\":\"MEDIUM\""), "edgeConfig re-sent with the threshold");

        // the applied profile and its thresholds survive a restart, and take the place of --profile
        runtime.stop();
        runtime = new AgentRuntimeComponent();
        runtime.start(options(Optional.of(startProfile)));
        assertEquals("applied", runtime.control().orElseThrow().profile().orElseThrow().profile().name());
        assertEquals(PersistencePriority.MEDIUM, runtime.control().orElseThrow().config().persistencePriority());
    }
}
