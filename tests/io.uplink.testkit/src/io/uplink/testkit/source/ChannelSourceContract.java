package io.uplink.testkit.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelValues;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.SourceHealth;

/**
 * The contract every {@link ChannelSource} keeps, as the connector relies on it: one suite, run against every
 * implementation by subclassing it. The connector caches per-channel state per channel-list instance, so the list
 * must stay the same instance until the channel set changes, and every snapshot must carry that list; values must
 * be canonical ({@link ChannelValues}); a device that is down must not make {@code read} throw.
 *
 * <p>Subclasses give a source whose device delivers values, and optionally one whose device is down and a way to
 * change the device's channel set; the tests that need those are skipped otherwise.
 */
public abstract class ChannelSourceContract<S extends ChannelSource> {

    private final List<S> created = new ArrayList<>();

    /** A source whose device is up, ready to read: wait here until it delivers its first values. */
    protected abstract S createSource() throws Exception;

    /** A source whose device cannot be reached, or empty when the source has no device (a simulation). */
    protected Optional<S> createSourceWithDeviceDown() throws Exception {
        return Optional.empty();
    }

    /**
     * Changes the device's channel set (adds or removes channels) and waits until the source shows it; false when
     * this source's channel set is fixed.
     */
    protected boolean changeChannelSet(S source) throws Exception {
        return false;
    }

