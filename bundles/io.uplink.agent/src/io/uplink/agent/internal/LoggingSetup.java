package io.uplink.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;

/**
 * Points Logback at the data directory once it is known: console plus a rolling file
 * {@code <dataDir>/logs/<name>.log}. A {@code logback.xml} in the data directory replaces the default.
 * Our code only uses the SLF4J API; this is the one place that knows Logback.
 */
public final class LoggingSetup {

    private LoggingSetup() {
    }

    /** @return where the log file is written, or a reason why file logging is not set up */
    public static String configure(Path dataDirectory, String logName) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        try {
            return configureLogback(factory, dataDirectory, logName);
        } catch (NoClassDefFoundError e) {
            return "no Logback in this runtime (" + factory.getClass().getName() + ")";
        }
    }

    private static String configureLogback(ILoggerFactory factory, Path dataDirectory, String logName) {
        if (!(factory instanceof LoggerContext context)) {
            return "SLF4J is bound to " + factory.getClass().getName() + ", not Logback";
        }
        Path logDirectory = dataDirectory.resolve("logs").toAbsolutePath();
        try {
            Files.createDirectories(logDirectory);
        } catch (IOException e) {
            return "cannot create " + logDirectory + ": " + e.getMessage();
        }
        context.reset();
        context.putProperty("UPLINK_LOG_DIR", logDirectory.toString());
        context.putProperty("UPLINK_LOG_NAME", logName);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        Path override = dataDirectory.resolve("logback.xml");
        try {
            if (Files.isRegularFile(override)) {
                configurator.doConfigure(override.toFile());
                return override + " (custom)";
            }
            try (InputStream defaults = LoggingSetup.class.getResourceAsStream("/logback/logback-uplink.xml")) {
                configurator.doConfigure(defaults);
            }
        } catch (JoranException | IOException e) {
            return "logging configuration failed: " + e.getMessage();
        }
        return logDirectory.resolve(logName + ".log").toString();
    }
}
