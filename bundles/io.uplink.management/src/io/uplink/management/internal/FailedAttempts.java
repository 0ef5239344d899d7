package io.uplink.management.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Rate limit of wrong tokens, per remote address: after {@value #MAX_FAILURES} failures within
 * {@value #WINDOW_SECONDS} s an address is refused without its token being checked until the oldest failure is that
 * old. A guess of a 256-bit token then takes longer than the device lives.
 */
public final class FailedAttempts {
    static final int MAX_FAILURES = 5;
    static final int WINDOW_SECONDS = 60;
    private static final int MAX_ADDRESSES = 10_000;

    private final LongSupplier nanoTime;
    private final Map<String, Deque<Long>> failures = new HashMap<>();

    public FailedAttempts() {
        this(System::nanoTime);
    }

    FailedAttempts(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** @return seconds the address must still wait, 0 when it may try */
    public synchronized long blockedSeconds(String address) {
        Deque<Long> times = prune(address);
        if (times == null || times.size() < MAX_FAILURES) {
            return 0;
        }
        long waitNanos = times.peekFirst() + WINDOW_SECONDS * 1_000_000_000L - nanoTime.getAsLong();
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    public synchronized void failed(String address) {
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
            failures.keySet().removeIf(key -> prune(key) == null);
        }
        failures.computeIfAbsent(address, key -> new ArrayDeque<>()).addLast(nanoTime.getAsLong());
    }

    public synchronized void succeeded(String address) {
        failures.remove(address);
    }

    private Deque<Long> prune(String address) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return null;
        }
        long oldest = nanoTime.getAsLong() - WINDOW_SECONDS * 1_000_000_000L;
        while (!times.isEmpty() && times.peekFirst() - oldest < 0) {
            times.removeFirst();
        }
        if (times.isEmpty()) {
            failures.remove(address);
            return null;
        }
        return times;
    }
}
