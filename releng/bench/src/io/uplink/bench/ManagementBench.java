package io.uplink.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import io.uplink.backend.local.LocalBackend;
import io.uplink.connector.ChannelRow;
import io.uplink.management.ManagementException;
import io.uplink.management.RemoteAgent;

/**
 * The management endpoint's cost on the device (issue "Remote management"): the CPU time the agent process spends
 * on one attached workbench, and the bytes per second of the management stream, with 10,000 simulated channels.
 * The slim device product's {@code uplink-agent} runs as a real child process, connected to a local Backend in
 * this JVM, with {@code --management} on. The watcher is the workbench's own client, {@link RemoteAgent}, so the
 * bench measures whichever protocol the product holds; it reaches the endpoint through a counting TCP relay in
 * this JVM (loopback), which counts the bytes each way.
 * <p>
 * After a warm-up (a watcher reading the table, so the endpoint's code is compiled before anything is measured),
 * {@code bench.rounds} rounds (default 4) of three phases of equal length run, the order alternating by round (A B C,
 * then C B A, …) so that a steady drift of the agent's own CPU (heap growth, GC, JIT) cancels in the mean over an even
 * number of rounds instead of showing up as B−A and C−A:
 * <ul>
 * <li>A: no watcher;</li>
 * <li>B: one watcher attached and subscribed (status and event notifications only);</li>
 * <li>C: one watcher attached, subscribed and reading the channel table the way the Transmission view does:
 * {@code snapshot()} and {@code channelTable()} on one thread, a fixed delay of {@code bench.tableMillis} between
 * reads (its StatusPoller's 1,000 ms; RemoteAgent refetches a table older than 700 ms, so every read fetches).</li>
 * </ul>
 * Each phase attaches (or detaches) first and waits {@code bench.settleSeconds} before its measured window. Agent
 * CPU is utime + stime from /proc of the agent's process and its descendants; per thread (by name) from
 * /proc/PID/task, which shows where the agent spends it.
 * <p>
 * The report gives each round's differences B−A and C−A against the A of the same round, and for A, B, C and both
 * differences the mean, min–max and (3 rounds or more) standard deviation across the rounds. The noise floor is the
 * spread of A and of the per-round differences; a difference whose |mean| is within 2 standard errors (sd / √rounds)
 * is reported as not distinguishable from zero on this machine. Run by {@code releng/scripts/bench.sh --management};
 * options are {@code -Dbench.*} system properties in BENCH_JAVA_OPTS: channels, warmupSeconds, phaseSeconds,
 * settleSeconds, rounds, tableMillis.
 */
public final class ManagementBench {
    private static final String APIKEY = "bench-management-key";
    private static final String EDGE = "edge0";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static long clockTicks = 100;

    /** A fatal problem of the set-up: the bench stops with this message and exit code 1. */
    private static final class BenchFailure extends Exception {
        private static final long serialVersionUID = 1L;

        BenchFailure(String message) {
            super(message);
        }
    }

    private enum Kind {
        A("no watcher"), B("watcher subscribed"), C("watcher + channel table");

        final String what;

        Kind(String what) {
            this.what = what;
        }
    }

    /** A B C in odd rounds, C B A in even ones: a linear drift then weighs on every kind alike over two rounds. */
    private static List<Kind> order(int round) {
        List<Kind> order = Arrays.asList(Kind.values());
        return round % 2 == 1 ? order : order.reversed();
    }

