package io.uplink.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.uplink.core.ChannelSnapshot;
import io.uplink.edge.openems.OpenEmsEdgeSource;
import io.uplink.edge.openems.OpenEmsSourceConfig;
import io.uplink.testkit.openems.FakeOpenEmsEdge;

/**
 * The OpenEMS Edge source's figure (issue "Real data sources"): per-cycle cost of reading 3,000 channels from the
 * fake Edge's websocket, every value changing every cycle. The fake Edge runs in a child JVM (a real Edge is
 * another machine; its JSON encoding must not count as the source's CPU), so every thread this JVM starts after
 * the baseline belongs to the source: its reader thread and Tyrus/Grizzly's client threads, which receive and
 * decode {@code currentData}. Per cycle: {@code read()} wall and CPU time on the calling thread (what the
 * connector's cycle pays), the CPU time of the source's threads (what receiving costs), and this process's CPU
 * time minus the bench thread's (the same plus GC and JIT). The sampling runs half a cycle after the Edge's
 * sends, so each interval holds exactly one {@code currentData}. Run by {@code releng/scripts/bench.sh --sources}.
 */
public final class SourceBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String PASSWORD = "user";
    private static final String[] COMPONENTS = { "ess0", "ess1", "meter0", "meter1", "meter2", "pvInverter0",
            "pvInverter1", "evcs0", "evcs1", "io0" };
    /** A channel whose value is the Edge's cycle number: tells how many Edge cycles a sampling interval saw. */
    private static final String CYCLE_ADDRESS = "ess0/Channel0000";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--edge")) {
            runEdge(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            return;
        }
        int channels = intProperty("bench.channels", 3_000);
        long cycleMillis = intProperty("bench.cycleMillis", 1_000);
        int warmup = intProperty("bench.warmup", 15);
        int measured = intProperty("bench.cycles", 60);
        System.out.printf(Locale.ROOT, "Uplink OpenEMS source bench on %d cores, Java %s: %,d channels in %d"
                + " components, every value changing every cycle, Edge cycle %d ms, %d warm-up + %d measured cycles%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), channels, COMPONENTS.length,
                cycleMillis, warmup, measured);
        System.out.println("load average at start: " + loadAverage());
        THREADS.setThreadCpuTimeEnabled(true);

        Process edgeProcess = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SourceBench.class.getName(), "--edge",
                Integer.toString(channels), Long.toString(cycleMillis))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader edgeOut = new BufferedReader(new InputStreamReader(edgeProcess.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = edgeOut.readLine();
            if (line == null || !line.startsWith("WEBSOCKET ")) {
                throw new IllegalStateException("the fake Edge did not start: " + line);
            }
            URI websocket = URI.create(line.substring("WEBSOCKET ".length()));
            measure(websocket, channels, cycleMillis, warmup, measured);
        } finally {
            edgeProcess.getOutputStream().close(); // the fake Edge exits when its stdin closes
            if (!edgeProcess.waitFor(10, TimeUnit.SECONDS)) {
                edgeProcess.destroyForcibly();
            }
        }
        System.out.println("load average at end: " + loadAverage());
    }

    private static void measure(URI websocket, int channels, long cycleMillis, int warmup, int measured)
            throws Exception {
        Set<Long> baseline = new HashSet<>();
        for (long id : THREADS.getAllThreadIds()) {
            baseline.add(id);
        }
        long benchThread = Thread.currentThread().threadId();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        OpenEmsSourceConfig config = OpenEmsSourceConfig.of(websocket, null, PASSWORD);
        long connectStart = System.nanoTime();
        try (OpenEmsEdgeSource source = new OpenEmsEdgeSource(config, Clock.systemUTC()).start()) {
            // connected: every channel listed and every value there
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            ChannelSnapshot snapshot = source.read(System.currentTimeMillis());
            while (snapshot.size() < channels || nonNull(snapshot) < channels) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("after 60 s: " + snapshot.size() + " channels, " + nonNull(snapshot)
                            + " values; health " + source.health());
                }
                Thread.sleep(5);
                snapshot = source.read(System.currentTimeMillis());
            }
            System.out.printf(Locale.ROOT, "connected: %,d channels with values %.0f ms after start(); health %s%n",
                    snapshot.size(), (System.nanoTime() - connectStart) / 1e6, source.health().state());
            int cycleIndex = indexOf(snapshot, CYCLE_ADDRESS);

            // phase: sample half a cycle after a currentData arrived
            long seen = cycleOf(snapshot, cycleIndex);
            while (cycleOf(source.read(System.currentTimeMillis()), cycleIndex) == seen) {
                Thread.sleep(1);
            }
            Thread.sleep(cycleMillis / 2);

            int total = warmup + measured;
            long[] readWall = new long[measured];
            long[] readCpu = new long[measured];
            long[] sourceCpu = new long[measured];
            long[] processCpu = new long[measured];
            int[] edgeCycles = new int[measured];
            int[] changed = new int[measured];
            Map<Long, Long> threadCpu = new HashMap<>();
            Map<Long, String> sourceThreads = new TreeMap<>();
            long lastSourceCpu = sourceThreadCpu(baseline, benchThread, threadCpu, sourceThreads);
            long lastProcessCpu = os.getProcessCpuTime();
            long lastBenchCpu = THREADS.getCurrentThreadCpuTime();
            ChannelSnapshot previous = source.read(System.currentTimeMillis());
            long next = System.nanoTime();
            for (int i = 0; i < total; i++) {
                next += TimeUnit.MILLISECONDS.toNanos(cycleMillis);
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                ChannelSnapshot read = source.read(System.currentTimeMillis());
                long wall = System.nanoTime() - wall0;
                long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
                long sourceNow = sourceThreadCpu(baseline, benchThread, threadCpu, sourceThreads);
                long processNow = os.getProcessCpuTime();
                long benchNow = THREADS.getCurrentThreadCpuTime();
                if (i >= warmup) {
                    int m = i - warmup;
                    readWall[m] = wall;
                    readCpu[m] = cpu;
                    sourceCpu[m] = sourceNow - lastSourceCpu;
                    processCpu[m] = (processNow - lastProcessCpu) - (benchNow - lastBenchCpu);
                    edgeCycles[m] = (int) (cycleOf(read, cycleIndex) - cycleOf(previous, cycleIndex));
                    changed[m] = changedValues(previous, read);
                }
                lastSourceCpu = sourceNow;
                lastProcessCpu = processNow;
                lastBenchCpu = benchNow;
                previous = read;
            }
            System.out.println("source threads (started by the source in this JVM): " + sourceThreads.values());
            int[] sortedCycles = edgeCycles.clone();
            Arrays.sort(sortedCycles);
            long exactlyOne = Arrays.stream(edgeCycles).filter(n -> n == 1).count();
            System.out.printf(Locale.ROOT, "Edge cycles per sampling interval: min %d, max %d (%d of %d intervals"
                    + " exactly 1); values changed per read: min %,d, max %,d of %,d%n", sortedCycles[0],
                    sortedCycles[measured - 1], exactlyOne, measured, Arrays.stream(changed).min().orElse(0),
                    Arrays.stream(changed).max().orElse(0), channels);
            System.out.printf(Locale.ROOT, "per cycle (%d cycles)                       median      p95      max%n",
                    measured);
            print("read() wall time, ms", readWall);
            print("read() CPU time (calling thread), ms", readCpu);
            print("source threads' CPU time (receive), ms", sourceCpu);
            print("process CPU minus bench thread, ms", processCpu);
            long receivedCycles = Arrays.stream(edgeCycles).sum();
            System.out.printf(Locale.ROOT, "mean per Edge cycle received (%d): source threads %.3f ms, process minus"
                    + " bench thread %.3f ms%n", receivedCycles,
                    Arrays.stream(sourceCpu).sum() / 1e6 / Math.max(1, receivedCycles),
                    Arrays.stream(processCpu).sum() / 1e6 / Math.max(1, receivedCycles));
            System.out.printf(Locale.ROOT, "source health at end: %s%n", source.health());
        }
    }

    /** Sum of the CPU time of every thread not in the baseline and not the bench thread; dead threads keep theirs. */
    private static long sourceThreadCpu(Set<Long> baseline, long benchThread, Map<Long, Long> lastKnown,
            Map<Long, String> names) {
        for (long id : THREADS.getAllThreadIds()) {
            if (baseline.contains(id) || id == benchThread) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0) {
                lastKnown.put(id, cpu);
                names.computeIfAbsent(id, k -> {
                    var info = THREADS.getThreadInfo(k);
                    return info == null ? "#" + k : info.getThreadName();
                });
            }
        }
        return lastKnown.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "  %-42s %8.3f %8.3f %8.3f%n", what, pct(sorted, 50), pct(sorted, 95),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, int percentile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static int nonNull(ChannelSnapshot snapshot) {
        int n = 0;
        for (int i = 0; i < snapshot.size(); i++) {
            if (snapshot.value(i) != null) {
                n++;
            }
        }
        return n;
    }

    private static int changedValues(ChannelSnapshot before, ChannelSnapshot after) {
        int n = 0;
        for (int i = 0; i < after.size(); i++) {
            if (!Objects.equals(before.value(i), after.value(i))) {
                n++;
            }
        }
        return n;
    }

    private static int indexOf(ChannelSnapshot snapshot, String address) {
        for (int i = 0; i < snapshot.size(); i++) {
            if (snapshot.channel(i).address().toString().equals(address)) {
                return i;
            }
        }
        throw new IllegalStateException("no channel " + address);
    }

    private static long cycleOf(ChannelSnapshot snapshot, int index) {
        return snapshot.value(index) instanceof Number n ? n.longValue() : -1;
    }

    private static int intProperty(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, Integer.toString(fallback)));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    // ---- the fake Edge (child JVM) --------------------------------------------------------------------------

    /** Types in the mix of a real Edge: mostly integers, some longs (energy), floats and booleans. */
    private static String typeOf(int channel) {
        return switch (channel % 10) {
            case 6 -> "LONG";
            case 7, 8 -> "FLOAT";
            case 9 -> "BOOLEAN";
            default -> "INTEGER";
        };
    }

    private static Object valueOf(String type, long cycle, int channel) {
        return switch (type) {
            case "LONG" -> 1_000_000_000L + cycle * 7 + channel;
            case "FLOAT" -> (cycle * 13 + channel) % 10_000 / 10.0;
            case "BOOLEAN" -> (cycle + channel) % 2 == 0;
            default -> (int) ((cycle * 31 + channel) % 100_000) - 50_000;
        };
    }

    /**
     * Starts a fake Edge with {@code channels} channels over the components, changes every value before each
     * cycle (the first channel carries the cycle number), prints {@code WEBSOCKET <uri>} and runs until stdin closes.
     */
    private static void runEdge(int channels, long cycleMillis) throws Exception {
        FakeOpenEmsEdge edge = new FakeOpenEmsEdge(PASSWORD);
        String[] priorities = { "HIGH", "LOW", "VERY_LOW", "LOW" };
        List<String> addresses = new ArrayList<>();
        List<String> types = new ArrayList<>();
        int perComponent = (channels + COMPONENTS.length - 1) / COMPONENTS.length;
        for (int c = 0; c < COMPONENTS.length; c++) {
            List<FakeOpenEmsEdge.Channel> list = new ArrayList<>();
            for (int k = 0; k < perComponent && addresses.size() < channels; k++) {
                String id = String.format(Locale.ROOT, "Channel%04d", k);
                String type = c == 0 && k == 0 ? "LONG" : typeOf(k);
                list.add(FakeOpenEmsEdge.Channel.of(id, type, type.equals("BOOLEAN") ? "" : "W",
                        priorities[k % priorities.length]));
                addresses.add(COMPONENTS[c] + "/" + id);
                types.add(type);
            }
            edge.addComponent(COMPONENTS[c], "Bench.Component" + c, list);
        }
        AtomicLong cycle = new AtomicLong();
        Runnable change = () -> {
            long n = cycle.incrementAndGet();
            edge.setValue(addresses.get(0), n);
            for (int i = 1; i < addresses.size(); i++) {
                edge.setValue(addresses.get(i), valueOf(types.get(i), n, i));
            }
        };
        change.run();
        edge.beforeEachCycle(change).startWebsocket(Duration.ofMillis(cycleMillis));
        System.out.println("WEBSOCKET " + edge.websocketUri());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the bench closes stdin
        }
        edge.close();
        System.exit(0);
    }
}
