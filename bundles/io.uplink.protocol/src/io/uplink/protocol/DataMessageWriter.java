package io.uplink.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;

import com.google.gson.stream.JsonWriter;

import io.uplink.core.ChannelValues;

/**
 * Writes a complete one-timestamp {@code timestampedData} or {@code aggregatedData} notification straight
 * from parallel arrays, for the per-cycle hot path. The text is byte-for-byte what {@link JsonRpcCodec#encode}
 * gives for the same message built as a tree. An empty row gives {@code "params":{}} without a timestamp key,
 * as OpenEMS sends it. Addresses must be unique; values follow the core value model (see
 * {@link ChannelValueJson#toJson(Object)}).
 */
public final class DataMessageWriter {

    private static final int ESTIMATED_CHARS_PER_VALUE = 24;

    private DataMessageWriter() {
    }

    /** The first {@code count} entries of the arrays as one timestampedData message. */
    public static String timestampedData(long timestampMillis, String[] addresses, Object[] values, int count) {
        return write(TimestampedDataNotification.METHOD, timestampMillis, addresses, values, null, count);
    }

    /** The entries at {@code indices[0..count)} of the arrays (e.g. only changed channels) as timestampedData. */
    public static String timestampedData(long timestampMillis, String[] addresses, Object[] values, int[] indices,
            int count) {
        return write(TimestampedDataNotification.METHOD, timestampMillis, addresses, values, indices, count);
    }

    /** The first {@code count} entries of the arrays as one aggregatedData message (timestamp = window start). */
    public static String aggregatedData(long windowStartMillis, String[] addresses, Object[] values, int count) {
        return write(AggregatedDataNotification.METHOD, windowStartMillis, addresses, values, null, count);
    }

    /** The entries at {@code indices[0..count)} of the arrays as aggregatedData. */
    public static String aggregatedData(long windowStartMillis, String[] addresses, Object[] values, int[] indices,
            int count) {
        return write(AggregatedDataNotification.METHOD, windowStartMillis, addresses, values, indices, count);
    }

    /**
     * Streams timestampedData for {@code indices[0..count)} (all entries if {@code indices} is null) to a writer,
     * e.g. a WebSocket text stream, without building the whole text first.
     */
    public static void writeTimestampedData(Writer out, long timestampMillis, String[] addresses, Object[] values,
            int[] indices, int count) throws IOException {
        checkBounds(addresses, values, indices, count);
        writeTo(out, TimestampedDataNotification.METHOD, timestampMillis, addresses, values, indices, count);
    }

    /** Streams aggregatedData like {@link #writeTimestampedData}. */
    public static void writeAggregatedData(Writer out, long windowStartMillis, String[] addresses, Object[] values,
            int[] indices, int count) throws IOException {
        checkBounds(addresses, values, indices, count);
        writeTo(out, AggregatedDataNotification.METHOD, windowStartMillis, addresses, values, indices, count);
    }

    /**
     * Only the values object of one row, {@code {"address":value,...}}, with the same value encoding as the
     * messages; the backlog stores rows in this form and replays them verbatim.
     */
    public static String valuesObject(String[] addresses, Object[] values, int[] indices, int count) {
        checkBounds(addresses, values, indices, count);
        StringBuilderWriter out = new StringBuilderWriter(2 + count * ESTIMATED_CHARS_PER_VALUE);
        try {
            JsonWriter json = new JsonWriter(out);
            json.beginObject();
            for (int i = 0; i < count; i++) {
                int index = indices == null ? i : indices[i];
                json.name(addresses[index]);
                writeValue(json, values[index]);
            }
            json.endObject();
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String write(String method, long timestampMillis, String[] addresses, Object[] values,
            int[] indices, int count) {
        checkBounds(addresses, values, indices, count);
        StringBuilderWriter out = new StringBuilderWriter(64 + count * ESTIMATED_CHARS_PER_VALUE);
        try {
            writeTo(out, method, timestampMillis, addresses, values, indices, count);
        } catch (IOException e) {
            // StringBuilderWriter never throws; keep the contract honest anyway
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeTo(Writer out, String method, long timestampMillis, String[] addresses,
            Object[] values, int[] indices, int count) throws IOException {
        JsonWriter json = new JsonWriter(out);
        json.beginObject();
        json.name("jsonrpc").value(JsonRpcMessage.JSONRPC_VERSION);
        json.name("method").value(method);
        json.name("params").beginObject();
        if (count > 0) {
            json.name(Long.toString(timestampMillis)).beginObject();
            for (int i = 0; i < count; i++) {
                int index = indices == null ? i : indices[i];
                json.name(addresses[index]);
                writeValue(json, values[index]);
            }
            json.endObject();
        }
        json.endObject();
        json.endObject();
        json.flush();
    }

    private static void writeValue(JsonWriter json, Object value) throws IOException {
        Object wire = ChannelValues.toWire(value);
        switch (wire) {
            case null -> json.nullValue();
            case Long l -> json.value(l.longValue());
            case Integer i -> json.value(i.longValue());
            case Short s -> json.value(s.longValue());
            case Byte b -> json.value(b.longValue());
            case Double d -> json.value(d.doubleValue());
            case Float f -> json.value(f);
            case BigInteger big -> json.value(big);
            case BigDecimal dec -> json.value(dec);
            case String s -> json.value(s);
            default -> throw new IllegalArgumentException(
                    "Value [" + value + "] of type " + value.getClass().getName() + " is not a channel value");
        }
    }

    private static void checkBounds(String[] addresses, Object[] values, int[] indices, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        if (indices == null) {
            if (count > addresses.length || count > values.length) {
                throw new IllegalArgumentException("count " + count + " exceeds the arrays (" + addresses.length
                        + " addresses, " + values.length + " values)");
            }
        } else if (count > indices.length) {
            throw new IllegalArgumentException(
                    "count " + count + " exceeds the " + indices.length + " indices");
        }
    }

    /** An unsynchronised StringWriter: StringWriter's StringBuffer locks on every append. */
    private static final class StringBuilderWriter extends Writer {
        private final StringBuilder buffer;

        StringBuilderWriter(int capacity) {
            this.buffer = new StringBuilder(capacity);
        }

        @Override
        public void write(int c) {
            this.buffer.append((char) c);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            this.buffer.append(chars, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) {
            this.buffer.append(text, offset, offset + length);
        }

        @Override
        public Writer append(CharSequence text) {
            this.buffer.append(text);
            return this;
        }

        @Override
        public Writer append(CharSequence text, int start, int end) {
            this.buffer.append(text, start, end);
            return this;
        }

        @Override
        public Writer append(char c) {
            this.buffer.append(c);
            return this;
        }

        @Override
        public void flush() {
            // nothing buffered outside the StringBuilder
        }

        @Override
        public void close() {
            // nothing to release
        }

        @Override
        public String toString() {
            return this.buffer.toString();
        }
    }
}
