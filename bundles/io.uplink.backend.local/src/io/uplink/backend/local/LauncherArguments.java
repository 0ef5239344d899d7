package io.uplink.backend.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Drops the Eclipse launcher's own options from the application arguments: depending on the launcher,
 * some of them reach the application and must not count as unknown options.
 */
public final class LauncherArguments {

    private static final Set<String> FLAGS = Set.of("-consolelog", "-nosplash", "-showsplash", "-clean",
            "-noexit", "-console");
    private static final Set<String> WITH_VALUE = Set.of("-data", "-configuration", "-os", "-ws", "-arch", "-nl",
            "-launcher", "-name", "-application", "-product", "-startup", "-vm", "--launcher.library");

    private LauncherArguments() {
    }

    public static List<String> strip(String[] args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i].toLowerCase(Locale.ROOT);
            if (option.equals("-vmargs")) {
                break; // the rest belongs to the JVM
            } else if (WITH_VALUE.contains(option)) {
                i++;
            } else if (!FLAGS.contains(option)) {
                kept.add(args[i]);
            }
        }
        return kept;
    }
}
