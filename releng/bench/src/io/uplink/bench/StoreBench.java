package io.uplink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import io.uplink.core.PersistencePriority;
import io.uplink.store.Backlog;
import io.uplink.store.BacklogOptions;
import io.uplink.store.BacklogStats;
import io.uplink.store.NewRow;
import io.uplink.store.RowKind;
import io.uplink.store.SqliteBacklog;

/**
 * The backlog store's figures (issue "Lossless"): append throughput in values/s, bytes on disk per hour and commits
 * per hour at 5,000 channels and a 1 s cycle. Each cycle is stored as one row per priority, as the outbox does. An
 * hour is simulated as fast as the disk allows, on the disk under the given directory (not a tmpfs).
 * Run by {@code releng/scripts/bench.sh --store}.
 */
public final class StoreBench {
    private static final int CHANNELS = 5_000;
    private static final int CYCLES_PER_HOUR = 3_600;
    /** Share of channels whose value changes in a cycle (delta rows); a full snapshot every 290 s as live. */
    private static final double CHANGED_PER_CYCLE = 0.25;
    private static final int FULL_EVERY_CYCLES = 290;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "_scratch/bench/store");
        System.out.printf(Locale.ROOT, "Uplink store bench on %d cores, Java %s, store under %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), work.toAbsolutePath());
        Channels channels = new Channels(new Random(1));
        // throughput: one commit per cycle (offline) and one per 10 cycles (a batching outbox)
        throughput(work.resolve("throughput-1"), channels, 1, 600);
        throughput(work.resolve("throughput-10"), channels, 10, 600);
        // an hour offline: what a device writes while the Backend is away
        hour(work.resolve("hour-delta"), channels, false);
        hour(work.resolve("hour-full"), channels, true);
    }

    /** Full rows of every channel, appended as fast as possible, {@code cyclesPerCommit} cycles per append. */
    private static void throughput(Path directory, Channels channels, int cyclesPerCommit, int cycles)
            throws Exception {
        deleteTree(directory);
        try (Backlog backlog = SqliteBacklog.open(directory, BacklogOptions.defaults())) {
            long values = 0;
            long encodeNanos = 0;
            long start = System.nanoTime();
            for (int cycle = 0; cycle < cycles; cycle += cyclesPerCommit) {
                List<NewRow> rows = new ArrayList<>();
                for (int c = cycle; c < cycle + cyclesPerCommit; c++) {
                    long t0 = System.nanoTime();
                    values += channels.cycle(1_800_000_000_000L + c * 1000L, true, rows);
                    encodeNanos += System.nanoTime() - t0;
                }
                backlog.append(rows);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            BacklogStats stats = backlog.stats();
            System.out.printf(Locale.ROOT,
                    "append, %2d cycle(s) per commit: %,.0f values/s (%,d values in %.1f s, %d commits, %.1f ms per"
                            + " commit; building the JSON took %.1f s of it), %.0f stored bytes per value%n",
                    cyclesPerCommit, values / seconds, values, seconds, stats.commits(),
                    seconds * 1000 / stats.commits(), encodeNanos / 1e9, stats.bytes() / (double) values);
        }
    }

    /** 3,600 cycles, one commit each (offline: at least one commit per cycle); file size at the end. */
    private static void hour(Path directory, Channels channels, boolean fullEveryCycle) throws Exception {
        deleteTree(directory);
        long values = 0;
        long start = System.nanoTime();
        BacklogStats stats;
        long openBytes;
        try (Backlog backlog = SqliteBacklog.open(directory, BacklogOptions.defaults())) {
            for (int cycle = 0; cycle < CYCLES_PER_HOUR; cycle++) {
                List<NewRow> rows = new ArrayList<>();
                values += channels.cycle(1_800_000_000_000L + cycle * 1000L,
                        fullEveryCycle || cycle % FULL_EVERY_CYCLES == 0, rows);
                backlog.append(rows);
            }
            stats = backlog.stats();
            openBytes = sizeOf(directory, "backlog.db") + sizeOf(directory, "backlog.db-wal");
        }
        long closedBytes = sizeOf(directory, "backlog.db");
        System.out.printf(Locale.ROOT,
                "one hour offline at %,d channels, 1 s cycle, %s: %,d values, %,d rows, %.1f MB on disk (%.1f MB of"
                        + " stored rows, %.1f MB with the WAL while open), %d commits/h, %.2f bytes per value;"
                        + " simulated in %.1f s%n",
                CHANNELS, fullEveryCycle ? "every value every cycle (worst case)"
                        : String.format(Locale.ROOT, "deltas (%.0f%% change per cycle), full every %d s",
                                CHANGED_PER_CYCLE * 100, FULL_EVERY_CYCLES),
                values, stats.rows(), closedBytes / 1e6, stats.bytes() / 1e6, openBytes / 1e6, stats.commits(),
                closedBytes / (double) values, (System.nanoTime() - start) / 1e9);
    }

    /** 5,000 channels of a typical site: powers (int W), voltages and frequencies (decimals), counters, states. */
    private static final class Channels {
        private final String[] address = new String[CHANNELS];
        private final PersistencePriority[] priority = new PersistencePriority[CHANNELS];
        private final int[] kind = new int[CHANNELS];
        private final double[] value = new double[CHANNELS];
        private final Random random;

        Channels(Random random) {
            this.random = random;
            String[] names = { "ActivePower", "ReactivePower", "VoltageL1", "Frequency", "ActiveProductionEnergy",
                    "State", "Soc", "CurrentL2", "Temperature", "GridMode" };
            for (int i = 0; i < CHANNELS; i++) {
                this.kind[i] = i % names.length;
                this.address[i] = "component" + (i / names.length) + "/" + names[this.kind[i]] + (i % 3 == 0 ? "" : "L" + i % 3);
                int p = random.nextInt(100);
                this.priority[i] = p < 2 ? PersistencePriority.VERY_HIGH : p < 25 ? PersistencePriority.HIGH
                        : p < 50 ? PersistencePriority.MEDIUM : p < 75 ? PersistencePriority.LOW : PersistencePriority.VERY_LOW;
                this.value[i] = random.nextInt(10_000);
            }
        }

        /** Adds one row per priority for this cycle; returns the number of values. */
        int cycle(long timestamp, boolean full, List<NewRow> rows) {
            StringBuilder[] json = new StringBuilder[5];
            int values = 0;
            for (int i = 0; i < CHANNELS; i++) {
                boolean changed = this.random.nextDouble() < CHANGED_PER_CYCLE;
                if (changed) {
                    this.value[i] += this.random.nextGaussian() * 20;
                }
                if (!changed && !full) {
                    continue;
                }
                int p = this.priority[i].rank();
                if (json[p] == null) {
                    json[p] = new StringBuilder(64 * CHANNELS / 4).append('{');
                } else {
                    json[p].append(',');
                }
                json[p].append('"').append(this.address[i]).append("\":");
                appendValue(json[p], i);
                values++;
            }
            for (int p = 4; p >= 0; p--) {
                if (json[p] != null) {
                    rows.add(new NewRow(RowKind.RAW, PersistencePriority.values()[p], timestamp,
                            json[p].append('}').toString()));
                }
            }
            return values;
        }

        private void appendValue(StringBuilder out, int i) {
            double v = this.value[i];
            switch (this.kind[i]) {
            case 0, 1, 7 -> out.append(Math.round(v)); // W, var, mA
            case 2 -> out.append(String.format(Locale.ROOT, "%.1f", 230 + (v % 100) / 10)); // V
            case 3 -> out.append(String.format(Locale.ROOT, "%.3f", 50 + (v % 100) / 1000)); // Hz
            case 4 -> out.append(1_234_567_890L + Math.round(Math.abs(v)) * 7); // Wh counter
            case 5, 9 -> out.append(Math.abs(Math.round(v)) % 4); // enum
            case 6 -> out.append(Math.abs(Math.round(v)) % 101); // %
            default -> out.append(v % 7 < 1 ? "null" : String.format(Locale.ROOT, "%.2f", 20 + (v % 300) / 10)); // °C
            }
        }
    }

    private static long sizeOf(Path directory, String name) throws IOException {
        Path file = directory.resolve(name);
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
