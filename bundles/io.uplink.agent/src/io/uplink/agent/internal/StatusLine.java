package io.uplink.agent.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.uplink.connector.BacklogStatus;
import io.uplink.connector.ReplayProgress;
import io.uplink.connector.StatusSnapshot;

/**
 * The headless agent's one-line summary, e.g.
 * {@code CONNECTED ws://127.0.0.1:8081 since 07:41:03 | sent 120 msg 3.1 kB/s 42 values/s | full 2 delta 117 agg 1 | unableToSend 0 | 64 channels, cycle 0.21 ms}.
 * Rates are over the interval since the previous line.
 */
public final class StatusLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private StatusSnapshot previous;
    private long previousNanos;

    public String format(StatusSnapshot status, long nowNanos) {
        return format(status, BacklogStatus.NOT_AVAILABLE, nowNanos);
    }

    /** With the backlog, e.g. {@code | backlog 721 rows 96 kB oldest 7230 s | replay RAW 35% 210 rows/s 3 s left}. */
    public String format(StatusSnapshot status, BacklogStatus backlog, long nowNanos) {
        StatusSnapshot.Counters counters = status.counters();
        double seconds = previous == null ? 0 : (nowNanos - previousNanos) / 1e9;
        double bytesPerSecond = seconds <= 0 ? 0 : (counters.bytesSent() - previous.counters().bytesSent()) / seconds;
        double valuesPerSecond = seconds <= 0 ? 0 : (counters.valuesSent() - previous.counters().valuesSent()) / seconds;
        previous = status;
        previousNanos = nowNanos;
        StringBuilder line = new StringBuilder(160);
        line.append(status.state()).append(' ').append(status.backendUri());
        switch (status.state()) {
            case CONNECTED -> line.append(" since ").append(time(status.connectedSince()));
            case WAITING -> line.append(" next attempt in ").append(until(status.nextAttemptAt())).append(" (")
                    .append(status.lastError()).append(')');
            default -> {
                if (status.lastError() != null) {
                    line.append(" (").append(status.lastError()).append(')');
                }
            }
        }
        line.append(String.format(Locale.ROOT, " | sent %d msg %.1f kB/s %.0f values/s", counters.messagesSent(),
                bytesPerSecond / 1000, valuesPerSecond));
        line.append(String.format(Locale.ROOT, " | full %d delta %d agg %d", counters.fullSnapshots(),
                counters.deltaMessages(), counters.aggregatedMessages()));
        line.append(" | unableToSend ").append(status.unableToSend() ? 1 : 0);
        if (counters.droppedCycles() > 0) {
            line.append(" unsent cycles ").append(counters.droppedCycles());
        }
        line.append(String.format(Locale.ROOT, " | %d channels, cycle %.2f ms", status.channelCount(),
                status.lastCycleNanos() / 1e6));
        if (backlog.available()) {
            line.append(String.format(Locale.ROOT, " | backlog %d rows %.1f kB", backlog.rows(), backlog.bytes() / 1000.0));
            if (backlog.awaitingConfirmation() > 0) {
                line.append(" (").append(backlog.awaitingConfirmation()).append(" sent, awaiting confirmation)");
            }
            if (backlog.oldestRowAgeSeconds() >= 0) {
                line.append(" oldest ").append(backlog.oldestRowAgeSeconds()).append(" s");
            }
            if (backlog.evictedRows() > 0 || backlog.lostRows() > 0) {
                line.append(" evicted ").append(backlog.evictedRows()).append(" lost ").append(backlog.lostRows());
            }
            ReplayProgress replay = backlog.replay();
            if (replay.active()) {
                line.append(String.format(Locale.ROOT, " | replay %s %.0f%% %.0f rows/s", replay.phase(),
                        replay.fraction() * 100, replay.rowsPerSecond()));
                if (replay.secondsLeft() >= 0) {
                    line.append(' ').append(replay.secondsLeft()).append(" s left");
                }
            }
            if (backlog.problem() != null) {
                line.append(" (").append(backlog.problem()).append(')');
            }
        }
        return line.toString();
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    private static String until(Instant instant) {
        if (instant == null) {
            return "-";
        }
        long seconds = Math.max(0, Duration.between(Instant.now(), instant).toSeconds());
        return seconds + " s";
    }
}
