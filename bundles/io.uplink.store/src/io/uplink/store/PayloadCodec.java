package io.uplink.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * UTF-8, deflated (zlib format, whose Adler-32 also catches a damaged payload) when that is smaller: JSON of channel
 * values usually shrinks to a quarter.
 */
final class PayloadCodec {
    /** Fast level: devices are slow, and the outbox appends every cycle while offline; levels 6-9 gain little on JSON. */
    private static final int LEVEL = Deflater.BEST_SPEED;

    record Encoded(byte[] bytes, boolean compressed) {
    }

    private PayloadCodec() {
    }

    static Encoded encode(String payload) {
        byte[] plain = payload.getBytes(StandardCharsets.UTF_8);
        if (plain.length < 64) {
            return new Encoded(plain, false);
        }
        Deflater deflater = new Deflater(LEVEL);
        try {
            deflater.setInput(plain);
            deflater.finish();
            byte[] buffer = new byte[plain.length];
            int length = 0;
            while (!deflater.finished() && length < buffer.length) {
                length += deflater.deflate(buffer, length, buffer.length - length);
            }
            if (!deflater.finished() || length >= plain.length) {
                return new Encoded(plain, false);
            }
            return new Encoded(java.util.Arrays.copyOf(buffer, length), true);
        } finally {
            deflater.end();
        }
    }

    static String decode(byte[] stored, boolean compressed) throws DataFormatException {
        if (!compressed) {
            return new String(stored, StandardCharsets.UTF_8);
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
            byte[] buffer = new byte[Math.max(1024, stored.length * 4)];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated deflate stream");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            inflater.end();
        }
    }
}
