package io.uplink.ui.preferences;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jface.fieldassist.ControlDecoration;
import org.eclipse.jface.fieldassist.FieldDecorationRegistry;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import io.uplink.agent.AgentControl;
import io.uplink.connector.ConfigException;
import io.uplink.connector.ConnectionTestResult;
import io.uplink.connector.ConnectorConfig;
import io.uplink.ui.AgentControlTracker;

/**
 * A preference page over some of the running agent's connector attributes. The agent's configuration is the only
 * store: the page shows it, validates every keystroke with {@link ConnectorConfig#withChanges} (the rules the agent
 * applies, so the messages name the attribute and what is accepted), and OK/Apply hands the changes to the agent,
 * which applies them without a restart and persists them (secrets into secure storage). "Test Connection" runs the
 * whole connection chain once with the values on the page.
 */
public abstract class AgentSettingsPage extends PreferencePage implements IWorkbenchPreferencePage {
    public static final String NO_AGENT_TEXT = "No agent is running in this workbench. Start the workbench with agent"
            + " options (e.g. ./run.sh) to change its settings.";
    static final Map<String, String> LABELS = labels();

    private final Map<String, Control> fields = new LinkedHashMap<>();
    private final Map<String, ControlDecoration> decorations = new LinkedHashMap<>();
    private AgentControl control;
    private Label testResult;

    /** The attributes this page edits, in order. */
    protected abstract List<String> attributes();

    /** A sentence on top of the page. */
    protected abstract String intro();

    @Override
    public void init(IWorkbench workbench) {
        noDefaultAndApplyButton();
    }

