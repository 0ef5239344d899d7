package io.uplink.connector.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import io.uplink.connector.ChannelRow;
import io.uplink.connector.ConnectorConfig;
import io.uplink.core.AccessMode;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.ChannelValues;
import io.uplink.core.PersistencePriority;
import io.uplink.protocol.DataMessageWriter;

/**
 * Turns each cycle's snapshot into the {@code timestampedData} text (OpenEMS §6.2): channels with priority at
 * least {@code persistencePriority} and not WRITE_ONLY; every value (nulls included) on a full send, otherwise
 * only values whose JSON differs from the last <em>successfully</em> sent snapshot or that it lacked. A send is
 * full when {@link #requestFullSend()} was called (start, connect, config change; consumed by the next
 * {@link #prepare}, as in OpenEMS) or more than {@code fullSendInterval} passed since the last confirmed full send.
 *
 * <p>Built for 100,000 channels a cycle: the filtered positions and address strings are cached per channel list
 * (sources keep the same list instance until their channel set changes), values live in arrays in that order,
 * and the array of a superseded reference is reused for the next cycle. Thread-safe.
 */
public final class CycleSender {

    /** The last-sent time of a channel never confirmed as sent (as {@link ChannelRow} expects). */
    public static final long NEVER = 0;

    private static final byte KIND_DELTA = 1;
    private static final byte KIND_FULL = 2;

    private final AtomicBoolean sendAll = new AtomicBoolean(true);
    private PersistencePriority threshold;
    private long cycleTimeMillis;
    private long fullSendIntervalMillis;

    private ChannelLayout layout;
    private long nextSequence;
    private int[] changed = new int[0];
    private Object[] spare;

    private ChannelLayout referenceLayout;
    private Object[] reference;
    private long confirmedSequence = -1;
    private boolean fullConfirmed;
    private long lastFullMillis;

    private ChannelLayout statusLayout;
    private long[] lastSentMillis = new long[0];
    private byte[] lastSentKind = new byte[0];

    public CycleSender(ConnectorConfig config) {
        this.configure(config);
    }

    /**
     * Takes over threshold, cycle time and full-send interval. A config change should also call
     * {@link #requestFullSend()} (OpenEMS §6.5); channels that newly qualify are sent by the next delta anyway.
     */
    public synchronized void configure(ConnectorConfig config) {
        if (config.persistencePriority() != this.threshold) {
            this.layout = null;
        }
        this.threshold = config.persistencePriority();
        this.cycleTimeMillis = config.cycleTime();
        this.fullSendIntervalMillis = config.fullSendInterval() * 1000L;
    }

    /** The next {@link #prepare} sends every channel. Safe from any thread. */
    public void requestFullSend() {
        this.sendAll.set(true);
    }

    /** One cycle's message, ready to send; hand it back to {@link #confirmSent} once the Backend got it. */
    public static final class PreparedData {
        private final long sequence;
        private final ChannelLayout layout;
        private final long snapshotMillis;
        private final long timestampMillis;
        private final boolean full;
        private final String text;
        private final Object[] collected;
        private final int[] sentIndices;
        private int bytes = -1;

        PreparedData(long sequence, ChannelLayout layout, long snapshotMillis, long timestampMillis, boolean full,
                String text, Object[] collected, int[] sentIndices) {
            this.sequence = sequence;
            this.layout = layout;
            this.snapshotMillis = snapshotMillis;
            this.timestampMillis = timestampMillis;
            this.full = full;
            this.text = text;
            this.collected = collected;
            this.sentIndices = sentIndices;
        }

        /** The complete JSON-RPC notification. */
        public String text() {
            return this.text;
        }

        /** The message's timestamp: the snapshot time floored to the cycle time. */
        public long timestampMillis() {
            return this.timestampMillis;
        }

        public boolean full() {
            return this.full;
        }

        /** How many values the message carries. */
        public int valueCount() {
            return this.full ? this.collected.length : this.sentIndices.length;
        }

        /** How many channels qualified for timestampedData this cycle. */
        public int channelCount() {
            return this.collected.length;
        }

        /** The UTF-8 size of {@link #text()}. */
        public int bytes() {
            if (this.bytes < 0) {
                this.bytes = utf8Length(this.text);
            }
            return this.bytes;
        }