    /** What one measured window saw. */
    private record Phase(Kind kind, int round, double seconds, long agentTicks, Map<String, Long> threadTicks,
            long toWatcher, long toAgent, long benchCpuNanos, long relayCpuNanos, int statusNotifications,
            int tableReads, int tableFetches, long[] fetchNanos, int minRows, int maxRows, String load) {
        double agentMsPerSecond() {
            return agentTicks * 1000.0 / clockTicks / seconds;
        }

        double benchMsPerSecond() {
            return benchCpuNanos / 1e6 / seconds;
        }

        double relayMsPerSecond() {
            return relayCpuNanos / 1e6 / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ManagementBench DEVICE-INSTALLATION WORK-DIRECTORY");
            System.exit(2);
        }
        Path installation = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int channels = intProperty("bench.channels", 10_000);
        int warmupSeconds = intProperty("bench.warmupSeconds", 30);
        int phaseSeconds = intProperty("bench.phaseSeconds", 60);
        int settleSeconds = intProperty("bench.settleSeconds", 5);
        int rounds = intProperty("bench.rounds", 4);
        int tableMillis = intProperty("bench.tableMillis", 1_000);
        if (rounds < 1) {
            System.err.println("bench.rounds must be at least 1");
            System.exit(2);
        }
        clockTicks = clockTicks();
        System.out.printf(Locale.ROOT, "Uplink management endpoint bench on %d cores, Java %s: agent with %,d"
                + " simulated channels, warm-up %d s, phases of %d s (after %d s settling), %d rounds (A B C, C B A,"
                + " ...), table read every %d ms (fixed delay); CLK_TCK %d%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), channels, warmupSeconds, phaseSeconds,
                settleSeconds, rounds, tableMillis, clockTicks);
        System.out.println("load average at start: " + loadAverage());
        Bench bench = new Bench(installation, work, channels);
        try {
            bench.start();
            List<Phase> phases = bench.run(warmupSeconds, phaseSeconds, settleSeconds, rounds, tableMillis);
            report(phases, channels);
        } catch (BenchFailure e) {
            System.out.println("ManagementBench FAILED: " + e.getMessage());
            System.out.println("work files (agent log, data directory): " + work);
            bench.close();
            System.exit(1);
        } finally {
            bench.close();
        }
        System.out.println("load average at end: " + loadAverage());
        System.out.println("work files (agent log, data directory): " + work);
    }

    /** The Backend, the agent process, the relay, and the phases. */
    private static final class Bench implements AutoCloseable {
        private final Path installation;
        private final Path work;
        private final int channels;
        private LocalBackend backend;
        private Process agent;
        private Relay relay;
        private String token;
        private Path agentLog;
        private boolean closed;

        Bench(Path installation, Path work, int channels) {
            this.installation = installation;
            this.work = work;
            this.channels = channels;
        }

        void start() throws Exception {
            if (!Files.isExecutable(installation.resolve("uplink-agent"))) {
                throw new BenchFailure("no uplink-agent in " + installation + " (build the slim product first)");
            }
            deleteTree(work);
            Files.createDirectories(work);
            Path keyFile = Files.writeString(work.resolve("apikey"), APIKEY + "\n");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path tokenFile = work.resolve("management-token");
            Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tokenFile, token + "\n");

            backend = LocalBackend.start("127.0.0.1", 0, Map.of(APIKEY, EDGE));
            backend.setMessageCap(100); // the bench reads none of them; keep this JVM's heap flat
            int managementPort = freePort();
            agentLog = work.resolve("agent.log");
            List<String> command = List.of(installation.resolve("uplink-agent").toString(),
                    "--data-dir=" + work.resolve("data"), "--apikey-file=" + keyFile,
                    "--uri=ws://127.0.0.1:" + backend.port(), "--sim-channels=" + channels, "--summary=0",
                    "--management=127.0.0.1:" + managementPort, "--management-token-file=" + tokenFile);
            Files.writeString(work.resolve("agent-command.txt"), String.join(" ", command) + "\n");
            long started = System.nanoTime();
            agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(this::killAgent, "ManagementBench agent killer"));

