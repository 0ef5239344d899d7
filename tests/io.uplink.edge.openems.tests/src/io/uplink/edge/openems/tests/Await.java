package io.uplink.edge.openems.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition instead of sleeping: the build machine's CPUs are shared, so timing varies a lot. */
final class Await {
    static final Duration LONG = Duration.ofSeconds(30);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, LONG, condition, () -> "-");
    }

    static void until(String what, BooleanSupplier condition, Supplier<?> state) {
        until(what, LONG, condition, state);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; now: " + String.valueOf(state.get()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
