package io.uplink.ui.views;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries.SeriesType;
import org.eclipse.swtchart.LineStyle;
import org.eclipse.swtchart.Range;

import io.uplink.connector.AgentStatus;
import io.uplink.connector.BacklogStatus;
import io.uplink.connector.ReplayProgress;
import io.uplink.core.PersistencePriority;
import io.uplink.ui.AgentStatusTracker;
import io.uplink.ui.internal.BacklogHistory;
import io.uplink.ui.internal.StatusPoller;

/**
 * The backlog waiting to be resent after an outage: rows and bytes by priority, the oldest row's age, the replay's
 * progress with rate and time left, {@code LastSuccessfulResend}, evictions, and a chart of the backlog over the
 * last 10 minutes. A running replay also shows in the workbench's Progress view (a job), so it stays visible when
 * this view is closed.
 */
public class ResendView extends AgentAbsentView {
    public static final String ID = "io.uplink.ui.views.resend";
    public static final String BACKLOG_UNAVAILABLE_TEXT = "The agent runs without a backlog (replayMode=off, or it"
            + " could not be opened): nothing is kept for resending.";
    public static final String ROWS_SERIES = "backlog rows";
    private static final int HISTORY_SECONDS = 600;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Composite details;
    private Table priorities;
    private ProgressBar progress;
    private Label progressText;
    private Label oldestValue;
    private Label lastResendValue;
    private Label evictedValue;
    private Label duplicatesValue;
    private Label problemValue;
    private Chart chart;
    private StatusPoller<Frame> poller;
    private final BacklogHistory history = new BacklogHistory(HISTORY_SECONDS);
    private ReplayJob job;

    private record Frame(boolean agent, BacklogStatus backlog, BacklogHistory.Series series) {
    }

