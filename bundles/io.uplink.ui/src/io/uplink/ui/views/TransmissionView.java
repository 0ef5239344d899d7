package io.uplink.ui.views;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;

import io.uplink.connector.AgentStatus;
import io.uplink.connector.ChannelRow;
import io.uplink.connector.StatusSnapshot;
import io.uplink.core.PersistencePriority;
import io.uplink.ui.AgentStatusTracker;
import io.uplink.ui.internal.ChannelCells;
import io.uplink.ui.internal.ChannelFilter;
import io.uplink.ui.internal.RateCharts;
import io.uplink.ui.internal.StatusPoller;
import io.uplink.ui.internal.TransmissionRates;

/**
 * Every channel the agent reads and what it sent, in a virtual table (only visible rows are ever built), with
 * a filter and live rate charts. The agent is read and the rows filtered on a background thread once a second;
 * the UI thread only swaps in the result and repaints what is visible.
 */
public class TransmissionView extends AgentAbsentView {
    public static final String ID = "io.uplink.ui.views.transmission";
    public static final String ANY_PRIORITY = "any priority";
    private static final int CHART_SECONDS = 300;
    private static final int KEPT_REFRESH_TIMES = 120;

    /** What the background thread prepared for one refresh. */
    private record Frame(boolean agentPresent, StatusSnapshot snapshot, List<ChannelRow> rows, int[] shown,
            TransmissionRates.Series rates) {
    }

    private final TransmissionRates rates = new TransmissionRates(Duration.ofSeconds(CHART_SECONDS));
    private final List<Long> refreshNanos = new ArrayList<>();
    private volatile ChannelFilter filter = ChannelFilter.NONE;
    private TableViewer viewer;
    private Text filterText;
    private Combo priorityCombo;
    private Label summary;
    private RateCharts charts;
    private StatusPoller<Frame> poller;
    private Frame frame = new Frame(false, null, List.of(), new int[0], rates.series());

    @Override
    protected String purpose() {
        return "Lists every channel the agent reads and what it sends: value, priority, last sent, delta or full.";
    }

    @Override
    protected boolean showsLiveStatus() {
        return true;
    }

    @Override
    public void createPartControl(Composite parent) {
        super.createPartControl(parent);
        Composite filterRow = new Composite(parent, SWT.NONE);
        filterRow.setLayout(new GridLayout(5, false));
        filterRow.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(filterRow, SWT.NONE).setText("Filter:");
        filterText = new Text(filterRow, SWT.BORDER | SWT.SEARCH | SWT.ICON_CANCEL);
        filterText.setMessage("part of the address, e.g. meter0/");
        filterText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(filterRow, SWT.NONE).setText("Priority:");
        priorityCombo = new Combo(filterRow, SWT.READ_ONLY);
        priorityCombo.add(ANY_PRIORITY);
        for (PersistencePriority priority : PersistencePriority.values()) {
            priorityCombo.add(priority.name());
        }
        priorityCombo.select(0);
        summary = new Label(filterRow, SWT.NONE);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        filterText.addModifyListener(e -> filterChanged());
        priorityCombo.addListener(SWT.Selection, e -> filterChanged());

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        createTable(sash);
        charts = new RateCharts(sash, CHART_SECONDS);
        sash.setWeights(60, 40);

        poller = new StatusPoller<>("uplink-ui-transmission", 1000, parent.getDisplay(), this::computeFrame, this::show);
        setStatusText(NO_AGENT_TEXT);
    }

    private void createTable(Composite parent) {
        viewer = new TableViewer(parent, SWT.VIRTUAL | SWT.FULL_SELECTION | SWT.BORDER | SWT.MULTI);
        Table table = viewer.getTable();
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (int i = 0; i < ChannelCells.HEADERS.length; i++) {
            int column = i;
            TableViewerColumn viewerColumn = new TableViewerColumn(viewer, SWT.LEFT);
            viewerColumn.getColumn().setText(ChannelCells.HEADERS[i]);
            viewerColumn.getColumn().setWidth(ChannelCells.WIDTHS[i]);
            viewerColumn.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return ChannelCells.text((ChannelRow) element, column);
                }
            });
        }
        viewer.setContentProvider(new ILazyContentProvider() {
            @Override
            public void updateElement(int index) {
                Frame current = frame;
                if (index < current.shown().length) {
                    viewer.replace(current.rows().get(current.shown()[index]), index);
                }
            }

            @Override
            public void inputChanged(Viewer changed, Object oldInput, Object newInput) {
                // the input is only a token: rows come from the current frame
            }
        });
        viewer.setInput(this);
        viewer.setItemCount(0);
    }

    private void filterChanged() {
        int selected = priorityCombo.getSelectionIndex();
        PersistencePriority priority = selected <= 0 ? null : PersistencePriority.values()[selected - 1];
        filter = new ChannelFilter(filterText.getText(), priority);
        poller.pollNow();
    }

    /** Background thread: read the agent, filter, compute the rates. */
    private Frame computeFrame() {
        AgentStatus agent = AgentStatusTracker.current().orElse(null);
        if (agent == null) {
            rates.clear();
            return new Frame(false, null, List.of(), new int[0], rates.series());
        }
        StatusSnapshot snapshot = agent.snapshot();
        rates.add(Instant.now(), snapshot.counters());
        List<ChannelRow> rows = agent.channelTable();
        return new Frame(true, snapshot, rows, filter.select(rows), rates.series());
    }

    /** UI thread: swap in the frame, let the table re-ask for the visible rows, update the charts. */
    private void show(Frame next) {
        Table table = viewer.getTable();
        if (table.isDisposed()) {
            return;
        }
        long started = System.nanoTime();
        frame = next;
        setStatusText(next.agentPresent() ? String.format(Locale.ROOT, "%,d channels read; connection %s",
                next.snapshot().channelCount(), next.snapshot().state()) : NO_AGENT_TEXT);
        summary.setText(String.format(Locale.ROOT, "%,d of %,d channels shown", next.shown().length, next.rows().size()));
        if (table.getItemCount() != next.shown().length) {
            viewer.setItemCount(next.shown().length);
        }
        // a virtual table re-asks only for the rows it shows; the others are built when scrolled into view
        table.clearAll();
        charts.show(next.rates());
        table.getParent().update(); // paint now, so that the measured time includes building the visible rows
        recordRefreshTime(System.nanoTime() - started);
    }

    private void recordRefreshTime(long nanos) {
        synchronized (refreshNanos) {
            if (refreshNanos.size() == KEPT_REFRESH_TIMES) {
                refreshNanos.remove(0);
            }
            refreshNanos.add(nanos);
        }
    }

    /** UI-thread time of the last refreshes, oldest first (each: swap, table refresh, charts, paint). */
    public List<Long> refreshNanos() {
        synchronized (refreshNanos) {
            return List.copyOf(refreshNanos);
        }
    }

    public RateCharts charts() {
        return charts;
    }

    @Override
    public void dispose() {
        if (poller != null) {
            poller.close();
        }
        super.dispose();
    }
}
