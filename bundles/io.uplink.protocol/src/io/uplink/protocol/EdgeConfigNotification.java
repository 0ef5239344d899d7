package io.uplink.protocol;

import java.util.Objects;

/** {@code edgeConfig}: the full configuration, sent on every connect and after every configuration change. */
public record EdgeConfigNotification(EdgeConfig config) {

    public static final String METHOD = "edgeConfig";

    public EdgeConfigNotification {
        Objects.requireNonNull(config, "config");
    }

    public static EdgeConfigNotification from(JsonRpcNotification notification) throws OpenemsException {
        Messages.requireMethod(METHOD, notification.method());
        return new EdgeConfigNotification(EdgeConfig.fromJson(notification.params()));
    }

    public JsonRpcNotification toNotification() {
        return new JsonRpcNotification(METHOD, this.config.toJson());
    }
}
