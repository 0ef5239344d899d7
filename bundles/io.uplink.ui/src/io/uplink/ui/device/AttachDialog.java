package io.uplink.ui.device;

import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.uplink.management.Fingerprints;
import io.uplink.management.ManagementException;
import io.uplink.management.RemoteAgent;
import io.uplink.ui.WatchedAgents;
import io.uplink.ui.internal.KnownDevices;

/**
 * "Attach to Device…": host, port, token and TLS of the agent's management endpoint. With TLS the device's
 * certificate fingerprint is shown the first time for the technician to compare with what the agent printed, and
 * pinned once confirmed. The attempt runs off the UI thread; a failure is said in the dialog, and what was typed
 * stays.
 */
public final class AttachDialog extends TitleAreaDialog {
    public static final String TITLE = "Attach to Device";
    private static final String INTRO = "Attach to the agent on a device: it must run with --management=HOST:PORT."
            + " The token is in its data directory (management-token).";

    private Combo recent;
    private Text host;
    private Text port;
    private Text token;
    private Button tls;
    private Label fingerprintLabel;
    private Text fingerprint;
    private Button confirm;
    private String presentedFingerprint;
    private volatile boolean attaching;
    private String message;
    private List<RemoteAgent.Target> recentTargets = List.of();

    public AttachDialog(Shell parent) {
        super(parent);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(TITLE);
        setMessage(INTRO);
        Composite form = new Composite(area, SWT.NONE);
        form.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        form.setLayout(new GridLayout(2, false));

        recentTargets = KnownDevices.recent();
        new Label(form, SWT.NONE).setText("Recent devices:");
        recent = new Combo(form, SWT.READ_ONLY);
        recent.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        for (RemoteAgent.Target target : recentTargets) {
            recent.add(target.display() + (target.tls() ? " (TLS)" : ""));
        }
        recent.setEnabled(!recentTargets.isEmpty());
        recent.addListener(SWT.Selection, e -> fillFrom(recentTargets.get(recent.getSelectionIndex())));

        host = field(form, "Host:", SWT.NONE);
        port = field(form, "Port:", SWT.NONE);
        port.setText("8090");
        token = field(form, "Token:", SWT.PASSWORD);
        new Label(form, SWT.NONE);
        tls = new Button(form, SWT.CHECK);
        tls.setText("TLS (the agent runs with --management-tls)");
        tls.addListener(SWT.Selection, e -> clearFingerprint());

        fingerprintLabel = new Label(form, SWT.NONE);
        fingerprintLabel.setText("Certificate SHA-256:");
        fingerprint = new Text(form, SWT.READ_ONLY | SWT.WRAP | SWT.BORDER);
        GridData fingerprintData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        fingerprintData.widthHint = 420;
        fingerprint.setLayoutData(fingerprintData);
        new Label(form, SWT.NONE);
        confirm = new Button(form, SWT.CHECK);
        confirm.setText("It is the fingerprint the device's agent printed");
        showFingerprint(false);
        host.addListener(SWT.Modify, e -> clearFingerprint());
        port.addListener(SWT.Modify, e -> clearFingerprint());
        return area;
    }

    private static Text field(Composite form, String label, int style) {
        new Label(form, SWT.NONE).setText(label);
        Text text = new Text(form, SWT.BORDER | style);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return text;
    }

    private void fillFrom(RemoteAgent.Target target) {
        host.setText(target.host());
        port.setText(Integer.toString(target.port()));
        tls.setSelection(target.tls());
        token.setText(KnownDevices.token(target).orElse(""));
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "Attach", true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
    }

    @Override
    protected void okPressed() {
        if (attaching) {
            return;
        }
        RemoteAgent.Target target;
        try {
            int number = Integer.parseInt(port.getText().strip());
            if (host.getText().isBlank() || number < 1 || number > 65535) {
                throw new NumberFormatException();
            }
            target = new RemoteAgent.Target(host.getText().strip(), number, tls.getSelection());
        } catch (NumberFormatException e) {
            showError("Give the device's host and a port from 1 to 65535.");
            return;
        }
        if (token.getText().isBlank()) {
            showError("Give the management token.");
            return;
        }
        String pin = null;
        if (target.tls()) {
            if (presentedFingerprint != null) {
                if (!confirm.getSelection()) {
                    showError("Compare the fingerprint with the one the device's agent printed, then confirm it.");
                    return;
                }
                pin = presentedFingerprint;
            } else {
                pin = KnownDevices.pinnedFingerprint(target).orElse(null);
            }
        }
        String typedToken = token.getText();
        String confirmedPin = pin;
        attaching = true;
        getButton(IDialogConstants.OK_ID).setEnabled(false);
        setErrorMessage(null);
        setMessage("Attaching to " + target.display() + " …");
        message = null;
        Thread worker = new Thread(() -> {
            try {
                RemoteAgent agent = RemoteAgent.attach(target, typedToken, confirmedPin);
                KnownDevices.remember(target, typedToken, confirmedPin);
                getShell().getDisplay().asyncExec(() -> attached(agent));
            } catch (ManagementException e) {
                getShell().getDisplay().asyncExec(() -> failed(target, e));
            } catch (RuntimeException e) {
                getShell().getDisplay().asyncExec(() -> failed(target,
                        new ManagementException(ManagementException.Reason.PROTOCOL, e.toString())));
            }
        }, "uplink-attach " + target.display());
        worker.setDaemon(true);
        worker.start();
    }

    private void attached(RemoteAgent agent) {
        attaching = false;
        if (getShell() == null || getShell().isDisposed()) {
            agent.close(); // the dialog was cancelled meanwhile
            return;
        }
        WatchedAgents.attach(agent);
        super.okPressed();
    }

    private void failed(RemoteAgent.Target target, ManagementException e) {
        attaching = false;
        if (getShell() == null || getShell().isDisposed()) {
            return;
        }
        getButton(IDialogConstants.OK_ID).setEnabled(true);
        setMessage(INTRO);
        if (e.reason() == ManagementException.Reason.UNCONFIRMED_FINGERPRINT
                || e.reason() == ManagementException.Reason.FINGERPRINT_MISMATCH) {
            presentedFingerprint = e.fingerprint();
            fingerprint.setText(e.fingerprint());
            confirm.setSelection(false);
            showFingerprint(true);
        }
        showError(e.getMessage());
    }

    private void showFingerprint(boolean visible) {
        for (Control control : new Control[] { fingerprintLabel, fingerprint, confirm }) {
            control.setVisible(visible);
            ((GridData) (control.getLayoutData() == null ? newData(control) : control.getLayoutData())).exclude = !visible;
        }
        fingerprint.getParent().layout(true, true);
        getShell().pack();
    }

    private static GridData newData(Control control) {
        GridData data = new GridData();
        control.setLayoutData(data);
        return data;
    }

    private void clearFingerprint() {
        if (presentedFingerprint != null) {
            presentedFingerprint = null;
            showFingerprint(false);
        }
    }

    private void showError(String text) {
        message = text;
        setErrorMessage(text);
    }

    /** The last error the dialog shows, for tests. */
    public String errorText() {
        return message;
    }

    /** The fingerprint the dialog asks to confirm, or null. */
    public String shownFingerprint() {
        return presentedFingerprint == null ? null : Fingerprints.normalize(presentedFingerprint).isEmpty() ? null
                : presentedFingerprint;
    }

    @Override
    protected boolean isResizable() {
        return true;
    }
}
