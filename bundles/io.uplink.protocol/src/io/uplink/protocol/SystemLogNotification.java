package io.uplink.protocol;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

import com.google.gson.JsonObject;

/**
 * {@code systemLog}: one log line, sent only while the Backend has subscribed.
 * {@code {"line":{"time":"2026-04-04T12:13:20.123+02:00","level":"INFO","source":…,"message":…}}}
 */
public record SystemLogNotification(OffsetDateTime time, LogLevel level, String source, String message) {

    public static final String METHOD = "systemLog";

    /** The levels OpenEMS reports; DEBUG and TRACE map to INFO, FATAL to ERROR. */
    public enum LogLevel {
        INFO, WARN, ERROR
    }

    public SystemLogNotification {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    public static SystemLogNotification from(JsonRpcNotification notification) throws OpenemsException {
        Messages.requireMethod(METHOD, notification.method());
        JsonObject line = JsonParams.getObject(notification.params(), "line");
        String timeText = JsonParams.getString(line, "time");
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(timeText, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw OpenemsError.JSON_NO_DATE_MEMBER.exception("time", timeText, e.getMessage());
        }
        String levelText = JsonParams.getString(line, "level");
        LogLevel level;
        try {
            level = LogLevel.valueOf(levelText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OpenemsError.JSON_NO_ENUM_MEMBER.exception("level", levelText);
        }
        return new SystemLogNotification(time, level, JsonParams.getString(line, "source"),
                JsonParams.getString(line, "message"));
    }

    public JsonRpcNotification toNotification() {
        JsonObject line = new JsonObject();
        line.addProperty("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(this.time));
        line.addProperty("level", this.level.name());
        line.addProperty("source", this.source);
        line.addProperty("message", this.message);
        JsonObject params = new JsonObject();
        params.add("line", line);
        return new JsonRpcNotification(METHOD, params);
    }
}
