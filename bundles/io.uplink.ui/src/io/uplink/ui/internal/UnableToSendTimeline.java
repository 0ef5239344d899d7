package io.uplink.ui.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.uplink.connector.StatusEvent;

/** When UnableToSend was raised and cleared, from the agent's event history. */
public final class UnableToSendTimeline {

    /** One period with UnableToSend raised; {@code cleared} is null while it still is. */
    public record Interval(Instant raised, Instant cleared) {

        public Duration length(Instant now) {
            return Duration.between(raised, cleared == null ? now : cleared);
        }
    }

    private final List<Interval> intervals;

    private UnableToSendTimeline(List<Interval> intervals) {
        this.intervals = List.copyOf(intervals);
    }

    public static UnableToSendTimeline of(List<StatusEvent> events) {
        List<Interval> intervals = new ArrayList<>();
        Instant raisedAt = null;
        for (StatusEvent event : events) {
            if (event.kind() == StatusEvent.Kind.UNABLE_TO_SEND_RAISED && raisedAt == null) {
                raisedAt = event.time();
            } else if (event.kind() == StatusEvent.Kind.UNABLE_TO_SEND_CLEARED && raisedAt != null) {
                intervals.add(new Interval(raisedAt, event.time()));
                raisedAt = null;
            }
        }
        if (raisedAt != null) {
            intervals.add(new Interval(raisedAt, null));
        }
        return new UnableToSendTimeline(intervals);
    }

    public List<Interval> intervals() {
        return intervals;
    }

    public boolean raisedNow() {
        return !intervals.isEmpty() && intervals.get(intervals.size() - 1).cleared() == null;
    }

    public Duration total(Instant now) {
        return intervals.stream().map(i -> i.length(now)).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * A step series from {@code from} to {@code now}: x in seconds before now (0 = now), y 1 while raised.
     * Each change is two points at the same x, so the line draws vertical edges.
     */
    public double[][] steps(Instant from, Instant now) {
        List<double[]> points = new ArrayList<>();
        points.add(new double[] { secondsBefore(from, now), 0 });
        for (Interval interval : intervals) {
            Instant end = interval.cleared() == null ? now : interval.cleared();
            if (end.isBefore(from)) {
                continue;
            }
            Instant start = interval.raised().isBefore(from) ? from : interval.raised();
            points.add(new double[] { secondsBefore(start, now), 0 });
            points.add(new double[] { secondsBefore(start, now), 1 });
            points.add(new double[] { secondsBefore(end, now), 1 });
            points.add(new double[] { secondsBefore(end, now), interval.cleared() == null ? 1 : 0 });
        }
        if (!raisedNow()) {
            points.add(new double[] { 0, 0 });
        }
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new double[][] { x, y };
    }

    private static double secondsBefore(Instant time, Instant now) {
        return -Duration.between(time, now).toMillis() / 1000.0;
    }

    /** "1 h 2 min 3 s", "2 min 3 s", "3 s" */
    public static String describe(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds >= 3600) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min " + seconds % 60 + " s";
        }
        return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
    }
}