    @Override
    protected Control createContents(Composite parent) {
        control = AgentControlTracker.current().orElse(null);
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(3, false));
        Label intro = new Label(page, SWT.WRAP);
        intro.setText(control == null ? NO_AGENT_TEXT : intro());
        GridData introData = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        introData.widthHint = 420;
        intro.setLayoutData(introData);
        if (control == null) {
            return page;
        }
        ConnectorConfig config = control.config();
        for (String name : attributes()) {
            ConnectorConfig.attributes().stream().filter(a -> a.name().equals(name)).findFirst()
                    .ifPresent(attribute -> addField(page, attribute, config));
        }
        Button test = new Button(page, SWT.PUSH);
        test.setText("Test Connection");
        test.addListener(SWT.Selection, e -> testConnection());
        testResult = new Label(page, SWT.WRAP);
        GridData resultData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        resultData.widthHint = 360;
        testResult.setLayoutData(resultData);
        validate();
        return page;
    }

    private void addField(Composite page, ConnectorConfig.Attribute attribute, ConnectorConfig config) {
        String name = attribute.name();
        new Label(page, SWT.NONE).setText(LABELS.getOrDefault(name, name) + ":");
        Control field;
        Object value = attribute.password() ? "" : config.value(name);
        if (value instanceof Boolean flag) {
            Button check = new Button(page, SWT.CHECK);
            check.setSelection(flag);
            check.addListener(SWT.Selection, e -> validate());
            field = check;
        } else if (value instanceof Enum<?> current) {
            // spelled as the configuration spells it (HIGH, but resend-only), so an untouched combo is no change
            boolean lowerCase = !config.toProperties().get(name).equals(current.name());
            Combo combo = new Combo(page, SWT.READ_ONLY);
            for (Object constant : current.getDeclaringClass().getEnumConstants()) {
                String constantName = ((Enum<?>) constant).name();
                combo.add(lowerCase ? constantName.toLowerCase(java.util.Locale.ROOT).replace('_', '-') : constantName);
            }
            combo.select(current.ordinal());
            combo.addListener(SWT.Modify, e -> validate());
            field = combo;
        } else {
            Text text = new Text(page, SWT.BORDER | (attribute.password() ? SWT.PASSWORD : SWT.NONE));
            text.setText(value.toString());
            if (attribute.password()) {
                text.setMessage("unchanged; type to replace");
            }
            text.addListener(SWT.Modify, e -> validate());
            field = text;
        }
        field.setToolTipText(attribute.description() + " [" + attribute.accepted() + "]");
        boolean file = name.endsWith("File");
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false, file ? 1 : 2, 1);
        data.horizontalIndent = 8;
        field.setLayoutData(data);
        if (file) {
            Button browse = new Button(page, SWT.PUSH);
            browse.setText("Browse…");
            browse.addListener(SWT.Selection, e -> {
                String chosen = new FileDialog(getShell(), SWT.OPEN).open();
                if (chosen != null) {
                    ((Text) field).setText(chosen);
                }
            });
        }
        ControlDecoration decoration = new ControlDecoration(field, SWT.LEFT | SWT.CENTER);
        decoration.setImage(FieldDecorationRegistry.getDefault().getFieldDecoration(FieldDecorationRegistry.DEC_ERROR).getImage());
        decoration.hide();
        fields.put(name, field);
        decorations.put(name, decoration);
    }

    /** What the page would change: fields that differ from the running configuration; secrets only when typed. */
    Map<String, String> changes() {
        Map<String, String> changes = new LinkedHashMap<>();
        ConnectorConfig config = control.config();
        Map<String, String> current = config.toProperties();
        fields.forEach((name, field) -> {
            String text = switch (field) {
                case Button check -> Boolean.toString(check.getSelection());
                case Combo combo -> combo.getText();
                case Text input -> input.getText();
                default -> throw new IllegalStateException(field.toString());
            };
            boolean secret = !current.containsKey(name);
            if (secret ? !text.isEmpty() : !text.equals(current.get(name))) {
                changes.put(name, text);
            }
        });
        return changes;
    }

    /** Checks the page with the agent's own rules; the message names the attribute and what is accepted. */
    private Optional<ConnectorConfig> validate() {
        decorations.values().forEach(ControlDecoration::hide);
        try {
            ConnectorConfig candidate = control.config().withChanges(changes());
            setErrorMessage(null);
            setValid(true);
            return Optional.of(candidate);
        } catch (ConfigException e) {
            setErrorMessage(e.getMessage());
            setValid(false);
            ControlDecoration decoration = decorations.get(e.attribute());
            if (decoration != null) {
                decoration.setDescriptionText(e.getMessage());
                decoration.show();
            }
            return Optional.empty();
        }
    }

    private void testConnection() {
        Optional<ConnectorConfig> candidate = validate();
        if (candidate.isEmpty()) {
            testResult.setText("Not tested: " + getErrorMessage());
            return;
        }
        testResult.setText("Testing " + candidate.get().uri() + " …");
        AgentControl agent = control;
        Thread worker = new Thread(() -> {
            ConnectionTestResult result = agent.testConnection(candidate.get());
            String text = (result.connected() ? "Connection works: " : "Connection fails: ") + result.diagnosis()
                    + (result.detail() == null || result.detail().isEmpty() ? "" : " — " + result.detail());
            testResult.getDisplay().asyncExec(() -> {
                if (!testResult.isDisposed()) {
                    testResult.setText(text);
                    testResult.getParent().layout();
                }
            });
        }, "uplink-test-connection");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public boolean performOk() {
        if (control == null) {
            return true;
        }
        Map<String, String> changes = changes();
        if (changes.isEmpty()) {
            return true;
        }
        try {
            control.updateConfig(changes);
            fields.forEach((name, field) -> {
                if (field instanceof Text text && (text.getStyle() & SWT.PASSWORD) != 0) {
                    text.setText(""); // stored: the field goes back to "unchanged"
                }
            });
            return true;
        } catch (ConfigException e) {
            setErrorMessage(e.getMessage());
            return false;
        } catch (java.io.IOException e) {
            setErrorMessage("Not saved: " + e.getMessage());
            return false;
        }
    }

    /** The field of an attribute, for tests. */
    public Control field(String attribute) {
        return fields.get(attribute);
    }

    /** The "Test Connection" result line, for tests. */
    public String testResultText() {
        return testResult == null ? "" : testResult.getText();
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("uri", "Backend URI");
        labels.put("apikey", "API key");
        labels.put("apiTimeout", "API timeout (s)");
        labels.put("persistencePriority", "Persistence priority");
        labels.put("aggregationPriority", "Aggregation priority");
        labels.put("resendPriority", "Resend priority");
        labels.put("debugMode", "Debug mode");
        labels.put("proxyType", "Proxy type");
        labels.put("proxyAddress", "Proxy host");
        labels.put("proxyPort", "Proxy port");
        labels.put("proxyUsername", "Proxy user");
        labels.put("proxyPassword", "Proxy password");
        labels.put("tlsCaFile", "CA bundle (PEM)");
        labels.put("tlsClientCertFile", "Client certificate (PEM)");
        labels.put("tlsClientKeyFile", "Client key (PKCS#8 PEM)");
        labels.put("tlsExpiryWarningDays", "Certificate expiry warning (days)");
        labels.put("reconnectBaseSeconds", "Reconnect base (s)");
        labels.put("reconnectMaxSeconds", "Reconnect max (s)");
        labels.put("replayMode", "Replay mode");
        labels.put("backlogMaxMegabytes", "Backlog size limit (MiB)");
        labels.put("backlogMinFreeMegabytes", "Keep free on disk (MiB)");
        labels.put("backlogCommitSeconds", "Write unconfirmed rows every (s)");
        labels.put("replayGraceSeconds", "Replay waits after connecting (s)");
        labels.put("replayWindowJitterSeconds", "Window phase random delay up to (s)");
        labels.put("replayRawJitterMaxSeconds", "Raw phase random delay up to (s)");
        labels.put("replaySpeed", "Replay speed (× real time)");
        labels.put("replayBytesPerSecond", "Replay byte rate (B/s)");
        labels.put("replayWindowMessagesPerSecond", "Window messages per second");
        labels.put("replayMaxAgeDays", "Replay nothing older than (days)");
        labels.put("liveBarrierSeconds", "Confirm live data every (s)");
        labels.put("barrierTimeoutSeconds", "Confirmation timeout (s)");
        return labels;
    }
}
