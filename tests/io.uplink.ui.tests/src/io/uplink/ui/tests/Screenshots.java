package io.uplink.ui.tests;

import java.nio.file.Path;

/** Where tests save the README's screenshots: {@code UPLINK_SCREENSHOTS=docs/images} (absolute), else nowhere. */
final class Screenshots {

    private Screenshots() {
    }

    static Path directory() {
        String directory = System.getenv("UPLINK_SCREENSHOTS");
        return directory == null || directory.isBlank() ? null : Path.of(directory);
    }
}
