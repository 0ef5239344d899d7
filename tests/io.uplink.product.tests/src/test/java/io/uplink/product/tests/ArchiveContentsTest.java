package io.uplink.product.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The archives for platforms that cannot run here (Windows, macOS, Linux on ARM): they must hold the
 * right native fragments and start scripts.
 */
class ArchiveContentsTest {

    @Test
    void windowsArchiveHasWin32SwtAndCmdScripts() throws Exception {
        try (ZipFile zip = new ZipFile(Products.archive(Products.fullProductTarget(), "uplink-win32.win32.x86_64.zip").toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertHas(names, "uplink/uplink.cmd");
            assertHas(names, "uplink/uplink-agent.cmd");
            assertHas(names, "uplink/uplink-backend.cmd");
            assertHas(names, "uplink/lib/uplink-java.cmd");
            assertMatches(names, "uplink/plugins/org\\.eclipse\\.swt\\.win32\\.win32\\.x86_64_.*\\.jar");
            assertMatches(names, "uplink/plugins/org\\.eclipse\\.equinox\\.launcher_.*\\.jar");
            assertNone(names, ".*swt\\.gtk.*");
            String workbenchScript = new String(zip.getInputStream(zip.getEntry("uplink/uplink.cmd")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(workbenchScript.contains("org.eclipse.equinox.launcher_"), workbenchScript);
        }
    }

    @Test
    void macArchiveHasCocoaSwtAndStartsOnFirstThread() throws Exception {
        Path archive = Products.archive(Products.fullProductTarget(), "uplink-macosx.cocoa.aarch64.tar.gz");
        List<String> names = Products.tarEntries(archive);
        String root = names.stream().filter(n -> n.endsWith("/uplink")).findFirst()
                .orElseThrow(() -> new AssertionError("no uplink start script in " + archive));
        String prefix = root.substring(0, root.length() - "uplink".length());
        assertHas(names, prefix + "uplink-agent");
        assertHas(names, prefix + "lib/uplink-java.sh");
        assertMatches(names, ".*plugins/org\\.eclipse\\.swt\\.cocoa\\.macosx\\.aarch64_.*\\.jar");
        assertNone(names, ".*swt\\.gtk.*");
        String script = Products.tarFile(archive, root);
        assertTrue(script.contains("-XstartOnFirstThread"), "SWT on macOS needs -XstartOnFirstThread:\n" + script);
    }

    @Test
    void linuxArchiveOfFullProductHasGtkSwtAndAllScripts() throws Exception {
        List<String> names = Products.tarEntries(Products.archive(Products.fullProductTarget(), "uplink-linux.gtk.x86_64.tar.gz"));
        assertHas(names, "uplink/uplink");
        assertHas(names, "uplink/uplink-agent");
        assertHas(names, "uplink/uplink-backend");
        assertMatches(names, "uplink/plugins/org\\.eclipse\\.swt\\.gtk\\.linux\\.x86_64_.*\\.jar");
        assertMatches(names, "uplink/plugins/io\\.uplink\\.ui_.*\\.jar");
    }

    @Test
    void slimAgentArchivesHaveNoUserInterfaceBundles() throws Exception {
        for (String arch : new String[] { "x86_64", "aarch64" }) {
            List<String> names = Products.tarEntries(Products.archive(Products.agentProductTarget(), "uplink-agent-linux.gtk." + arch + ".tar.gz"));
            assertHas(names, "uplink-agent/uplink-agent");
            assertMatches(names, "uplink-agent/plugins/io\\.uplink\\.agent_.*\\.jar");
            assertNone(names, ".*plugins/org\\.eclipse\\.(swt|jface|ui)[._].*");
            assertNone(names, ".*plugins/io\\.uplink\\.ui_.*");
        }
    }

    private static void assertHas(List<String> names, String name) {
        assertTrue(names.contains(name), "missing " + name);
    }

    private static void assertMatches(List<String> names, String regex) {
        assertTrue(names.stream().anyMatch(n -> n.matches(regex)), "nothing matches " + regex);
    }

    private static void assertNone(List<String> names, String regex) {
        List<String> found = names.stream().filter(n -> n.matches(regex)).toList();
        assertFalse(!found.isEmpty(), "must not contain " + regex + ": " + found);
    }
}
