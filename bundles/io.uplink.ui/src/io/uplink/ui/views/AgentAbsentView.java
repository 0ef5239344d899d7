package io.uplink.ui.views;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/**
 * Base of the Uplink views: until an agent is attached each view says so plainly, instead of showing
 * empty tables or made-up numbers.
 */
public abstract class AgentAbsentView extends ViewPart {
    public static final String NO_AGENT_TEXT = "No agent is running.";

    private Label statusLabel;

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
    }

    @Override
    public void setFocus() {
        statusLabel.setFocus();
    }

    public Control statusControl() {
        return statusLabel;
    }

    public String statusText() {
        return statusLabel.getText();
    }
}
