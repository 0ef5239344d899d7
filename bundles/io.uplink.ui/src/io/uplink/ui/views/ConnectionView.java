package io.uplink.ui.views;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;

import io.uplink.connector.AgentStatus;
import io.uplink.connector.ConnectionState;
import io.uplink.connector.ConnectionTestResult;
import io.uplink.connector.StatusSnapshot;
import io.uplink.ui.AgentControlTracker;
import io.uplink.ui.AgentStatusTracker;

/**
 * The connection to the OpenEMS Backend: state, URI, since when, the last diagnosis, and what was sent; toolbar
 * actions Connect and Disconnect (the {@code enabled} attribute, applied and kept like any configuration change;
 * Connect while the agent waits to reconnect makes the attempt now instead of at the end of the backoff's wait) and
 * Test Connection (the whole chain once, beside the running link).
 */
public class ConnectionView extends AgentAbsentView {
    public static final String ID = "io.uplink.ui.views.connection";
    public static final String CONNECT = "Connect";
    public static final String DISCONNECT = "Disconnect";
    public static final String TEST_CONNECTION = "Test Connection";
    public static final String CONNECT_ENABLE_TOOLTIP = "Connect to the Backend (enabled=true)";
    /** Connect's tooltip while the agent waits to reconnect. */
    public static final String CONNECT_NOW_TOOLTIP = "Connect now: make the next attempt at once instead of at the end"
            + " of the wait (the backoff keeps counting: if it fails, the next wait is longer)";
    private static final int REFRESH_MILLIS = 1000;
    /** What the background work of Connect hands the UI thread when a wait was cut short. */
    private static final String CUT_SHORT = "cut short";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Label sourceValue;
    private Label uriValue;
    private Label sinceValue;
    private Label diagnosisValue;
    private Label sentValue;
    private Label testValue;
    private final Action connect = action(CONNECT, CONNECT_ENABLE_TOOLTIP, this::connect);
    private final Action disconnect = action(DISCONNECT, "Close the connection and send nothing (enabled=false)",
            () -> setEnabled(false));
    private final Action test = action(TEST_CONNECTION, "Run DNS, TCP, proxy, TLS, upgrade and apikey check once",
            this::testConnection);
    private Composite details;
    private final Runnable refresh = this::refresh;
    /** The failure count when Connect cut a wait short, until that attempt's outcome shows; -1 when none. */
    private int connectNowAfterFailures = -1;

    @Override
    protected String purpose() {
        return "Shows the connection to the OpenEMS Backend: state, URI, connected since and the last diagnosis.";
    }

    @Override
    protected boolean showsLiveStatus() {
        return true;
    }

    @Override
    public void createPartControl(Composite parent) {
        super.createPartControl(parent);
        details = new Composite(parent, SWT.NONE);
        details.setLayout(new GridLayout(2, false));
        details.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        sourceValue = row("Channel source");
        uriValue = row("Backend URI");
        sinceValue = row("Connected since");
        diagnosisValue = row("Last diagnosis");
        sentValue = row("Sent");
        testValue = row("Connection test");
        testValue.setText("not run");
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        toolbar.add(connect);
        toolbar.add(disconnect);
        toolbar.add(test);
        getViewSite().getActionBars().updateActionBars();
        refresh();
    }

    private Label row(String name) {
        new Label(details, SWT.NONE).setText(name + ":");
        Label value = new Label(details, SWT.WRAP);
        value.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return value;
    }

    private void refresh() {
        if (details == null || details.isDisposed()) {
            return;
        }
        update();
        Display.getCurrent().timerExec(REFRESH_MILLIS, refresh);
    }

    /** Shows the agent's state now, and enables the actions that make sense in it. */
    private void update() {
        AgentStatus agent = AgentStatusTracker.current().orElse(null);
        ConnectionState state = agent == null ? null : agent.snapshot().state();
        connect.setEnabled(state == ConnectionState.DISABLED || state == ConnectionState.WAITING);
        connect.setToolTipText(state == ConnectionState.WAITING ? CONNECT_NOW_TOOLTIP : CONNECT_ENABLE_TOOLTIP);
        disconnect.setEnabled(state != null && state != ConnectionState.DISABLED && state != ConnectionState.STOPPED);
        test.setEnabled(state != null && state != ConnectionState.STOPPED);
        details.setVisible(agent != null);
        if (agent == null) {
            setStatusText(NO_AGENT_TEXT);
        } else {
            show(agent.snapshot());
            sourceValue.setText(AgentControlTracker.current().map(control -> describe(control.sourceHealth()))
                    .orElse("not available"));
        }
        details.getParent().layout(true, true);
    }