        @Override
        public String toString() {
            return "PreparedData[" + (this.full ? "full" : "delta") + ", timestamp=" + this.timestampMillis
                    + ", values=" + this.valueCount() + "/" + this.channelCount() + "]";
        }
    }

    /** Collects the qualifying values of the snapshot and encodes the message; changes no send state. */
    public synchronized PreparedData prepare(ChannelSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        ChannelLayout current = this.layoutFor(snapshot.channels());
        int size = current.size();
        long now = snapshot.timestampMillis();
        long timestamp = Math.floorDiv(now, this.cycleTimeMillis) * this.cycleTimeMillis;
        boolean fullDue = !this.fullConfirmed || now - this.lastFullMillis > this.fullSendIntervalMillis;
        boolean full = this.sendAll.getAndSet(false) || this.reference == null || fullDue;

        Object[] collected = this.spare != null && this.spare.length == size ? this.spare : new Object[size];
        this.spare = null;
        int[] positions = current.positions();
        for (int k = 0; k < size; k++) {
            collected[k] = snapshot.value(positions[k]);
        }
        String[] addresses = current.addresses();
        if (full) {
            String text = DataMessageWriter.timestampedData(timestamp, addresses, collected, size);
            return new PreparedData(this.nextSequence++, current, now, timestamp, true, text, collected, null);
        }
        Object[] ref = this.referenceIn(current);
        if (this.changed.length < size) {
            this.changed = new int[size];
        }
        int[] delta = this.changed;
        int count = 0;
        for (int k = 0; k < size; k++) {
            Object r = ref[k];
            if (r == ChannelLayout.MISSING || !same(collected[k], r)) {
                delta[count++] = k;
            }
        }
        String text = DataMessageWriter.timestampedData(timestamp, addresses, collected, delta, count);
        return new PreparedData(this.nextSequence++, current, now, timestamp, false, text, collected,
                Arrays.copyOf(delta, count));
    }

    /**
     * Records a successful send: its collected values become the delta reference and, if it was full, its time the
     * last full send. Confirmations older than the last one are ignored.
     */
    public synchronized void confirmSent(PreparedData sent) {
        Objects.requireNonNull(sent, "sent");
        if (sent.sequence <= this.confirmedSequence) {
            return;
        }
        this.confirmedSequence = sent.sequence;
        Object[] superseded = this.reference;
        this.reference = sent.collected;
        this.referenceLayout = sent.layout;
        if (superseded != null && superseded != sent.collected) {
            this.spare = superseded;
        }
        if (sent.full) {
            this.fullConfirmed = true;
            this.lastFullMillis = sent.snapshotMillis;
        }
        this.recordStatus(sent);
    }

    private void recordStatus(PreparedData sent) {
        if (this.statusLayout != sent.layout) {
            this.lastSentMillis = this.remapLongs(this.lastSentMillis, sent.layout);
            this.lastSentKind = remapKinds(this.lastSentKind, sent.layout);
            this.statusLayout = sent.layout;
        }
        if (sent.full) {
            Arrays.fill(this.lastSentMillis, sent.timestampMillis);
            Arrays.fill(this.lastSentKind, KIND_FULL);
        } else {
            for (int k : sent.sentIndices) {
                this.lastSentMillis[k] = sent.timestampMillis;
                this.lastSentKind[k] = KIND_DELTA;
            }
        }
    }

    private long[] remapLongs(long[] old, ChannelLayout to) {
        long[] result = new long[to.size()];
        Arrays.fill(result, NEVER);
        if (this.statusLayout != null) {
            for (int k = 0; k < result.length; k++) {
                int j = this.statusLayout.indexOf(to.addresses()[k]);
                if (j >= 0) {
                    result[k] = old[j];
                }
            }
        }
        return result;
    }

    private byte[] remapKinds(byte[] old, ChannelLayout to) {
        byte[] result = new byte[to.size()];
        if (this.statusLayout != null) {
            for (int k = 0; k < result.length; k++) {
                int j = this.statusLayout.indexOf(to.addresses()[k]);
                if (j >= 0) {
                    result[k] = old[j];
                }
            }
        }
        return result;
    }

