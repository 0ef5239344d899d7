package io.uplink.ui.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.uplink.connector.StatusEvent;

/** The event log as a technician reads and shares it: one line per event, plus the UnableToSend periods. */
public final class EventLogText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private EventLogText() {
    }

    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    public static String kind(StatusEvent.Kind kind) {
        return switch (kind) {
            case CONNECTED -> "connected";
            case CONNECTION_LOST -> "connection lost";
            case CONNECT_FAILED -> "connection attempt failed";
            case UNABLE_TO_SEND_RAISED -> "UnableToSend raised";
            case UNABLE_TO_SEND_CLEARED -> "UnableToSend cleared";
            case CONFIGURATION_APPLIED -> "configuration applied";
            case CONNECT_NOW -> "connect now";
        };
    }

    public static String format(List<StatusEvent> events, Instant now) {
        StringBuilder text = new StringBuilder("Uplink agent events (oldest first)\n");
        for (StatusEvent event : events) {
            text.append(time(event.time())).append('\t').append(kind(event.kind())).append('\t')
                    .append(event.message()).append('\n');
        }
        UnableToSendTimeline timeline = UnableToSendTimeline.of(events);
        text.append("\nUnableToSend periods\n");
        for (UnableToSendTimeline.Interval interval : timeline.intervals()) {
            text.append(time(interval.raised())).append(" – ")
                    .append(interval.cleared() == null ? "still raised" : time(interval.cleared())).append('\t')
                    .append(UnableToSendTimeline.describe(interval.length(now))).append('\n');
        }
        return text.toString();
    }
}
