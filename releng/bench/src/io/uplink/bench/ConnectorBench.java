package io.uplink.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.uplink.backend.local.LocalBackend;
import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.internal.CycleSender;
import io.uplink.core.ChannelSnapshot;
import io.uplink.core.MutableClock;
import io.uplink.edge.sim.SimulatedEdge;

/**
 * The connector's figures (issue "Connector"): per-cycle CPU time of sampling + delta + encode, bytes on the
 * wire per value, and the headless product's start-to-first-message time. Run by releng/scripts/bench.sh.
 */
public final class ConnectorBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path deviceInstallation = Path.of(args[0]);
        Path laptopInstallation = Path.of(args[1]);
        System.out.printf(Locale.ROOT, "Uplink connector bench on %d cores, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        for (int channels : new int[] { 5_000, 100_000 }) {
            cycleCost(channels);
        }
        System.out.println("-- slim uplink-agent product (what runs on a device):");
        startToFirstMessage(deviceInstallation, 5);
        System.out.println("-- full uplink product's uplink-agent (technician's laptop):");
        startToFirstMessage(laptopInstallation, 3);
    }

    /** Sampling (SimulatedEdge.read) + delta + encode (CycleSender.prepare/confirmSent), CPU time of this thread. */
    private static void cycleCost(int totalChannels) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T00:00:00Z"));
        int base = new SimulatedEdge(clock, 1, 0).channels().size();
        SimulatedEdge source = new SimulatedEdge(clock, 1, totalChannels - base);
        // every channel qualifies, the worst case for a given channel count
        ConnectorConfig config = ConnectorConfig.fromProperties(Map.of("apikey", "bench", "persistencePriority", "VERY_LOW"));
        CycleSender sender = new CycleSender(config);
        int warmup = totalChannels > 10_000 ? 100 : 2_000;
        int measured = totalChannels > 10_000 ? 300 : 5_000;
        long[] deltaCpu = new long[measured];
        long deltaBytes = 0;
        long deltaValues = 0;
        for (int i = 0; i < warmup + measured; i++) {
            clock.advance(Duration.ofSeconds(1));
            long start = THREADS.getCurrentThreadCpuTime();
            ChannelSnapshot snapshot = source.read(clock.millis());
            CycleSender.PreparedData data = sender.prepare(snapshot);
            sender.confirmSent(data);
            long cpu = THREADS.getCurrentThreadCpuTime() - start;
            if (i >= warmup && !data.full()) {
                deltaCpu[i - warmup] = cpu;
                deltaBytes += data.text().getBytes(StandardCharsets.UTF_8).length;
                deltaValues += data.valueCount();
            }
        }
        long[] fullCpu = new long[Math.max(20, measured / 20)];
        long fullBytes = 0;
        long fullValues = 0;
        for (int i = 0; i < fullCpu.length; i++) {
            clock.advance(Duration.ofSeconds(1));
            sender.requestFullSend();
            long start = THREADS.getCurrentThreadCpuTime();
            ChannelSnapshot snapshot = source.read(clock.millis());
            CycleSender.PreparedData data = sender.prepare(snapshot);
            sender.confirmSent(data);
            fullCpu[i] = THREADS.getCurrentThreadCpuTime() - start;
            fullBytes += data.text().getBytes(StandardCharsets.UTF_8).length;
            fullValues += data.valueCount();
        }
        long[] deltas = Arrays.stream(deltaCpu).filter(v -> v > 0).sorted().toArray();
        Arrays.sort(fullCpu);
        System.out.printf(Locale.ROOT, "cycle cost at %,d channels: delta cycle CPU mean %.3f ms, p50 %.3f ms, p99 %.3f ms"
                + " (%d cycles, %.0f values changed per cycle); full-snapshot cycle CPU mean %.3f ms, p50 %.3f ms%n",
                totalChannels, mean(deltas), pct(deltas, 50), pct(deltas, 99), deltas.length,
                deltaValues / (double) Math.max(1, deltas.length), mean(fullCpu), pct(fullCpu, 50));
        System.out.printf(Locale.ROOT, "bytes per value at %,d channels: full %.2f B/value (%,d B per snapshot), delta %.2f B/value%n",
                totalChannels, fullBytes / (double) fullValues, fullBytes / fullCpu.length, deltaBytes / (double) Math.max(1, deltaValues));
    }

    /** The real headless product against an in-process local Backend: process start until its first message arrives. */
    private static void startToFirstMessage(Path installation, int runs) throws Exception {
        Path work = Files.createTempDirectory("uplink-bench");
        Path key = Files.writeString(work.resolve("apikey"), "bench-key");
        long[] firstMessage = new long[runs];
        long[] firstData = new long[runs];
        try (LocalBackend backend = LocalBackend.start("127.0.0.1", 0, Map.of("bench-key", "edge0"))) {
            for (int run = 0; run < runs; run++) {
                long connectsBefore = backend.edge("edge0").connectCount();
                CountDownLatch anyMessage = new CountDownLatch(1);
                CountDownLatch data = new CountDownLatch(1);
                AtomicLong firstAt = new AtomicLong();
                AtomicLong dataAt = new AtomicLong();
                java.util.function.Consumer<io.uplink.backend.local.ReceivedMessage> listener = message -> {
                    if (firstAt.compareAndSet(0, System.nanoTime())) {
                        anyMessage.countDown();
                    }
                    if (message.method().equals("timestampedData") && dataAt.compareAndSet(0, System.nanoTime())) {
                        data.countDown();
                    }
                };
                backend.addListener(listener);
                long start = System.nanoTime();
                Process agent = new ProcessBuilder(installation.resolve("uplink-agent").toString(),
                        "--data-dir=" + work.resolve("data" + run), "--apikey-file=" + key,
                        "--uri=ws://127.0.0.1:" + backend.port(), "--summary=0")
                        .redirectErrorStream(true).redirectOutput(work.resolve("agent" + run + ".log").toFile()).start();
                boolean ok = anyMessage.await(60, TimeUnit.SECONDS) && data.await(60, TimeUnit.SECONDS);
                agent.destroy();
                agent.waitFor(30, TimeUnit.SECONDS);
                backend.removeListener(listener);
                if (!ok) {
                    throw new IllegalStateException("no message from the agent within 60 s; see " + work);
                }
                firstMessage[run] = firstAt.get() - start;
                firstData[run] = dataAt.get() - start;
                System.out.printf(Locale.ROOT, "start to first message, run %d: %.0f ms (edgeConfig), %.0f ms (first timestampedData)%n",
                        run + 1, firstMessage[run] / 1e6, firstData[run] / 1e6);
                while (backend.edge("edge0").isConnected()) {
                    Thread.sleep(20);
                }
                if (backend.edge("edge0").connectCount() != connectsBefore + 1) {
                    throw new IllegalStateException("expected one connection per run");
                }
            }
        }
        Arrays.sort(firstMessage);
        Arrays.sort(firstData);
        System.out.printf(Locale.ROOT, "start to first message over %d runs: median %.0f ms, max %.0f ms (first timestampedData: median %.0f ms)%n",
                runs, firstMessage[runs / 2] / 1e6, firstMessage[runs - 1] / 1e6, firstData[runs / 2] / 1e6);
    }

    private static double mean(long[] values) {
        return Arrays.stream(values).average().orElse(0) / 1e6;
    }

    private static double pct(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
