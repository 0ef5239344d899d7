package io.uplink.product.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where the build put the products, and small helpers to look into their archives. */
final class Products {

    private Products() {
    }

    static Path fullProductTarget() {
        return Path.of(System.getProperty("uplink.product.dir", "../../releng/io.uplink.product/target"));
    }

    static Path agentProductTarget() {
        return Path.of(System.getProperty("uplink.agent.product.dir", "../../releng/io.uplink.agent.product/target"));
    }

    /** The materialized (unpacked) installation of a product for linux/gtk/x86_64. */
    static Path installation(Path productTarget, String rootFolder) {
        Path folder = productTarget.resolve("products").resolve(rootFolder).resolve("linux/gtk/x86_64").resolve(rootFolder);
        assertTrue(Files.isDirectory(folder), "product not materialized: " + folder + " (run the build first)");
        return folder;
    }

    static Path archive(Path productTarget, String fileName) {
        Path archive = productTarget.resolve("products").resolve(fileName);
        assertTrue(Files.isRegularFile(archive), "archive missing: " + archive);
        return archive;
    }

    /** Entry names of a .tar.gz, read with the system's tar. */
    static List<String> tarEntries(Path archive) throws IOException, InterruptedException {
        return run("tar", "-tzf", archive.toString());
    }

    /** One file of a .tar.gz as text. */
    static String tarFile(Path archive, String entry) throws IOException, InterruptedException {
        return String.join("\n", run("tar", "-xzOf", archive.toString(), entry));
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>(process.inputReader().lines().toList());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertTrue(process.exitValue() == 0, String.join(" ", command) + " failed: " + lines);
        return lines;
    }
}
