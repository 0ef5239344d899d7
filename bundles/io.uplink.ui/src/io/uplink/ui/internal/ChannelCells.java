package io.uplink.ui.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import io.uplink.connector.ChannelRow;

/** The text of each column of the channel table. */
public final class ChannelCells {
    public static final String[] HEADERS = { "Address", "Priority", "Value", "Unit", "Last sent", "Sent as" };
    public static final int[] WIDTHS = { 280, 90, 120, 60, 80, 110 };
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private ChannelCells() {
    }

    public static String text(ChannelRow row, int column) {
        return switch (column) {
            case 0 -> row.channel().address().toString();
            case 1 -> row.channel().priority().name();
            case 2 -> row.value() == null ? "–" : String.valueOf(row.value());
            case 3 -> row.channel().unit().symbol();
            case 4 -> row.lastSentMillis() == 0 ? "never" : TIME.format(Instant.ofEpochMilli(row.lastSentMillis()));
            case 5 -> sentAs(row.sentAs());
            default -> "";
        };
    }

    public static String sentAs(ChannelRow.SentAs sentAs) {
        return switch (sentAs) {
            case NOT_SENT -> "not sent";
            case FULL -> "full";
            case DELTA -> "delta";
            case AGGREGATED_ONLY -> "aggregated";
        };
    }
}
