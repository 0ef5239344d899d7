package io.uplink.ui.views;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries.SeriesType;
import org.eclipse.swtchart.Range;

import io.uplink.connector.AgentStatus;
import io.uplink.connector.StatusEvent;
import io.uplink.ui.AgentStatusTracker;
import io.uplink.ui.internal.EventLogText;
import io.uplink.ui.internal.StatusPoller;
import io.uplink.ui.internal.UnableToSendTimeline;

/**
 * UnableToSend as a timeline (when raised, when cleared, for how long) and the agent's event log: connection
 * failures with their diagnosis, to copy or export for whoever runs the Backend.
 */
public class WarningsView extends AgentAbsentView {
    public static final String ID = "io.uplink.ui.views.warnings";
    public static final String TIMELINE_SERIES = "UnableToSend";
    private static final Duration MIN_TIMELINE = Duration.ofMinutes(5);

    private record Frame(boolean agentPresent, List<StatusEvent> events, Instant now) {
    }

    private Label summary;
    private Chart timeline;
    private Table eventTable;
    private StatusPoller<Frame> poller;
    private Frame frame = new Frame(false, List.of(), Instant.now());

    @Override
    protected String purpose() {
        return "Shows when UnableToSend was raised and cleared, and every connection failure with its diagnosis.";
    }

    @Override
    protected boolean showsLiveStatus() {
        return true;
    }

    @Override
    public void createPartControl(Composite parent) {
        super.createPartControl(parent);
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayout(new GridLayout(3, false));
        bar.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        summary = new Label(bar, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button copy = new Button(bar, SWT.PUSH);
        copy.setText("Copy");
        copy.setToolTipText("Copy the event log to the clipboard");
        copy.addListener(SWT.Selection, e -> copyToClipboard());
        Button export = new Button(bar, SWT.PUSH);
        export.setText("Export…");
        export.setToolTipText("Save the event log as a text file");
        export.addListener(SWT.Selection, e -> exportWithDialog());

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        timeline = new Chart(sash, SWT.NONE);
        timeline.getTitle().setText("UnableToSend");
        timeline.getLegend().setVisible(false);
        timeline.getAxisSet().getXAxis(0).getTitle().setText("seconds (0 = now)");
        timeline.getAxisSet().getYAxis(0).getTitle().setText("raised");
        timeline.getAxisSet().getYAxis(0).setRange(new Range(-0.1, 1.2));
        ILineSeries<?> series = (ILineSeries<?>) timeline.getSeriesSet().createSeries(SeriesType.LINE, TIMELINE_SERIES);
        series.setSymbolType(ILineSeries.PlotSymbolType.NONE);
        series.setLineColor(parent.getDisplay().getSystemColor(SWT.COLOR_RED));
        series.setLineWidth(2);
        series.enableArea(true);

        eventTable = new Table(sash, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI);
        eventTable.setHeaderVisible(true);
        eventTable.setLinesVisible(true);
        column("Time", 150);
        column("Event", 170);
        column("Details", 500);
        sash.setWeights(40, 60);

        poller = new StatusPoller<>("uplink-ui-warnings", 1000, parent.getDisplay(), this::computeFrame, this::show);
        setStatusText(NO_AGENT_TEXT);
    }

    private void column(String header, int width) {
        TableColumn column = new TableColumn(eventTable, SWT.LEFT);
        column.setText(header);
        column.setWidth(width);
    }

    private Frame computeFrame() {
        AgentStatus agent = AgentStatusTracker.current().orElse(null);
        return agent == null ? new Frame(false, List.of(), Instant.now()) : new Frame(true, agent.events(), Instant.now());
    }

    private void show(Frame next) {
        if (eventTable.isDisposed()) {
            return;
        }
        boolean eventsChanged = !next.events().equals(frame.events());
        frame = next;
        UnableToSendTimeline unableToSend = UnableToSendTimeline.of(next.events());
        if (!next.agentPresent()) {
            setStatusText(NO_AGENT_TEXT);
        } else if (unableToSend.raisedNow()) {
            UnableToSendTimeline.Interval current = unableToSend.intervals().get(unableToSend.intervals().size() - 1);
            setStatusText("UnableToSend is raised since " + EventLogText.time(current.raised()) + " ("
                    + UnableToSendTimeline.describe(current.length(next.now())) + ")");
        } else {
            setStatusText("UnableToSend is not raised");
        }
        summary.setText(unableToSend.intervals().size() + " UnableToSend period(s), "
                + UnableToSendTimeline.describe(unableToSend.total(next.now())) + " in total; "
                + next.events().stream().filter(e -> e.kind() == StatusEvent.Kind.CONNECT_FAILED
                        || e.kind() == StatusEvent.Kind.CONNECTION_LOST).count() + " connection failure(s)");
        showTimeline(unableToSend, next);
        if (eventsChanged) {
            fillEventTable(next.events());
        }
        summary.getParent().layout();
    }

    private void showTimeline(UnableToSendTimeline unableToSend, Frame next) {
        Instant from = next.now().minus(MIN_TIMELINE);
        if (!next.events().isEmpty() && next.events().get(0).time().isBefore(from)) {
            from = next.events().get(0).time();
        }
        double[][] steps = unableToSend.steps(from, next.now());
        timeline.getSeriesSet().getSeries(TIMELINE_SERIES).setXSeries(steps[0]);
        timeline.getSeriesSet().getSeries(TIMELINE_SERIES).setYSeries(steps[1]);
        timeline.getAxisSet().getXAxis(0).setRange(new Range(steps[0][0], 0));
        timeline.redraw();
    }

    /** Newest first: the technician looks for the latest diagnosis. */
    private void fillEventTable(List<StatusEvent> events) {
        eventTable.setRedraw(false);
        try {
            eventTable.removeAll();
            for (int i = events.size() - 1; i >= 0; i--) {
                StatusEvent event = events.get(i);
                TableItem item = new TableItem(eventTable, SWT.NONE);
                item.setText(new String[] { EventLogText.time(event.time()), EventLogText.kind(event.kind()), event.message() });
                if (event.kind() == StatusEvent.Kind.CONNECT_FAILED || event.kind() == StatusEvent.Kind.CONNECTION_LOST
                        || event.kind() == StatusEvent.Kind.UNABLE_TO_SEND_RAISED) {
                    item.setForeground(eventTable.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
                }
            }
        } finally {
            eventTable.setRedraw(true);
        }
    }

    /** The log as text: what Copy puts on the clipboard and Export writes. */
    public String logText() {
        return EventLogText.format(frame.events(), frame.now());
    }

    public void copyToClipboard() {
        Clipboard clipboard = new Clipboard(eventTable.getDisplay());
        try {
            clipboard.setContents(new Object[] { logText() }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            clipboard.dispose();
        }
    }

    private void exportWithDialog() {
        FileDialog dialog = new FileDialog(eventTable.getShell(), SWT.SAVE);
        dialog.setText("Export the event log");
        dialog.setFileName("uplink-events.txt");
        dialog.setFilterExtensions(new String[] { "*.txt", "*" });
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file == null) {
            return;
        }
        try {
            exportTo(Path.of(file));
        } catch (IOException e) {
            MessageDialog.openError(eventTable.getShell(), "Export failed", "Cannot write " + file + ": " + e.getMessage());
        }
    }

    public void exportTo(Path file) throws IOException {
        Files.writeString(file, logText());
    }

    @Override
    public void dispose() {
        if (poller != null) {
            poller.close();
        }
        super.dispose();
    }
}