    /** Per channel: when it was last confirmed as sent and whether in a full or a delta message. */
    public static final class SendStatus {
        private final String[] addresses;
        private final long[] lastSentMillis;
        private final byte[] kinds;

        SendStatus(String[] addresses, long[] lastSentMillis, byte[] kinds) {
            this.addresses = addresses;
            this.lastSentMillis = lastSentMillis;
            this.kinds = kinds;
        }

        public int size() {
            return this.addresses.length;
        }

        public String address(int index) {
            return this.addresses[index];
        }

        /** Timestamp of the last confirmed message carrying the channel, or {@link CycleSender#NEVER}. */
        public long lastSentMillis(int index) {
            return this.lastSentMillis[index];
        }

        /** True if that message was a full send, false for a delta (or never sent). */
        public boolean sentInFull(int index) {
            return this.kinds[index] == KIND_FULL;
        }
    }

    /** A copy of the per-channel send status, in the order of the last confirmed message's channels. */
    public synchronized SendStatus status() {
        if (this.statusLayout == null) {
            return new SendStatus(new String[0], new long[0], new byte[0]);
        }
        return new SendStatus(this.statusLayout.addresses(), this.lastSentMillis.clone(),
                this.lastSentKind.clone());
    }

    /** When the channel at this snapshot index was last confirmed as sent, or {@link #NEVER}. */
    public synchronized long lastSentMillis(ChannelSnapshot snapshot, int index) {
        int k = this.statusSlot(snapshot, index);
        return k < 0 ? NEVER : this.lastSentMillis[k];
    }

    /**
     * How the channel at this snapshot index last went out: FULL or DELTA; AGGREGATED_ONLY if its priority is
     * below persistencePriority but reaches the aggregation threshold; otherwise NOT_SENT.
     */
    public synchronized ChannelRow.SentAs sentAs(ChannelSnapshot snapshot, int index,
            PersistencePriority aggregationPriority) {
        int k = this.statusSlot(snapshot, index);
        if (k >= 0 && this.lastSentKind[k] != 0) {
            return this.lastSentKind[k] == KIND_FULL ? ChannelRow.SentAs.FULL : ChannelRow.SentAs.DELTA;
        }
        ChannelMetadata channel = snapshot.channel(index);
        boolean readable = channel.accessMode() != AccessMode.WRITE_ONLY;
        if (readable && !channel.priority().isAtLeast(this.threshold)
                && channel.priority().isAtLeast(aggregationPriority)) {
            return ChannelRow.SentAs.AGGREGATED_ONLY;
        }
        return ChannelRow.SentAs.NOT_SENT;
    }

    private int statusSlot(ChannelSnapshot snapshot, int index) {
        if (this.statusLayout == null) {
            return -1;
        }
        if (this.statusLayout.isFor(snapshot.channels())) {
            return this.statusLayout.slotOf(index);
        }
        return this.statusLayout.indexOf(snapshot.channel(index).address().toString());
    }

    private ChannelLayout layoutFor(List<ChannelMetadata> channels) {
        if (this.layout == null || !this.layout.isFor(channels)) {
            this.layout = ChannelLayout.of(channels, this.threshold);
        }
        return this.layout;
    }

    /** The reference values in the given layout's order; MISSING where the reference lacks a channel. */
    private Object[] referenceIn(ChannelLayout current) {
        if (this.referenceLayout != current) {
            this.reference = current.remap(this.reference, this.referenceLayout, ChannelLayout.MISSING);
            this.referenceLayout = current;
        }
        return this.reference;
    }

    /** Same JSON on the wire; the common cases (same object, equal Long or Double) avoid the general check. */
    static boolean same(Object value, Object ref) {
        if (value == ref) {
            return true;
        }
        if (value instanceof Long a && ref instanceof Long b) {
            return a.longValue() == b.longValue();
        }
        if (value instanceof Double a && ref instanceof Double b && a.doubleValue() == b.doubleValue()) {
            return true;
        }
        return ChannelValues.sameJson(value, ref);
    }

    static int utf8Length(String text) {
        int bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                // a surrogate pair is 4 bytes, 2 per half
                bytes += 2;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
