package io.uplink.store.tests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import io.uplink.core.PersistencePriority;
import io.uplink.store.BacklogOptions;
import io.uplink.store.NewRow;
import io.uplink.store.RowKind;
import io.uplink.store.SqliteBacklog;

/**
 * The process the crash test kills: appends rows in a loop and prints each append's sequences once it returned
 * ({@code committed 17 18 19}), so every sequence printed is one the store reported durable. Also the probe of
 * where the native library goes ({@code probe}).
 *
 * <p>Usage: {@code BacklogWriter write <directory> <seed>} or {@code BacklogWriter probe <directory>}.
 */
public final class BacklogWriter {
    private BacklogWriter() {
    }

    /** The payload a row must have, recomputed from its own first two fields. */
    static String expectedPayload(String payload) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\{\"ts\":(\\d+),\"n\":(\\d+)").matcher(payload);
        if (!m.find()) {
            return "<no ts/n prefix>";
        }
        return payloadFor(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[1]);
        try (SqliteBacklog backlog = SqliteBacklog.open(directory, BacklogOptions.defaults())) {
            System.out.println("ready " + backlog.stats().lastSequence());
            System.out.flush();
            if (args[0].equals("probe")) {
                backlog.append(List.of(new NewRow(RowKind.RAW, PersistencePriority.HIGH, 1, "{\"probe\":1}")));
                System.out.println("native " + SqliteBacklog.nativeLibraryDirectory());
                return;
            }
            Random random = new Random(Long.parseLong(args[2]));
            while (true) {
                List<NewRow> rows = new ArrayList<>();
                for (int n = 1 + random.nextInt(5); n > 0; n--) {
                    long timestamp = random.nextLong(1L << 40);
                    rows.add(new NewRow(random.nextBoolean() ? RowKind.RAW : RowKind.WINDOW,
                            PersistencePriority.values()[random.nextInt(5)], timestamp,
                            payloadFor(timestamp, random.nextInt(4000))));
                }
                long[] sequences = backlog.append(rows);
                System.out.println("committed "
                        + Arrays.stream(sequences).mapToObj(Long::toString).collect(Collectors.joining(" ")));
                System.out.flush();
            }
        }
    }

    /** Derived from the timestamp and channel count it starts with, so a checker can tell a damaged payload. */
    static String payloadFor(long timestamp, int channels) {
        StringBuilder json = new StringBuilder("{\"ts\":").append(timestamp).append(",\"n\":").append(channels);
        Random values = new Random(timestamp);
        for (int c = 0; c < channels; c++) {
            json.append(",\"meter").append(c % 7).append("/Power").append(c).append("\":");
            if (c % 3 == 0) {
                json.append(values.nextInt(20_000) - 10_000);
            } else {
                json.append(String.format(java.util.Locale.ROOT, "%.3f", values.nextDouble() * 500));
            }
        }
        return json.append('}').toString();
    }
}