    /** Releases a source created by this suite; closes it when it is {@link AutoCloseable}. */
    protected void dispose(S source) throws Exception {
        if (source instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The time of the n-th read of a test (n from 0); one cycle apart. */
    protected long timestamp(int n) {
        return System.currentTimeMillis() + n * 1000L;
    }

    private S source() throws Exception {
        S source = this.createSource();
        this.created.add(source);
        return source;
    }

    @AfterEach
    void disposeSources() throws Exception {
        for (S source : this.created) {
            this.dispose(source);
        }
        this.created.clear();
    }

    @Test
    void idIsNamedAndStable() throws Exception {
        S source = this.source();
        assertNotNull(source.id());
        assertFalse(source.id().isBlank(), "id() is blank");
        String first = source.id();
        source.read(this.timestamp(0));
        assertEquals(first, source.id(), "id() must not change with reading: logs and the UI name the source by it");
    }

    @Test
    void channelsAreUnmodifiableWithUniqueAddresses() throws Exception {
        S source = this.source();
        List<ChannelMetadata> channels = source.channels();
        assertFalse(channels.isEmpty(), "a working source offers channels");
        assertUniqueAddresses(channels);
        assertThrows(UnsupportedOperationException.class, () -> channels.add(channels.get(0)));
        assertThrows(UnsupportedOperationException.class, () -> channels.remove(0));
    }

    @Test
    void theChannelListStaysTheSameInstanceWhileTheVersionStands() throws Exception {
        S source = this.source();
        long version = source.channelsVersion();
        List<ChannelMetadata> channels = source.channels();
        for (int n = 0; n < 3; n++) {
            source.read(this.timestamp(n));
            assertEquals(version, source.channelsVersion(), "the channel set changed without a device change");
            assertSame(channels, source.channels(), "channels() must return the same list instance (the connector "
                    + "caches per instance) until channelsVersion() changes");
        }
    }

    @Test
    void aReadIsASnapshotOfTheCurrentList() throws Exception {
        S source = this.source();
        List<ChannelMetadata> channels = source.channels();
        long time = this.timestamp(0);
        ChannelSnapshot snapshot = source.read(time);
        assertSame(channels, snapshot.channels(), "the snapshot must carry the list channels() returns");
        assertEquals(time, snapshot.timestampMillis(), "the snapshot is taken for the time asked for");
        assertEquals(channels.size(), snapshot.size());
    }

    @Test
    void valuesAreCanonicalForTheirDeclaredType() throws Exception {
        S source = this.source();
        int nonNull = 0;
        for (int n = 0; n < 3; n++) {
            ChannelSnapshot snapshot = source.read(this.timestamp(n));
            for (int i = 0; i < snapshot.size(); i++) {
                ChannelMetadata channel = snapshot.channel(i);
                Object value = snapshot.value(i);
                if (value == null) {
                    continue;
                }
                nonNull++;
                Class<?> expected = switch (channel.type()) {
                    case BOOLEAN -> Boolean.class;
                    case SHORT, INTEGER, LONG -> Long.class;
                    case FLOAT, DOUBLE -> Double.class;
                    case STRING -> String.class;
                };
                String where = channel.address() + " (" + channel.type() + ") = " + value;
                assertInstanceOf(expected, value, where);
                assertEquals(value, ChannelValues.normalize(channel.type(), value), "not canonical: " + where);
            }
        }
        assertTrue(nonNull > 0, "a working source delivers some values");
    }

    @Test
    void theVersionNeverDecreasesAndTheListChangesOnlyWithIt() throws Exception {
        S source = this.source();
        long version = source.channelsVersion();
        List<ChannelMetadata> channels = source.channels();
        for (int n = 0; n < 5; n++) {
            ChannelSnapshot snapshot = source.read(this.timestamp(n));
            long now = source.channelsVersion();
            assertTrue(now >= version, "channelsVersion() went back from " + version + " to " + now);
            if (snapshot.channels() != channels) {
                assertTrue(now > version, "a new channel list came without a new channelsVersion()");
            }
            version = now;
            channels = snapshot.channels();
        }
    }

    @Test
    void aWriteToAReadOnlyChannelIsRefusedNamingIt() throws Exception {
        S source = this.source();
        ChannelMetadata readOnly = source.channels().stream()
                .filter(c -> c.accessMode() == AccessMode.READ_ONLY).findFirst().orElse(null);
        assumeTrue(readOnly != null, "no read-only channel");
        ChannelWriteException e = assertThrows(ChannelWriteException.class, () -> source.write(readOnly.address(), 1));
        assertClear(e, readOnly.address());
    }

    @Test
    void aWriteToAnUnknownChannelIsRefusedNamingIt() throws Exception {
        S source = this.source();
        ChannelAddress unknown = new ChannelAddress("noSuchComponent9", "NoSuchChannel");
        ChannelWriteException e = assertThrows(ChannelWriteException.class, () -> source.write(unknown, 1));
        assertClear(e, unknown);
    }

    @Test
    void aValueThatDoesNotFitTheTypeIsRefused() throws Exception {
        S source = this.source();
        ChannelMetadata writable = source.channels().stream()
                .filter(c -> c.isWritable() && c.type() != io.uplink.core.OpenemsType.STRING).findFirst().orElse(null);
        assumeTrue(writable != null, "no writable non-STRING channel");
        ChannelWriteException e = assertThrows(ChannelWriteException.class,
                () -> source.write(writable.address(), "not a number"));
        assertClear(e, writable.address());
    }

    @Test
    void concurrentReadsAreSafe() throws Exception {
        S source = this.source();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                futures.add(pool.submit(() -> {
                    for (int n = 0; n < 20; n++) {
                        ChannelSnapshot snapshot = source.read(this.timestamp(n));
                        assertEquals(snapshot.channels().size(), snapshot.size());
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWorkingSourceReportsItselfHealthy() throws Exception {
        S source = this.source();
        SourceHealth health = source.health();
        assertNotNull(health);
        assertEquals(SourceHealth.State.OK, health.state(), "health of a working source: " + health);
    }

    @Test
    void aChangedChannelSetGivesANewListAndVersion() throws Exception {
        S source = this.source();
        long version = source.channelsVersion();
        List<ChannelMetadata> before = source.channels();
        assumeTrue(this.changeChannelSet(source), "this source's channel set is fixed");
        assertTrue(source.channelsVersion() > version, "channelsVersion() must increase when the set changes");
        List<ChannelMetadata> after = source.channels();
        assertNotSame(before, after, "a changed channel set must come as a new list instance");
        assertFalse(before.equals(after), "the channel set did not change");
        assertUniqueAddresses(after);
        ChannelSnapshot snapshot = source.read(this.timestamp(0));
        assertSame(after, snapshot.channels());
    }

    @Test
    void aDeviceThatIsDownGivesNullValuesAndSaysWhy() throws Exception {
        Optional<S> down = this.createSourceWithDeviceDown();
        assumeTrue(down.isPresent(), "this source has no device that can be down");
        S source = down.get();
        this.created.add(source);
        for (int n = 0; n < 2; n++) {
            ChannelSnapshot snapshot = source.read(this.timestamp(n));
            assertSame(source.channels(), snapshot.channels());
            for (int i = 0; i < snapshot.size(); i++) {
                assertNull(snapshot.value(i), "a device that is down gives no value for " + snapshot.channel(i).address());
            }
        }
        SourceHealth health = source.health();
        assertNotNull(health);
        assertFalse(health.isOk(), "a source whose device is down must not report OK");
        assertFalse(health.message().isBlank(), "the health must say what is wrong: " + health);
        assertTrue(health.sinceMillis() > 0, "the health must say since when: " + health);
    }

    private static void assertUniqueAddresses(List<ChannelMetadata> channels) {
        Set<ChannelAddress> seen = new HashSet<>();
        for (ChannelMetadata channel : channels) {
            assertTrue(seen.add(channel.address()), "duplicate address " + channel.address());
        }
    }

    private static void assertClear(ChannelWriteException e, ChannelAddress address) {
        assertEquals(address, e.address());
        assertTrue(e.getMessage().contains(address.toString()), "the message names the channel: " + e.getMessage());
        assertFalse(e.reason() == null || e.reason().isBlank(), "the exception gives a reason");
    }
}
