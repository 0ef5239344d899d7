package io.uplink.protocol;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Objects;

import com.google.gson.JsonObject;

/** {@code logMessage}: {@code {"level":…,"msg":…}}. The Backend accepts and logs it; OpenEMS Edge never sends it. */
public record LogMessageNotification(Level level, String msg) {

    public static final String METHOD = "logMessage";

    public LogMessageNotification {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(msg, "msg");
    }

    /** Accepts the level names of {@link System.Logger.Level} in any case, e.g. "info" or "WARNING". */
    public static LogMessageNotification from(JsonRpcNotification notification) throws OpenemsException {
        Messages.requireMethod(METHOD, notification.method());
        JsonObject params = notification.params();
        String levelText = JsonParams.getString(params, "level");
        Level level;
        try {
            level = Level.valueOf(levelText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OpenemsError.JSON_NO_ENUM_MEMBER.exception("level", levelText);
        }
        return new LogMessageNotification(level, JsonParams.getString(params, "msg"));
    }

    public JsonRpcNotification toNotification() {
        JsonObject params = new JsonObject();
        params.addProperty("level", this.level.getName());
        params.addProperty("msg", this.msg);
        return new JsonRpcNotification(METHOD, params);
    }
}
