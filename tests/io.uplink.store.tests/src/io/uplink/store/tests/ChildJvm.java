package io.uplink.store.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import io.uplink.core.PersistencePriority;
import io.uplink.store.SqliteBacklog;

/**
 * A real second JVM running {@link BacklogWriter} on a plain class path made of the running bundles' own files (the
 * store, core, sqlite-jdbc and SLF4J bundles, and this test bundle), with the test runtime's java.
 */
final class ChildJvm implements AutoCloseable {
    /** A line the child printed, or {@link #END} once its output closed. */
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    static final String END = "\u0000end";
    final Process process;
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    this.lines.add(line);
                }
            } catch (IOException e) {
                // the process was killed: what was read is what it printed
            } finally {
                this.lines.add(END);
            }
        }, "child-jvm-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static ChildJvm start(Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(BacklogWriter.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ChildJvm(process);
    }

    static String classPath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : new Class<?>[] { BacklogWriter.class, SqliteBacklog.class, PersistencePriority.class,
                org.sqlite.JDBC.class, org.slf4j.LoggerFactory.class }) {
            entries.add(locationOf(type).toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Path locationOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("no code source for " + type);
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next line, or null after the timeout. */
    String nextLine(long timeoutMillis) throws InterruptedException {
        return this.lines.poll(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** SIGKILL on Linux: no shutdown hook, no finally block runs in the child. */
    void kill() throws InterruptedException {
        this.process.destroyForcibly();
        this.process.waitFor();
    }

    /** Every line the child printed until its output closed. */
    List<String> remainingLines() throws InterruptedException {
        this.reader.join(10_000);
        List<String> rest = new ArrayList<>();
        this.lines.drainTo(rest);
        rest.remove(END);
        return rest;
    }

    @Override
    public void close() throws InterruptedException {
        if (this.process.isAlive()) {
            kill();
        }
    }
}
