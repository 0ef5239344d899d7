package io.uplink.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.SourceHealth;

/**
 * A channel source seen through a priority profile: the same channels and values, with the priorities the profile
 * gives them. Without a profile it passes the source through unchanged. The channel list is rebuilt only when the
 * source's channel set or the profile changes, and the same list instance is returned in between, because the
 * connector caches its per-channel state per list instance. Thread-safe: the profile may change while cycles run.
 */
public final class ProfiledSource implements ChannelSource {

    private final ChannelSource source;
    private final Object lock = new Object();
    private volatile CompiledProfile profile;
    /** Bumped on every profile change so the layout below is rebuilt. */
    private volatile long profileGeneration;
    private volatile Layout layout;

    private record Layout(long sourceVersion, long profileGeneration, long version, List<ChannelMetadata> sourceChannels,
            List<ChannelMetadata> channels) {
    }

    public ProfiledSource(ChannelSource source) {
        this.source = Objects.requireNonNull(source, "source");
        List<ChannelMetadata> channels = source.channels();
        this.layout = new Layout(source.channelsVersion(), 0, 1, channels, channels);
    }

    /** Applies a profile (null: none); the next {@link #channels()} and {@link #read} carry its priorities. */
    public void setProfile(CompiledProfile newProfile) {
        synchronized (this.lock) {
            this.profile = newProfile;
            this.profileGeneration++;
        }
    }

    public Optional<CompiledProfile> profile() {
        return Optional.ofNullable(this.profile);
    }

    /** The channels as the source describes them, before the profile (for previews of another profile). */
    public List<ChannelMetadata> sourceChannels() {
        return this.source.channels();
    }

    @Override
    public String id() {
        return this.source.id();
    }

    @Override
    public List<ChannelMetadata> channels() {
        return this.current(this.source.channels()).channels;
    }

    @Override
    public long channelsVersion() {
        return this.current(null).version;
    }

    @Override
    public ChannelSnapshot read(long timestampMillis) {
        ChannelSnapshot snapshot = this.source.read(timestampMillis);
        Layout current = this.current(snapshot.channels());
        if (current.channels == snapshot.channels()) {
            return snapshot;
        }
        Object[] values = new Object[snapshot.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = snapshot.value(i);
        }
        return new ChannelSnapshot(snapshot.timestampMillis(), current.channels, values);
    }

    @Override
    public void write(ChannelAddress address, Object value) throws ChannelWriteException {
        this.source.write(address, value);
    }

    @Override
    public SourceHealth health() {
        return this.source.health();
    }

    /**
     * The layout for the source's current channels; {@code seen} is the list the caller got from the source (null:
     * ask it), so a snapshot is always paired with the layout of its own list.
     */
    private Layout current(List<ChannelMetadata> seen) {
        Layout current = this.layout;
        long sourceVersion = this.source.channelsVersion();
        if (current.sourceVersion == sourceVersion && current.profileGeneration == this.profileGeneration
                && (seen == null || seen == current.sourceChannels)) {
            return current;
        }
        synchronized (this.lock) {
            current = this.layout;
            List<ChannelMetadata> sourceChannels = seen != null ? seen : this.source.channels();
            if (current.sourceVersion == sourceVersion && current.profileGeneration == this.profileGeneration
                    && sourceChannels == current.sourceChannels) {
                return current;
            }
            CompiledProfile applied = this.profile;
            List<ChannelMetadata> channels = applied == null ? sourceChannels : applied.apply(sourceChannels);
            this.layout = new Layout(sourceVersion, this.profileGeneration, current.version + 1, sourceChannels,
                    channels);
            return this.layout;
        }
    }

    @Override
    public String toString() {
        return "ProfiledSource[" + this.source.id() + ", " + this.profile + "]";
    }
}
