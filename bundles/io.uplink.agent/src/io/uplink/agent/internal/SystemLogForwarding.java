package io.uplink.agent.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.function.Consumer;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.uplink.protocol.SystemLogNotification;
import io.uplink.protocol.SystemLogNotification.LogLevel;

/**
 * Feeds the agent's INFO, WARN and ERROR log lines to the connector, which forwards them as {@code systemLog}
 * while the Backend subscribed (OpenEMS feeds the same notification from its pax-logging appender).
 */
public final class SystemLogForwarding extends AppenderBase<ILoggingEvent> {
    private static final String NAME = "uplink-systemLog";

    private final Consumer<SystemLogNotification> sink;

    private SystemLogForwarding(Consumer<SystemLogNotification> sink) {
        this.sink = sink;
    }

    /** Attaches to the root logger; returns what detaches it (a no-op where Logback is not the binding). */
    public static Runnable attach(Consumer<SystemLogNotification> sink) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return () -> {
            };
        }
        SystemLogForwarding appender = new SystemLogForwarding(sink);
        appender.setContext(context);
        appender.setName(NAME);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return () -> {
            root.detachAppender(appender);
            appender.stop();
        };
    }

    @Override
    protected void append(ILoggingEvent event) {
        LogLevel level = switch (event.getLevel().toInt()) {
            case Level.ERROR_INT -> LogLevel.ERROR;
            case Level.WARN_INT -> LogLevel.WARN;
            case Level.INFO_INT -> LogLevel.INFO;
            default -> null;
        };
        if (level == null) {
            return;
        }
        OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneId.systemDefault());
        sink.accept(new SystemLogNotification(time, level, event.getLoggerName(), event.getFormattedMessage()));
    }
}