            String ready = "Management endpoint on ws://127.0.0.1:" + managementPort;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(agentLog) && Files.readString(agentLog).contains(ready))) {
                if (!agent.isAlive()) {
                    throw new BenchFailure("the agent process exited with " + agent.exitValue()
                            + " before its management endpoint was up; its output:\n" + tail(agentLog));
                }
                if (System.nanoTime() > deadline) {
                    throw new BenchFailure("no '" + ready + "' in the agent's output within 120 s; it printed:\n"
                            + tail(agentLog));
                }
                Thread.sleep(100);
            }
            try {
                backend.awaitConnected(EDGE, Duration.ofSeconds(120));
            } catch (AssertionError e) {
                throw new BenchFailure("the agent did not connect to the local Backend: " + e.getMessage()
                        + "\nagent output:\n" + tail(agentLog));
            }
            System.out.printf(Locale.ROOT, "agent up: endpoint answering and connected to the Backend %.1f s after"
                    + " start; %s%n", (System.nanoTime() - started) / 1e9, describeProcesses());
            relay = new Relay(managementPort);
        }

        /** The measured processes: the launcher execs java, so this is normally one java process. */
        private String describeProcesses() {
            StringBuilder text = new StringBuilder("measured processes:");
            for (ProcessHandle process : agentProcesses()) {
                text.append(' ').append(process.pid()).append(" (").append(comm(process.pid())).append(')');
            }
            return text.toString();
        }

        List<Phase> run(int warmupSeconds, int phaseSeconds, int settleSeconds, int rounds, int tableMillis)
                throws Exception {
            // warm-up: the endpoint's code paths (attach, subscribe, table pages) compiled before any phase
            try (Watcher warm = Watcher.attach(relay.port(), token, tableMillis, true)) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));
                warm.checkAttached();
                int rows = warm.lastRows.get();
                System.out.printf(Locale.ROOT, "warm-up (%d s, watcher reading the table): %d table fetches,"
                        + " %,d rows in the table%n", warmupSeconds, warm.fetches.get(), rows);
                if (rows < channels) {
                    throw new BenchFailure("the watcher's channel table has " + rows + " rows, expected at least "
                            + channels + " (--sim-channels=" + channels + ")");
                }
            }
            List<Phase> phases = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (Kind kind : order(round)) {
                    Phase phase = phase(kind, round, phaseSeconds, settleSeconds, tableMillis);
                    phases.add(phase);
                    System.out.printf(Locale.ROOT, "  measured %s round %d: agent %.1f ms CPU/s, %,.0f B/s to the"
                            + " watcher; load %s%n", kind, round, phase.agentMsPerSecond(),
                            phase.toWatcher() / phase.seconds(), phase.load());
                }
            }
            return phases;
        }

        private Phase phase(Kind kind, int round, int phaseSeconds, int settleSeconds, int tableMillis)
                throws Exception {
            if (!agent.isAlive()) {
                throw new BenchFailure("the agent process exited with " + agent.exitValue() + "; its output:\n"
                        + tail(agentLog));
            }
            Watcher watcher = kind == Kind.A ? null : Watcher.attach(relay.port(), token, tableMillis, kind == Kind.C);
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(settleSeconds));
                if (kind == Kind.A && relay.open.get() != 0) {
                    throw new BenchFailure(relay.open.get() + " management connection(s) still open in phase A");
                }
                long wall0 = System.nanoTime();
                long ticks0 = agentTicks();
                Map<Long, ThreadTicks> threads0 = agentThreads();
                long toWatcher0 = relay.toWatcher.get();
                long toAgent0 = relay.toAgent.get();
                long bench0 = OS.getProcessCpuTime();
                long relay0 = relay.cpuNanos();
                if (watcher != null) {
                    watcher.resetCounts();
                }
                Thread.sleep(TimeUnit.SECONDS.toMillis(phaseSeconds));
                long ticks1 = agentTicks();
                Map<Long, ThreadTicks> threads1 = agentThreads();
                long toWatcher1 = relay.toWatcher.get();
                long toAgent1 = relay.toAgent.get();
                long bench1 = OS.getProcessCpuTime();
                long relay1 = relay.cpuNanos();
                double seconds = (System.nanoTime() - wall0) / 1e9;
                int notifications = 0;
                int reads = 0;
                int fetches = 0;
                long[] fetchNanos = new long[0];
                int minRows = 0;
                int maxRows = 0;
                if (watcher != null) {
                    watcher.checkAttached();
                    notifications = watcher.statusNotifications.get();
                    reads = watcher.reads.get();
                    fetches = watcher.fetches.get();
                    fetchNanos = watcher.fetchNanos();
                    minRows = watcher.minRows.get() == Integer.MAX_VALUE ? 0 : watcher.minRows.get();
                    maxRows = watcher.maxRows.get();
                    if (kind == Kind.C && (fetches == 0 || minRows < channels)) {
                        throw new BenchFailure("phase C round " + round + ": " + fetches + " table fetches, smallest"
                                + " table " + minRows + " rows, expected at least " + channels);
                    }
                }
                return new Phase(kind, round, seconds, ticks1 - ticks0, threadDelta(threads0, threads1),
                        toWatcher1 - toWatcher0, toAgent1 - toAgent0, bench1 - bench0, relay1 - relay0,
                        notifications, reads, fetches, fetchNanos, minRows, maxRows, loadAverage());
            } finally {
                if (watcher != null) {
                    watcher.close();
                }
            }
        }

        private List<ProcessHandle> agentProcesses() {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(agent.toHandle());
            agent.descendants().forEach(all::add);
            return all;
        }

        /** utime + stime of the agent process and its descendants, in clock ticks. */
        private long agentTicks() throws BenchFailure {
            long sum = 0;
            for (ProcessHandle process : agentProcesses()) {
                long[] ticks = cpuTicks(Path.of("/proc", Long.toString(process.pid()), "stat"));
                if (ticks == null && process.pid() == agent.pid()) {
                    throw new BenchFailure("the agent process " + agent.pid() + " is gone; its output:\n" + tail(agentLog));
                }
                sum += ticks == null ? 0 : ticks[0] + ticks[1];
            }
            return sum;
        }

        /** Every thread of the agent's processes: name and utime + stime. */
        private Map<Long, ThreadTicks> agentThreads() {
            Map<Long, ThreadTicks> threads = new HashMap<>();
            for (ProcessHandle process : agentProcesses()) {
                try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
                    for (Path task : tasks.toList()) {
                        String stat = readQuietly(task.resolve("stat"));
                        long[] ticks = stat == null ? null : parseTicks(stat);
                        if (ticks != null) {
                            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                            threads.put(Long.parseLong(task.getFileName().toString()),
                                    new ThreadTicks(group(name), ticks[0] + ticks[1]));
                        }
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
            return threads;
        }

        private void killAgent() {
            Process process = agent;
            if (process == null || !process.isAlive()) {
                return;
            }
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            killAgent();
            if (relay != null) {
                relay.close();
            }
            if (backend != null) {
                backend.close();
            }
        }
    }

    /** A workbench watching the device: {@link RemoteAgent}, and optionally the Transmission view's table reads. */
    private static final class Watcher implements AutoCloseable {
        final RemoteAgent agent;
        final AtomicInteger statusNotifications = new AtomicInteger();
        final AtomicInteger linkChanges = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger fetches = new AtomicInteger();
        final AtomicInteger lastRows = new AtomicInteger();
        final AtomicInteger minRows = new AtomicInteger(Integer.MAX_VALUE);
        final AtomicInteger maxRows = new AtomicInteger();
        private final List<Long> fetchNanos = new ArrayList<>();
        private final ScheduledExecutorService poller;
        private List<ChannelRow> previous;

        private Watcher(RemoteAgent agent, int tableMillis, boolean readTable) {
            this.agent = agent;
            agent.addListener(statusNotifications::incrementAndGet);
            agent.addLinkListener(linkChanges::incrementAndGet);
            if (readTable) {
                poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "bench-transmission-view");
                    thread.setDaemon(true);
                    return thread;
                });
                poller.scheduleWithFixedDelay(this::readTable, 0, tableMillis, TimeUnit.MILLISECONDS);
            } else {
                poller = null;
            }
        }

        static Watcher attach(int port, String token, int tableMillis, boolean readTable) throws BenchFailure {
            try {
                return new Watcher(RemoteAgent.attach(new RemoteAgent.Target("127.0.0.1", port, false), token, null),
                        tableMillis, readTable);
            } catch (ManagementException e) {
                throw new BenchFailure("the watcher (RemoteAgent) could not attach through the relay: "
                        + e.reason() + ": " + e.getMessage());
            }
        }

        /** What the Transmission view's poller does each period: status (kept locally) and the table. */
        private void readTable() {
            agent.snapshot();
            long start = System.nanoTime();
            List<ChannelRow> rows = agent.channelTable();
            long nanos = System.nanoTime() - start;
            reads.incrementAndGet();
            // a read answered from RemoteAgent's cache returns the same list; a fetched table is a new one
            if (rows != previous) {
                fetches.incrementAndGet();
                synchronized (fetchNanos) {
                    fetchNanos.add(nanos);
                }
            }
            previous = rows;
            lastRows.set(rows.size());
            minRows.accumulateAndGet(rows.size(), Math::min);
            maxRows.accumulateAndGet(rows.size(), Math::max);
        }

        void resetCounts() {
            statusNotifications.set(0);
            reads.set(0);
            fetches.set(0);
            minRows.set(Integer.MAX_VALUE);
            maxRows.set(0);
            synchronized (fetchNanos) {
                fetchNanos.clear();
            }
        }

        long[] fetchNanos() {
            synchronized (fetchNanos) {
                return fetchNanos.stream().mapToLong(Long::longValue).toArray();
            }
        }

        void checkAttached() throws BenchFailure {
            if (agent.link() != RemoteAgent.Link.ATTACHED || linkChanges.get() != 0) {
                throw new BenchFailure("the watcher lost the device (" + linkChanges.get() + " link changes, now "
                        + agent.link() + "): " + agent.linkProblem());
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (poller != null) {
                poller.shutdownNow();
                poller.awaitTermination(30, TimeUnit.SECONDS);
            }
            agent.close();
        }
    }

    /** A loopback TCP relay in front of the management endpoint that counts the bytes each way. */
    private static final class Relay implements AutoCloseable {
        final AtomicLong toWatcher = new AtomicLong();
        final AtomicLong toAgent = new AtomicLong();
        final AtomicInteger open = new AtomicInteger();
        private final int targetPort;
        private final ServerSocket server;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        /** Pump thread id → its CPU time when last seen (a finished pump keeps its last figure). */
        private final Map<Long, Long> pumpCpu = new ConcurrentHashMap<>();
        private final Set<Long> pumps = ConcurrentHashMap.newKeySet();

        Relay(int targetPort) throws IOException {
            this.targetPort = targetPort;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "bench-relay-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket watcher = server.accept();
                    Socket endpoint = new Socket();
                    endpoint.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                    watcher.setTcpNoDelay(true);
                    endpoint.setTcpNoDelay(true);
                    sockets.add(watcher);
                    sockets.add(endpoint);
                    AtomicInteger pumpsLeft = new AtomicInteger(2);
                    open.incrementAndGet();
                    pump(watcher, endpoint, toAgent, pumpsLeft, "bench-relay-to-agent");
                    pump(endpoint, watcher, toWatcher, pumpsLeft, "bench-relay-to-watcher");
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        System.err.println("relay: " + e);
                    }
                }
            }
        }

        private void pump(Socket from, Socket to, AtomicLong counter, AtomicInteger pumpsLeft, String name) {
            Thread thread = new Thread(() -> {
                long id = Thread.currentThread().threadId();
                pumps.add(id);
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = from.getInputStream()) {
                    OutputStream out = to.getOutputStream();
                    for (int n; (n = in.read(buffer)) >= 0;) {
                        out.write(buffer, 0, n);
                        counter.addAndGet(n);
                    }
                    to.shutdownOutput();
                } catch (IOException e) {
                    // one side closed: close both
                } finally {
                    pumpCpu.put(id, THREADS.getCurrentThreadCpuTime());
                    pumps.remove(id);
                    if (pumpsLeft.decrementAndGet() == 0) {
                        open.decrementAndGet();
                    }
                    closeQuietly(from);
                    closeQuietly(to);
                    sockets.remove(from);
                    sockets.remove(to);
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** CPU time of the relay's pump threads so far (running ones now, finished ones at their end). */
        long cpuNanos() {
            for (long id : pumps) {
                long cpu = THREADS.getThreadCpuTime(id);
                if (cpu >= 0) {
                    pumpCpu.merge(id, cpu, Math::max);
                }
            }
            return pumpCpu.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public void close() {
            closeQuietly(server);
            sockets.forEach(ManagementBench::closeQuietly);
        }
    }

    private record ThreadTicks(String group, long ticks) {
    }

    /** CPU ticks per thread group over a window; threads that ended within it are left out (the process total has them). */
    private static Map<String, Long> threadDelta(Map<Long, ThreadTicks> before, Map<Long, ThreadTicks> after) {
        Map<String, Long> groups = new HashMap<>();
        after.forEach((tid, now) -> {
            ThreadTicks then = before.get(tid);
            long delta = now.ticks() - (then == null ? 0 : then.ticks());
            groups.merge(now.group(), delta, Long::sum);
        });
        return groups;
    }

    /** Thread names with their numbers folded: "GC Thread#3" → "GC Thread#n". */
    private static String group(String name) {
        return name.replaceAll("[0-9]+", "n");
    }

    // ---- report

    private static void report(List<Phase> phases, int channels) {
        printPhases(phases);
        List<Map<Kind, Phase>> rounds = byRound(phases);
        double[] subscribedCost = perRound(rounds, Kind.B);
        double[] readingCost = perRound(rounds, Kind.C);
        printRounds(rounds, subscribedCost, readingCost);
        printMeans(phases);
        printSummary(phases, rounds, Spread.of(subscribedCost), Spread.of(readingCost), channels);
        printThreads(phases);
    }

    /** Every phase as measured, in the order run. */
    private static void printPhases(List<Phase> phases) {
        System.out.println();
        String header = "%-34s %7s %6s %9s %8s %7s %12s %8s %7s %9s %6s  %s%n";
        System.out.printf(Locale.ROOT, header, "phase (round)", "agent", "agent", "B/s to", "B/s to", "status",
                "table reads/", "fetch ms", "rows", "bench JVM", "relay", "load");
        System.out.printf(Locale.ROOT, header, "", "ms/s", "%core", "watcher", "agent", "notes/s", "fetches",
                "median", "", "CPU ms/s", "ms/s", "1 min");
        for (Phase p : phases) {
            System.out.printf(Locale.ROOT, "%-34s %7.1f %5.1f%% %9.0f %8.0f %7.2f %12s %8s %7s %9.1f %6.1f  %s%n",
                    p.kind() + " " + p.kind().what + " (" + p.round() + ")", p.agentMsPerSecond(),
                    p.agentMsPerSecond() / 10, p.toWatcher() / p.seconds(), p.toAgent() / p.seconds(),
                    p.statusNotifications() / p.seconds(), p.tableReads() + "/" + p.tableFetches(),
                    p.fetchNanos().length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", median(p.fetchNanos()) / 1e6),
                    p.maxRows() == 0 ? "-" : String.format(Locale.ROOT, "%,d", p.minRows()),
                    p.benchMsPerSecond(), p.relayMsPerSecond(), p.load().split(" ")[0]);
        }
    }

    /** The phases of each round by kind, rounds in order (every round that ran has all three). */
    private static List<Map<Kind, Phase>> byRound(List<Phase> phases) {
        Map<Integer, Map<Kind, Phase>> rounds = new TreeMap<>();
        for (Phase p : phases) {
            rounds.computeIfAbsent(p.round(), r -> new EnumMap<>(Kind.class)).put(p.kind(), p);
        }
        return new ArrayList<>(rounds.values());
    }

    /** Agent ms CPU/s of {@code kind} minus that of the same round's A: the drift between rounds drops out. */
    private static double[] perRound(List<Map<Kind, Phase>> rounds, Kind kind) {
        return rounds.stream()
                .mapToDouble(r -> r.get(kind).agentMsPerSecond() - r.get(Kind.A).agentMsPerSecond())
                .toArray();
    }

    private static Spread agentCpu(List<Map<Kind, Phase>> rounds, Kind kind) {
        return Spread.of(rounds.stream().mapToDouble(r -> r.get(kind).agentMsPerSecond()).toArray());
    }

    private static void printRounds(List<Map<Kind, Phase>> rounds, double[] subscribedCost, double[] readingCost) {
        System.out.println();
        System.out.println("per round: agent ms CPU/s; the differences against the A of the same round");
        System.out.printf(Locale.ROOT, "  %5s  %-7s %7s %7s %7s %8s %8s%n", "round", "order", "A", "B", "C", "B-A",
                "C-A");
        for (int i = 0; i < rounds.size(); i++) {
            Map<Kind, Phase> round = rounds.get(i);
            System.out.printf(Locale.ROOT, "  %5d  %-7s %7.1f %7.1f %7.1f %+8.1f %+8.1f%n", i + 1,
                    String.join(" ", order(i + 1).stream().map(Kind::name).toList()),
                    round.get(Kind.A).agentMsPerSecond(), round.get(Kind.B).agentMsPerSecond(),
                    round.get(Kind.C).agentMsPerSecond(), subscribedCost[i], readingCost[i]);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "across the %d rounds: agent ms CPU/s, mean, min..max, standard deviation%s%n",
                rounds.size(), rounds.size() % 2 == 1 ? " (an odd number of rounds: a drift cancels only partly)" : "");
        for (Kind kind : Kind.values()) {
            printSpread(kind + " " + kind.what, agentCpu(rounds, kind), false);
        }
        printSpread("B-A per round", Spread.of(subscribedCost), true);
        printSpread("C-A per round", Spread.of(readingCost), true);
    }

    private static void printSpread(String label, Spread spread, boolean signed) {
        System.out.printf(Locale.ROOT, "  %-28s mean %7s   min..max %15s   sd %s%n", label,
                String.format(Locale.ROOT, signed ? "%+.1f" : "%.1f", spread.mean()), spread.minMax(signed),
                spread.sdText());
    }

    /** Mean per kind of the agent's CPU, the management stream, and the table fetches. */
    private static void printMeans(List<Phase> phases) {
        System.out.println();
        System.out.println("mean over the rounds:");
        for (Kind kind : Kind.values()) {
            List<Phase> of = ofKind(phases, kind);
            double agentMs = mean(of, Phase::agentMsPerSecond);
            long[] fetches = of.stream().flatMapToLong(p -> Arrays.stream(p.fetchNanos())).toArray();
            int fetchCount = of.stream().mapToInt(Phase::tableFetches).sum();
            double phaseSeconds = of.stream().mapToDouble(Phase::seconds).sum();
            System.out.printf(Locale.ROOT, "  %s %-24s agent %6.1f ms CPU/s (%4.1f%% of a core); management stream"
                    + " %,9.0f B/s to the watcher, %,7.0f B/s to the agent%s%n", kind, kind.what, agentMs, agentMs / 10,
                    mean(of, p -> p.toWatcher() / p.seconds()), mean(of, p -> p.toAgent() / p.seconds()),
                    fetches.length == 0 ? "" : String.format(Locale.ROOT,
                            "; %.2f table fetches/s, one channelTable() refresh median %.1f ms (p90 %.1f ms,"
                                    + " %d refreshes), %,d rows", fetchCount / phaseSeconds, median(fetches) / 1e6,
                            percentile(fetches, 90) / 1e6, fetches.length,
                            of.stream().mapToInt(Phase::minRows).min().orElse(0)));
        }
    }

    /** The watcher's cost from the per-round differences, against the noise floor of this machine. */
    private static void printSummary(List<Phase> phases, List<Map<Kind, Phase>> rounds, Spread subscribedCost,
            Spread readingCost, int channels) {
        double fetchesPerSecond = mean(ofKind(phases, Kind.C), p -> p.tableFetches() / p.seconds());
        double perFetch = (readingCost.mean() - subscribedCost.mean()) / fetchesPerSecond;
        System.out.println();
        System.out.printf(Locale.ROOT, "agent CPU of one watcher (mean of the %d per-round differences%s):%n",
                rounds.size(), subscribedCost.hasSd() ? String.format(Locale.ROOT, " +- one standard error,"
                        + " sd/sqrt(%d)", rounds.size()) : "");
        System.out.printf(Locale.ROOT, "  subscribed only (B-A): %s%n", cost(subscribedCost));
        System.out.printf(Locale.ROOT, "  reading the %,d-channel table (C-A): %s%s%n", channels, cost(readingCost),
                fetchesPerSecond > 0 ? String.format(Locale.ROOT, "; %.1f ms CPU per table fetch ((C-B)/%.2f"
                        + " fetches/s)", perFetch, fetchesPerSecond) : "");
        Spread idle = agentCpu(rounds, Kind.A);
        System.out.printf(Locale.ROOT, "noise floor: A (no watcher) across the rounds %s ms/s (%.1f apart)%s;"
                + " per-round differences B-A %s, C-A %s%n", idle.minMax(false), idle.max() - idle.min(),
                idle.hasSd() ? String.format(Locale.ROOT, ", sd %.1f", idle.sd()) : "",
                subscribedCost.minMax(true) + (subscribedCost.hasSd() ? " (sd " + subscribedCost.sdText() + ")" : ""),
                readingCost.minMax(true) + (readingCost.hasSd() ? " (sd " + readingCost.sdText() + ")" : ""));
        System.out.printf(Locale.ROOT, "bench JVM CPU (local Backend + relay + watcher): B-A %+.1f ms/s, C-A %+.1f"
                + " ms/s; of which the relay's threads B %.1f ms/s, C %.1f ms/s%n",
                meanDifference(phases, Kind.B, Phase::benchMsPerSecond),
                meanDifference(phases, Kind.C, Phase::benchMsPerSecond),
                mean(ofKind(phases, Kind.B), Phase::relayMsPerSecond),
                mean(ofKind(phases, Kind.C), Phase::relayMsPerSecond));
    }

    /** One difference and whether it stands out of the noise: |mean| against 2 standard errors. */
    private static String cost(Spread difference) {
        String figure = String.format(Locale.ROOT, "%+.1f ms/s%s (%+.2f%% of a core)", difference.mean(),
                difference.hasSd() ? String.format(Locale.ROOT, " +- %.1f", difference.standardError()) : "",
                difference.mean() / 10);
        if (!difference.hasSd()) {
            return figure + ", per round " + difference.minMax(true) + "; fewer than 3 rounds, no standard deviation:"
                    + " no verdict on the noise (run 4 or more rounds)";
        }
        double twoErrors = 2 * difference.standardError();
        boolean inNoise = Math.abs(difference.mean()) <= twoErrors;
        return figure + String.format(Locale.ROOT, ": %s (|mean| %.1f %s 2 standard errors %.1f)",
                inNoise ? "not distinguishable from zero on this machine" : "distinguishable from noise",
                Math.abs(difference.mean()), inNoise ? "<=" : ">", twoErrors);
    }

    /** Where the agent spends its CPU: thread groups by name, mean ms/s per phase kind. */
    private static void printThreads(List<Phase> phases) {
        Map<Kind, Map<String, Double>> groups = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>();
        for (Kind kind : Kind.values()) {
            Map<String, Double> sum = new HashMap<>();
            List<Phase> of = ofKind(phases, kind);
            for (Phase p : of) {
                p.threadTicks().forEach((name, ticks) -> sum.merge(name,
                        ticks * 1000.0 / clockTicks / p.seconds() / of.size(), Double::sum));
            }
            groups.put(kind, sum);
            names.addAll(sum.keySet());
        }
        List<String> top = names.stream()
                .sorted(Comparator.comparingDouble((String n) -> -Math.max(groups.get(Kind.C).getOrDefault(n, 0.0),
                        groups.get(Kind.A).getOrDefault(n, 0.0))))
                .filter(n -> Math.max(groups.get(Kind.C).getOrDefault(n, 0.0), groups.get(Kind.B).getOrDefault(n, 0.0)) >= 0.5
                        || groups.get(Kind.A).getOrDefault(n, 0.0) >= 0.5)
                .limit(14).toList();
        System.out.println();
        System.out.println("where the agent spends CPU: its threads by name as /proc shows it (15 characters, numbers"
                + " folded to n; ForkJoinPool-n- carries virtual threads, which the management endpoint's workers and"
                + " senders are), mean ms/s");
        System.out.printf(Locale.ROOT, "  %-58s %8s %8s %8s %8s%n", "thread", "A", "B", "C", "C-A");
        for (String name : top) {
            double a = groups.get(Kind.A).getOrDefault(name, 0.0);
            double b = groups.get(Kind.B).getOrDefault(name, 0.0);
            double c = groups.get(Kind.C).getOrDefault(name, 0.0);
            System.out.printf(Locale.ROOT, "  %-58s %8.1f %8.1f %8.1f %+8.1f%n", name, a, b, c, c - a);
        }
        for (Kind kind : Kind.values()) {
            double listed = groups.get(kind).values().stream().mapToDouble(Double::doubleValue).sum();
            double total = mean(ofKind(phases, kind), Phase::agentMsPerSecond);
            if (total - listed > 1) {
                System.out.printf(Locale.ROOT, "  (%s: %.1f ms/s in threads that ended within the phase)%n", kind,
                        total - listed);
            }
        }
    }

    private static List<Phase> ofKind(List<Phase> phases, Kind kind) {
        return phases.stream().filter(p -> p.kind() == kind).toList();
    }

    private static double mean(List<Phase> phases, ToDoubleFunction<Phase> figure) {
        return phases.stream().mapToDouble(figure).average().orElse(0);
    }

    /** Mean over the rounds of {@code kind}'s figure minus A's. */
    private static double meanDifference(List<Phase> phases, Kind kind, ToDoubleFunction<Phase> figure) {
        return mean(ofKind(phases, kind), figure) - mean(ofKind(phases, Kind.A), figure);
    }

    /** One figure across the rounds: mean, min..max and the sample standard deviation (n - 1). */
    private record Spread(int n, double mean, double min, double max, double sd) {
        static Spread of(double[] values) {
            double mean = Arrays.stream(values).average().orElse(0);
            double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
            return new Spread(values.length, mean, Arrays.stream(values).min().orElse(0),
                    Arrays.stream(values).max().orElse(0),
                    values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : Double.NaN);
        }

        /** From two rounds a standard deviation is just their difference rescaled: not shown, no verdict. */
        boolean hasSd() {
            return n >= 3;
        }

        double standardError() {
            return sd / Math.sqrt(n);
        }

        String minMax(boolean signed) {
            return String.format(Locale.ROOT, signed ? "%+.1f..%+.1f" : "%.1f..%.1f", min, max);
        }

        String sdText() {
            return hasSd() ? String.format(Locale.ROOT, "%.1f", sd) : "-";
        }
    }

    // ---- helpers

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            getconf.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException | InterruptedException e) {
            return 100;
        }
    }

    /** utime and stime (fields 14 and 15) of a /proc stat file, or null when it is gone. */
    private static long[] cpuTicks(Path stat) {
        String text = readQuietly(stat);
        return text == null ? null : parseTicks(text);
    }

    private static long[] parseTicks(String stat) {
        // the name (field 2) is in parentheses and may hold spaces: count the fields after its closing one
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return new long[] { Long.parseLong(fields[11]), Long.parseLong(fields[12]) };
    }

    private static String comm(long pid) {
        String text = readQuietly(Path.of("/proc", Long.toString(pid), "comm"));
        return text == null ? "?" : text.trim();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static double median(long[] values) {
        return percentile(values, 50);
    }

    private static double percentile(long[] values, int percentile) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // gone anyway
        }
    }

    private static int intProperty(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, Integer.toString(fallback)));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", OS.getSystemLoadAverage());
        }
    }
}
