package io.uplink.ui.views;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

import io.uplink.ui.AgentStatusTracker;

/**
 * Base of the Uplink views: a status line that says plainly whether an agent is running, and what the view
 * is for. A view whose content is not built yet says "not available" instead of showing made-up numbers.
 */
public abstract class AgentAbsentView extends ViewPart {
    public static final String NO_AGENT_TEXT = "No agent is running.";
    public static final String NOT_AVAILABLE_TEXT = "The agent is running; this view is not available in this version.";
    private static final int REFRESH_MILLIS = 1000;

    private Label statusLabel;
    private final Runnable refresh = this::refreshStatus;

    /** What the view will show once an agent runs, for the technician reading the empty view. */
    protected abstract String purpose();

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        statusLabel = new Label(parent, SWT.WRAP);
        statusLabel.setText(NO_AGENT_TEXT);
        statusLabel.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Label purposeLabel = new Label(parent, SWT.WRAP);
        purposeLabel.setText(purpose());
        purposeLabel.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        if (!showsLiveStatus()) {
            refreshStatus();
        }
    }

    /** Views that show the agent themselves override this and keep the status line up to date. */
    protected boolean showsLiveStatus() {
        return false;
    }

    private void refreshStatus() {
        if (statusLabel == null || statusLabel.isDisposed()) {
            return;
        }
        setStatusText(AgentStatusTracker.current().isPresent() ? NOT_AVAILABLE_TEXT : NO_AGENT_TEXT);
        Display.getCurrent().timerExec(REFRESH_MILLIS, refresh);
    }

    @Override
    public void setFocus() {
        statusLabel.setFocus();
    }

    public Control statusControl() {
        return statusLabel;
    }

    protected void setStatusText(String text) {
        if (!statusLabel.getText().equals(text)) {
            statusLabel.setText(text);
        }
    }

    public String statusText() {
        return statusLabel.getText();
    }

    @Override
    public void dispose() {
        if (statusLabel != null && !statusLabel.isDisposed()) {
            statusLabel.getDisplay().timerExec(-1, refresh);
        }
        super.dispose();
    }
}
