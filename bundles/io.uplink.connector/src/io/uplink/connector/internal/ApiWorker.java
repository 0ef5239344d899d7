package io.uplink.connector.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSource;
import io.uplink.core.ChannelValues;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.OpenemsType;
import io.uplink.protocol.ChannelValueJson;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;

/**
 * Values the Backend set with {@code setChannelValue}, written again every cycle until no new set has arrived
 * for {@code apiTimeout} (one timer for all of them, as in OpenEMS). Requests arrive on the WebSocket thread
 * and cycles run on the cycle thread; all methods are thread-safe. Time comes from the injected clock (for
 * sets) and from the cycle (for expiry), so tests jump time instead of sleeping.
 */
public final class ApiWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ApiWorker.class);

    /**
     * The outcome of one cycle's writes.
     *
     * @param log the ApiWorkerLog text: {@code addr:value} of each successful write, joined by '|'
     * @param failed true if a write failed (RunFailed for this cycle)
     */
    public record CycleResult(String log, boolean failed, int written) {
    }

    private final Clock clock;
    private final Object lock = new Object();
    private final Map<ChannelAddress, Object> values = new LinkedHashMap<>();
    private final Map<ChannelAddress, String> lastFailures = new HashMap<>();
    // dropped values are cleared on the target once, so it falls back as an OpenEMS write channel does
    private final Set<ChannelAddress> pendingClears = new LinkedHashSet<>();
    private Duration timeout;
    private Instant deadline;
    private List<ChannelMetadata> indexedList;
    private Map<ChannelAddress, ChannelMetadata> byAddress = Map.of();
    private Set<String> componentIds = Set.of();

    /** @param apiTimeoutSeconds 0 or less: values never expire */
    public ApiWorker(Clock clock, int apiTimeoutSeconds) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Duration.ofSeconds(Math.max(0, apiTimeoutSeconds));
    }

    /**
     * Stores a value to be written every cycle, or removes it for JSON null and for {@code ""} on a non-string
     * channel, and restarts the shared timeout. Returns at once; nothing is written here.
     *
     * @param channels the current channel list of all sources, to check the address against
     * @throws OpenemsException EDGE_NO_COMPONENT_WITH_ID for an unknown component, GENERIC for an unknown or
     *         read-only channel or a value that does not fit the channel's type; then nothing changes
     */
    public void setChannelValue(List<ChannelMetadata> channels, ChannelAddress address, JsonElement value)
            throws OpenemsException {
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(address, "address");
        ChannelMetadata channel = this.lookup(channels, address);
        if (!channel.isWritable()) {
            throw OpenemsException.generic("[" + address + "] is not a Write Channel");
        }
        Object normalized = toChannelValue(channel, value);
        Instant now = this.clock.instant();
        synchronized (this.lock) {
            this.expireIfDue(now);
            if (normalized == null) {
                if (this.values.remove(address) != null) {
                    this.pendingClears.add(address);
                }
                LOG.info("Backend cleared the value of channel [{}]", address);
            } else {
                this.values.put(address, normalized);
                this.pendingClears.remove(address);
                LOG.info("Backend set channel [{}] to [{}]; it is written every cycle until [{}] without a new set",
                        address, normalized, this.timeout.isZero() ? "never" : this.timeout.toSeconds() + "s");
            }
            this.lastFailures.remove(address);
            this.deadline = this.timeout.isZero() ? null : now.plus(this.timeout);
        }
    }

    private ChannelMetadata lookup(List<ChannelMetadata> channels, ChannelAddress address) throws OpenemsException {
        synchronized (this.lock) {
            // sources keep their list instance until the channel set changes, so index once per list
            if (channels != this.indexedList) {
                Map<ChannelAddress, ChannelMetadata> index = new HashMap<>();
                Set<String> components = new HashSet<>();
                for (ChannelMetadata channel : channels) {
                    index.putIfAbsent(channel.address(), channel);
                    components.add(channel.address().componentId());
                }
                this.byAddress = index;
                this.componentIds = components;
                this.indexedList = channels;
            }
            ChannelMetadata channel = this.byAddress.get(address);
            if (channel != null) {
                return channel;
            }
            if (!this.componentIds.contains(address.componentId())) {
                throw OpenemsError.EDGE_NO_COMPONENT_WITH_ID.exception(address.componentId());
            }
            throw OpenemsException.generic("Channel [" + address.channelId() + "] is not defined for ID ["
                    + address.componentId() + "].");
        }
    }

    private static Object toChannelValue(ChannelMetadata channel, JsonElement json) throws OpenemsException {
        String shown = json == null ? "null" : json.toString();
        try {
            Object raw = ChannelValueJson.fromJson(json);
            if (raw instanceof String text && text.isEmpty() && channel.type() != OpenemsType.STRING) {
                // OpenEMS lets "" clear a non-string channel
                return null;
            }
            return ChannelValues.normalize(channel.type(), raw);
        } catch (IllegalArgumentException | OpenemsException e) {
            throw OpenemsException.generic("Unable to set channel [" + channel.address() + "] to value [" + shown
                    + "]: " + e.getMessage());
        }
    }

    /** Changes the timeout and restarts the timer from now, as OpenEMS does; 0 or less: never expire. */
    public void setApiTimeout(int seconds) {
        Instant now = this.clock.instant();
        synchronized (this.lock) {
            this.timeout = Duration.ofSeconds(Math.max(0, seconds));
            this.deadline = this.timeout.isZero() || this.values.isEmpty() ? null : now.plus(this.timeout);
        }
    }

    /**
     * Drops every stored value if the timeout has passed ({@code now} at or after the deadline) and logs each.
     *
     * @return true if values were dropped
     */
    public boolean expireIfDue(Instant now) {
        synchronized (this.lock) {
            if (this.deadline == null || now.isBefore(this.deadline)) {
                return false;
            }
            this.deadline = null;
            if (this.values.isEmpty()) {
                return false;
            }
            for (ChannelAddress address : this.values.keySet()) {
                LOG.info("API timeout for channel [{}] after [{}s]: the Backend did not set a value again",
                        address, this.timeout.toSeconds());
            }
            this.pendingClears.addAll(this.values.keySet());
            this.values.clear();
            this.lastFailures.clear();
            return true;
        }
    }

    /**
     * Expires values if due, writes null once to each channel whose value was dropped (so the device falls
     * back, as an OpenEMS write channel does when nobody sets it), then writes every stored value to the target.
     * The log lists the successful value writes as {@code addr:value|addr:value} ({@code ""} if none); a failed
     * value write makes the cycle failed (RunFailed).
     */
    public CycleResult runCycle(ChannelSource target, Instant now) {
        Objects.requireNonNull(target, "target");
        List<Map.Entry<ChannelAddress, Object>> pending = new ArrayList<>();
        List<ChannelAddress> clears;
        synchronized (this.lock) {
            this.expireIfDue(now);
            clears = List.copyOf(this.pendingClears);
            this.pendingClears.clear();
            this.values.forEach((address, value) -> pending.add(Map.entry(address, value)));
        }
        // write outside the lock: a slow device must not block incoming requests
        for (ChannelAddress address : clears) {
            try {
                target.write(address, null);
            } catch (ChannelWriteException | RuntimeException e) { // a faulty source must not stop the cycle
                LOG.warn("Unable to clear channel [{}] after the Backend's value was dropped: {}", address,
                        e.getMessage());
            }
        }
        StringBuilder log = new StringBuilder();
        boolean failed = false;
        int written = 0;
        for (Map.Entry<ChannelAddress, Object> entry : pending) {
            try {
                target.write(entry.getKey(), entry.getValue());
                if (log.length() > 0) {
                    log.append('|');
                }
                log.append(entry.getKey()).append(':').append(entry.getValue());
                written++;
                this.forgetFailure(entry.getKey());
            } catch (ChannelWriteException | RuntimeException e) { // a faulty source must not stop the cycle
                failed = true;
                this.reportFailure(entry.getKey(), entry.getValue(), e.getMessage());
            }
        }
        return new CycleResult(log.toString(), failed, written);
    }

    /** Logs a failing write once per distinct reason instead of every cycle. */
    private void reportFailure(ChannelAddress address, Object value, String reason) {
        synchronized (this.lock) {
            if (reason.equals(this.lastFailures.put(address, reason))) {
                return;
            }
        }
        LOG.warn("Unable to write [{}] set by the Backend to channel [{}]: {}. Retrying every cycle until the "
                + "API timeout", value, address, reason);
    }

    private void forgetFailure(ChannelAddress address) {
        synchronized (this.lock) {
            this.lastFailures.remove(address);
        }
    }

    /** The stored values in the order they were first set. */
    public Map<ChannelAddress, Object> values() {
        synchronized (this.lock) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(this.values));
        }
    }

    /** When the stored values expire, if they do. */
    public Optional<Instant> deadline() {
        synchronized (this.lock) {
            return this.values.isEmpty() ? Optional.empty() : Optional.ofNullable(this.deadline);
        }
    }

    /** Drops all values without logging timeouts or clearing them on the device, e.g. when the controller stops. */
    public void clear() {
        synchronized (this.lock) {
            this.values.clear();
            this.pendingClears.clear();
            this.lastFailures.clear();
            this.deadline = null;
        }
    }
}