    private void show(StatusSnapshot status) {
        boolean outcomeShown = switch (status.state()) {
            case CONNECTING -> false;
            // a status read before the click still says WAITING with the old count
            case WAITING -> status.failedAttempts() > connectNowAfterFailures;
            case CONNECTED, DISABLED, STOPPED -> true;
        };
        if (outcomeShown) {
            connectNowAfterFailures = -1;
        }
        setStatusText(statusLine(status, connectNowAfterFailures >= 0, Instant.now()));
        uriValue.setText(status.backendUri());
        sinceValue.setText(status.connectedSince() == null ? "–" : TIME.format(status.connectedSince()));
        diagnosisValue.setText(status.lastError() == null ? "none" : status.lastError());
        StatusSnapshot.Counters counters = status.counters();
        sentValue.setText(String.format(Locale.ROOT, "%d messages, %.1f kB, %d values (full %d, delta %d, aggregated %d)%s",
                counters.messagesSent(), counters.bytesSent() / 1000.0, counters.valuesSent(), counters.fullSnapshots(),
                counters.deltaMessages(), counters.aggregatedMessages(), status.unableToSend() ? "; UnableToSend raised" : ""));
    }

    /**
     * The status line: the state, the attempt under way ("Connecting now (attempt 3) …" after Connect cut a wait
     * short) or when the next one is due.
     */
    public static String statusLine(StatusSnapshot status, boolean connectingNow, Instant now) {
        int attempt = status.failedAttempts() + 1;
        return switch (status.state()) {
            case CONNECTED -> "Connected";
            case CONNECTING -> (connectingNow ? "Connecting now" : "Connecting")
                    + (attempt > 1 || connectingNow ? " (attempt " + attempt + ")" : "") + " …";
            case WAITING -> "Waiting, next attempt in " + secondsUntil(status.nextAttemptAt(), now)
                    + " s; Connect tries now";
            case DISABLED -> "Disabled (enabled=false)";
            case STOPPED -> "Stopped";
        };
    }

    private static Action action(String text, String tooltip, Runnable run) {
        Action action = new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
        action.setToolTipText(tooltip);
        action.setEnabled(false);
        return action;
    }

    /**
     * Connect on a disabled agent sets {@code enabled=true}; on an enabled one that waits to reconnect it makes the
     * attempt now. The state may have moved on since the button was enabled: then connectNow changes nothing.
     */
    private void connect() {
        AgentControlTracker.current().ifPresent(control -> {
            if (!control.config().enabled()) {
                setEnabled(true);
                return;
            }
            int failures = AgentStatusTracker.current().map(agent -> agent.snapshot().failedAttempts()).orElse(0);
            runInBackground(() -> {
                try {
                    return control.connectNow() ? CUT_SHORT : null;
                } catch (Exception e) {
                    return "Connect failed: " + e.getMessage();
                }
            }, message -> {
                if (CUT_SHORT.equals(message)) {
                    connectNowAfterFailures = failures;
                } else if (message != null) {
                    testValue.setText(message);
                }
                update();
            });
        });
    }

    /** Connect and Disconnect switch {@code enabled}: applied at once, kept for the next start. */
    private void setEnabled(boolean enabled) {
        AgentControlTracker.current().ifPresent(control -> runInBackground(() -> {
            try {
                control.updateConfig(Map.of("enabled", Boolean.toString(enabled)));
                return null;
            } catch (Exception e) {
                return (enabled ? "Connect" : "Disconnect") + " failed: " + e.getMessage();
            }
        }, message -> {
            if (message != null) {
                testValue.setText(message);
            }
            update();
        }));
    }

    private void testConnection() {
        AgentControlTracker.current().ifPresent(control -> {
            testValue.setText("testing " + control.config().uri() + " …");
            runInBackground(() -> {
                ConnectionTestResult result = control.testConnection(control.config());
                return TIME.format(Instant.now()) + ": " + (result.connected() ? "works, " : "fails, ") + result.diagnosis()
                        + (result.detail() == null || result.detail().isEmpty() ? "" : " — " + result.detail());
            }, text -> testValue.setText(text));
        });
    }

    /** The agent's work (file I/O, a connection test of up to 32 s) never runs on the UI thread. */
    private void runInBackground(java.util.function.Supplier<String> work, java.util.function.Consumer<String> show) {
        Display display = details.getDisplay();
        Thread worker = new Thread(() -> {
            String result = work.get();
            display.asyncExec(() -> {
                if (!details.isDisposed()) {
                    show.accept(result);
                    details.getParent().layout(true, true);
                }
            });
        }, "uplink-connection-action");
        worker.setDaemon(true);
        worker.start();
    }

    /** The last connection test's line, for tests. */
    public String testResultText() {
        return testValue.getText();
    }

    /** The device side next to the Backend side, e.g. "OK" or "UNAVAILABLE since 10:02:11: connection refused". */
    public static String describe(io.uplink.core.SourceHealth health) {
        if (health.isOk()) {
            return "OK";
        }
        String since = health.sinceMillis() > 1 ? " since " + TIME.format(Instant.ofEpochMilli(health.sinceMillis())) : "";
        return health.state() + since + (health.message().isEmpty() ? "" : ": " + health.message());
    }

    /** The channel source's health line, for tests. */
    public String sourceText() {
        return sourceValue.getText();
    }

    private static long secondsUntil(Instant instant, Instant now) {
        return instant == null ? 0 : Math.max(0, Duration.between(now, instant).toSeconds());
    }

    @Override
    public void dispose() {
        if (details != null && !details.isDisposed()) {
            details.getDisplay().timerExec(-1, refresh);
        }
        super.dispose();
    }
}