    @Override
    protected String purpose() {
        return "Shows the backlog waiting to be resent, by priority, and the progress of the resend.";
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
        details.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        progress = new ProgressBar(details, SWT.HORIZONTAL | SWT.SMOOTH);
        progress.setMaximum(1000);
        progress.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        progressText = new Label(details, SWT.WRAP);
        progressText.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));

        priorities = new Table(details, SWT.BORDER | SWT.FULL_SELECTION);
        priorities.setHeaderVisible(true);
        priorities.setLinesVisible(true);
        for (String title : new String[] { "Priority", "Rows", "kB" }) {
            TableColumn column = new TableColumn(priorities, title.equals("Priority") ? SWT.LEFT : SWT.RIGHT);
            column.setText(title);
            column.setWidth(110);
        }
        for (PersistencePriority priority : reversedPriorities()) {
            new TableItem(priorities, SWT.NONE).setText(0, priority.name());
        }
        priorities.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false, 1, 5));
        oldestValue = valueLabel();
        lastResendValue = valueLabel();
        evictedValue = valueLabel();
        duplicatesValue = valueLabel();
        problemValue = valueLabel();

        chart = new Chart(details, SWT.NONE);
        chart.getTitle().setText("Backlog");
        chart.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        IAxis x = chart.getAxisSet().getXAxis(0);
        x.getTitle().setText("seconds (0 = now)");
        x.setRange(new Range(-HISTORY_SECONDS, 0));
        chart.getAxisSet().getYAxis(0).getTitle().setText("rows");
        ILineSeries<?> rows = (ILineSeries<?>) chart.getSeriesSet().createSeries(SeriesType.LINE, ROWS_SERIES);
        Color color = chart.getDisplay().getSystemColor(SWT.COLOR_DARK_BLUE);
        rows.setLineColor(color);
        rows.setSymbolType(ILineSeries.PlotSymbolType.NONE);
        rows.setLineStyle(LineStyle.SOLID);
        rows.setLineWidth(2);

        details.setVisible(false);
        poller = new StatusPoller<>("uplink-ui-resend", 1000, parent.getDisplay(), this::computeFrame, this::show);
    }

    private Label valueLabel() {
        Label value = new Label(details, SWT.WRAP);
        value.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return value;
    }

    private static PersistencePriority[] reversedPriorities() {
        PersistencePriority[] all = PersistencePriority.values();
        PersistencePriority[] reversed = new PersistencePriority[all.length];
        for (int i = 0; i < all.length; i++) {
            reversed[i] = all[all.length - 1 - i];
        }
        return reversed;
    }

    /** Off the UI thread: reads the agent and samples the history. */
    private Frame computeFrame() {
        AgentStatus agent = AgentStatusTracker.current().orElse(null);
        if (agent == null) {
            return new Frame(false, BacklogStatus.NOT_AVAILABLE, null);
        }
        BacklogStatus backlog = agent.backlog();
        long now = System.nanoTime();
        if (backlog.available()) {
            history.add(now, backlog.rows(), backlog.bytes());
        }
        return new Frame(true, backlog, history.series(now));
    }

    private void show(Frame frame) {
        if (details == null || details.isDisposed()) {
            return;
        }
        BacklogStatus backlog = frame.backlog();
        boolean visible = frame.agent() && backlog.available();
        details.setVisible(visible);
        if (!frame.agent()) {
            setStatusText(NO_AGENT_TEXT);
            return;
        }
        if (!backlog.available()) {
            setStatusText(BACKLOG_UNAVAILABLE_TEXT);
            return;
        }
        ReplayProgress replay = backlog.replay();
        setStatusText(headline(backlog));
        progress.setSelection((int) Math.round(replay.fraction() * 1000));
        progressText.setText(replay.active()
                ? String.format(Locale.ROOT, "%s: %d of %d rows resent (%.0f %%), %.1f rows/s, %s left", replay.phase(),
                        replay.rowsDone(), replay.rowsDone() + replay.rowsLeft(), replay.fraction() * 100,
                        replay.rowsPerSecond(), replay.secondsLeft() < 0 ? "time unknown" : replay.secondsLeft() + " s")
                : "No replay running (" + replay.phase() + "); replay mode " + backlog.mode().text());
        int i = 0;
        for (PersistencePriority priority : reversedPriorities()) {
            TableItem item = priorities.getItem(i++);
            item.setText(1, Long.toString(backlog.rowsByPriority().getOrDefault(priority, 0L)));
            item.setText(2, String.format(Locale.ROOT, "%.1f", backlog.bytesByPriority().getOrDefault(priority, 0L) / 1000.0));
        }
        oldestValue.setText("Oldest row: " + (backlog.oldestRowAgeSeconds() < 0 ? "–" : age(backlog.oldestRowAgeSeconds())));
        lastResendValue.setText("LastSuccessfulResend: " + (backlog.lastSuccessfulResend() == 0 ? "never"
                : TIME.format(Instant.ofEpochSecond(backlog.lastSuccessfulResend()))));
        evictedValue.setText(String.format(Locale.ROOT, "Evicted: %d rows (%.1f kB); lost: %d rows", backlog.evictedRows(),
                backlog.evictedBytes() / 1000.0, backlog.lostRows()));
        duplicatesValue.setText("May reach the Backend twice: " + backlog.possibleDuplicates() + " rows; live rows confirmed: "
                + backlog.liveConfirmed() + "; awaiting confirmation: " + backlog.awaitingConfirmation());
        problemValue.setText(backlog.problem() == null ? "No problem" : "Problem: " + backlog.problem());
        if (frame.series() != null) {
            chart.getSeriesSet().getSeries(ROWS_SERIES).setXSeries(frame.series().secondsAgo());
            chart.getSeriesSet().getSeries(ROWS_SERIES).setYSeries(frame.series().rows());
            chart.getAxisSet().getYAxis(0).adjustRange();
            chart.redraw();
        }
        followReplayWithJob(replay);
        details.layout(true, true);
    }

    /** The figures below the progress bar, one per line (for tests and copy). */
    public String detailText() {
        return String.join("\n", progressText.getText(), oldestValue.getText(), lastResendValue.getText(),
                evictedValue.getText(), duplicatesValue.getText(), problemValue.getText());
    }

    /** Rows per priority as shown in the table, e.g. "HIGH=12". */
    public String priorityText() {
        StringBuilder text = new StringBuilder();
        for (TableItem item : priorities.getItems()) {
            text.append(item.getText(0)).append('=').append(item.getText(1)).append(' ');
        }
        return text.toString().strip();
    }

    /** The y values of the backlog chart (rows). */
    public double[] chartRows() {
        return chart.getSeriesSet().getSeries(ROWS_SERIES).getYSeries();
    }

    /** The status line in plain words, e.g. "1,234 rows (96.0 kB) waiting; resending". */
    static String headline(BacklogStatus backlog) {
        if (backlog.rows() == 0) {
            return "Backlog empty: everything was delivered.";
        }
        long toResend = backlog.rows() - Math.min(backlog.rows(), backlog.awaitingConfirmation());
        if (toResend == 0) {
            return String.format(Locale.ROOT, "Nothing to resend; %,d rows sent live await the Backend's confirmation",
                    backlog.rows());
        }
        return String.format(Locale.ROOT, "%,d rows (%.1f kB) waiting to be resent%s", backlog.rows(),
                backlog.bytes() / 1000.0, backlog.replay().active() ? "; resending" : "");
    }

    private static String age(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
    }

    /** Starts a Progress-view job while a replay runs; the job ends with the replay. */
    private void followReplayWithJob(ReplayProgress replay) {
        if (replay.active() && (job == null || job.getState() == Job.NONE)) {
            job = new ReplayJob();
            job.schedule();
        }
    }

    /** Reports the replay to the workbench's progress reporting, in thousandths. */
    private static final class ReplayJob extends Job {
        ReplayJob() {
            super("Resending the backlog to the Backend");
            setUser(false);
            setSystem(false);
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            monitor.beginTask("Resending the backlog", 1000);
            int reported = 0;
            while (!monitor.isCanceled()) {
                AgentStatus agent = AgentStatusTracker.current().orElse(null);
                ReplayProgress replay = agent == null ? ReplayProgress.NONE : agent.backlog().replay();
                if (!replay.active()) {
                    break;
                }
                int done = (int) Math.round(replay.fraction() * 1000);
                if (done > reported) {
                    monitor.worked(done - reported);
                    reported = done;
                }
                monitor.subTask(String.format(Locale.ROOT, "%d rows left, %.1f rows/s", replay.rowsLeft(),
                        replay.rowsPerSecond()));
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            monitor.done();
            return Status.OK_STATUS;
        }
    }

    @Override
    public void dispose() {
        if (poller != null) {
            poller.close();
        }
        if (job != null) {
            job.cancel();
        }
        super.dispose();
    }
}
