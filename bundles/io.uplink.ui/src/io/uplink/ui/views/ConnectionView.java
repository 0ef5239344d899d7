package io.uplink.ui.views;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;

import io.uplink.connector.AgentStatus;
import io.uplink.connector.StatusSnapshot;
import io.uplink.ui.AgentStatusTracker;

/** The connection to the OpenEMS Backend: state, URI, since when, the last diagnosis, and what was sent. */
public class ConnectionView extends AgentAbsentView {
    public static final String ID = "io.uplink.ui.views.connection";
    private static final int REFRESH_MILLIS = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Label uriValue;
    private Label sinceValue;
    private Label diagnosisValue;
    private Label sentValue;
    private Composite details;
    private final Runnable refresh = this::refresh;

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
        uriValue = row("Backend URI");
        sinceValue = row("Connected since");
        diagnosisValue = row("Last diagnosis");
        sentValue = row("Sent");
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
        AgentStatus agent = AgentStatusTracker.current().orElse(null);
        details.setVisible(agent != null);
        if (agent == null) {
            setStatusText(NO_AGENT_TEXT);
        } else {
            show(agent.snapshot());
        }
        details.getParent().layout(true, true);
        Display.getCurrent().timerExec(REFRESH_MILLIS, refresh);
    }

    private void show(StatusSnapshot status) {
        setStatusText(switch (status.state()) {
            case CONNECTED -> "Connected";
            case CONNECTING -> "Connecting …";
            case WAITING -> "Waiting, next attempt in " + secondsUntil(status.nextAttemptAt()) + " s";
            case DISABLED -> "Disabled (enabled=false)";
            case STOPPED -> "Stopped";
        });
        uriValue.setText(status.backendUri());
        sinceValue.setText(status.connectedSince() == null ? "–" : TIME.format(status.connectedSince()));
        diagnosisValue.setText(status.lastError() == null ? "none" : status.lastError());
        StatusSnapshot.Counters counters = status.counters();
        sentValue.setText(String.format(Locale.ROOT, "%d messages, %.1f kB, %d values (full %d, delta %d, aggregated %d)%s",
                counters.messagesSent(), counters.bytesSent() / 1000.0, counters.valuesSent(), counters.fullSnapshots(),
                counters.deltaMessages(), counters.aggregatedMessages(), status.unableToSend() ? "; UnableToSend raised" : ""));
    }

    private static long secondsUntil(Instant instant) {
        return instant == null ? 0 : Math.max(0, Duration.between(Instant.now(), instant).toSeconds());
    }

    @Override
    public void dispose() {
        if (details != null && !details.isDisposed()) {
            details.getDisplay().timerExec(-1, refresh);
        }
        super.dispose();
    }
}
