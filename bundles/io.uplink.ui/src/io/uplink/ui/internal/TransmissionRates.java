package io.uplink.ui.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

import io.uplink.connector.StatusSnapshot.Counters;

/**
 * Rates over the last minutes from successive counter totals: each pair of samples gives one point (the rate
 * between them, placed at the later one). Thread-safe.
 */
public final class TransmissionRates {

    /** One point per sample pair, x in seconds before the newest sample (0 = now, negative = past). */
    public record Series(double[] secondsAgo, double[] fullMessages, double[] deltaMessages,
            double[] aggregatedMessages, double[] values, double[] kilobytes) {

        public int size() {
            return secondsAgo.length;
        }
    }

    private record Sample(Instant time, Counters counters) {
    }

    private final Duration window;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    public TransmissionRates(Duration window) {
        this.window = window;
    }

    public synchronized void add(Instant time, Counters counters) {
        Sample last = samples.peekLast();
        if (last != null && !time.isAfter(last.time())) {
            return;
        }
        if (last != null && counters.messagesSent() < last.counters().messagesSent()) {
            samples.clear(); // a new agent started: its totals begin at zero again
        }
        samples.addLast(new Sample(time, counters));
        Instant oldest = time.minus(window);
        while (samples.size() > 2 && samples.peekFirst().time().isBefore(oldest)) {
            samples.removeFirst();
        }
    }

    public synchronized void clear() {
        samples.clear();
    }

    public synchronized Series series() {
        int points = Math.max(0, samples.size() - 1);
        double[] x = new double[points];
        double[] full = new double[points];
        double[] delta = new double[points];
        double[] aggregated = new double[points];
        double[] values = new double[points];
        double[] kilobytes = new double[points];
        Instant newest = samples.isEmpty() ? Instant.EPOCH : samples.peekLast().time();
        Iterator<Sample> iterator = samples.iterator();
        Sample previous = iterator.hasNext() ? iterator.next() : null;
        for (int i = 0; i < points; i++) {
            Sample current = iterator.next();
            double seconds = Duration.between(previous.time(), current.time()).toNanos() / 1e9;
            Counters a = previous.counters();
            Counters b = current.counters();
            x[i] = -Duration.between(current.time(), newest).toNanos() / 1e9;
            full[i] = (b.fullSnapshots() - a.fullSnapshots()) / seconds;
            delta[i] = (b.deltaMessages() - a.deltaMessages()) / seconds;
            aggregated[i] = (b.aggregatedMessages() - a.aggregatedMessages()) / seconds;
            values[i] = (b.valuesSent() - a.valuesSent()) / seconds;
            kilobytes[i] = (b.bytesSent() - a.bytesSent()) / 1000.0 / seconds;
            previous = current;
        }
        return new Series(x, full, delta, aggregated, values, kilobytes);
    }
}
