package io.uplink.ui.internal;

import java.util.ArrayDeque;

/** The backlog size sampled once per refresh over the last minutes, for the Resend view's chart. */
public final class BacklogHistory {
    private final int capacity;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    public BacklogHistory(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(long nanos, long rows, long bytes) {
        samples.addLast(new long[] { nanos, rows, bytes });
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    /** x: seconds before {@code nowNanos} (negative), rows and kilobytes. */
    public record Series(double[] secondsAgo, double[] rows, double[] kilobytes) {
    }

    public synchronized Series series(long nowNanos) {
        int n = samples.size();
        double[] x = new double[n];
        double[] rows = new double[n];
        double[] kilobytes = new double[n];
        int i = 0;
        for (long[] sample : samples) {
            x[i] = -(nowNanos - sample[0]) / 1e9;
            rows[i] = sample[1];
            kilobytes[i] = sample[2] / 1000.0;
            i++;
        }
        return new Series(x, rows, kilobytes);
    }
}
