package io.uplink.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes the Equinox launcher's own options from an application's argument list. The launcher passes
 * some of them through to the application (which ones depends on the launcher version), and they must
 * not be mistaken for the application's options.
 */
public final class EclipseLauncherArguments {
    private static final Set<String> FLAGS = Set.of("-consolelog", "-nosplash", "-clearpersistedstate", "-clean",
            "-noexit", "-debug", "-console", "-nl", "-noregistrycache");
    private static final Set<String> WITH_VALUE = Set.of("-data", "-configuration", "-application", "-product",
            "-os", "-ws", "-arch", "-launcher", "-name", "-showsplash", "-startup", "-vm", "-user", "-install",
            "-keyring", "-password", "-pluginCustomization".toLowerCase());

    private EclipseLauncherArguments() {
    }

    public static List<String> strip(String[] args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String lower = arg.toLowerCase();
            if (lower.equals("-vmargs")) {
                break; // everything after -vmargs belongs to the JVM
            }
            if (FLAGS.contains(lower)) {
                continue;
            }
            if (WITH_VALUE.contains(lower)) {
                i++;
                continue;
            }
            kept.add(arg);
        }
        return kept;
    }
}
