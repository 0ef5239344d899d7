package io.uplink.ui.profile;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import io.uplink.core.PersistencePriority;
import io.uplink.profile.PriorityProfile;
import io.uplink.profile.TrafficEstimate;
import io.uplink.ui.AgentControlTracker;
import io.uplink.ui.AgentStatusTracker;
import io.uplink.ui.internal.StatusPoller;

/**
 * The preview column of the profile editor, refreshed every 2 s and after every edit: which priority a typed
 * channel gets and why, and per priority the channels of the running agent and the bytes per day at that threshold.
 */
public final class PreviewSection {
    private static final int REFRESH_MILLIS = 2000;

    private final Supplier<PriorityProfile> profile;
    private final Consumer<int[]> ruleMatches;
    private final ProfilePreview model = new ProfilePreview();
    private final Text channel;
    private final Label channelResult;
    private final Table table;
    private final Label basis;
    private final StatusPoller<ProfilePreview.Frame> poller;
    private volatile String typed = "";
    private volatile PriorityProfile current;

    PreviewSection(Composite parent, Supplier<PriorityProfile> profile, Consumer<int[]> ruleMatches) {
        this.profile = profile;
        this.ruleMatches = ruleMatches;
        this.current = profile.get();
        Group group = new Group(parent, SWT.NONE);
        group.setText("Preview against the running agent");
        group.setLayout(new GridLayout(2, false));
        new Label(group, SWT.NONE).setText("Channel:");
        channel = new Text(group, SWT.BORDER | SWT.SEARCH);
        channel.setMessage("component/channel, e.g. ess0/Soc");
        channel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        channel.addListener(SWT.Modify, e -> {
            typed = channel.getText();
            refreshNow();
        });
        channelResult = new Label(group, SWT.WRAP);
        channelResult.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));

        table = new Table(group, SWT.BORDER | SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        for (String title : new String[] { "Priority", "Channels", "At or above", "timestampedData/day",
                "aggregatedData/day" }) {
            TableColumn column = new TableColumn(table, SWT.RIGHT);
            column.setText(title);
            column.setWidth(title.length() > 12 ? 135 : 75);
        }
        PersistencePriority[] priorities = PersistencePriority.values();
        for (int i = priorities.length - 1; i >= 0; i--) {
            new TableItem(table, SWT.NONE).setText(0, priorities[i].name());
        }
        basis = new Label(group, SWT.WRAP);
        basis.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        poller = new StatusPoller<>("uplink-profile-preview", REFRESH_MILLIS, group.getDisplay(),
                () -> model.compute(current, typed, AgentControlTracker.current(), AgentStatusTracker.current()),
                this::show);
    }

    /** Recomputes now, e.g. after an edit. */
    void refreshNow() {
        current = profile.get();
        poller.pollNow();
    }

    private void show(ProfilePreview.Frame frame) {
        if (table.isDisposed()) {
            return;
        }
        channelResult.setText(frame.channelResult());
        basis.setText(frame.message());
        TrafficEstimate estimate = frame.estimate();
        for (TableItem item : table.getItems()) {
            PersistencePriority priority = PersistencePriority.valueOf(item.getText(0));
            if (estimate == null) {
                for (int column = 1; column < 5; column++) {
                    item.setText(column, "–");
                }
                continue;
            }
            item.setText(1, Long.toString(estimate.channels(priority)));
            item.setText(2, Long.toString(estimate.channelsAtLeast(priority)));
            item.setText(3, mark(TrafficEstimate.formatBytes(estimate.timestampedBytesPerDay(priority)),
                    priority.name().equals(current.persistencePriority().toUpperCase(java.util.Locale.ROOT))));
            item.setText(4, mark(TrafficEstimate.formatBytes(estimate.aggregatedBytesPerDay(priority)),
                    priority.name().equals(current.aggregationPriority().toUpperCase(java.util.Locale.ROOT))));
        }
        ruleMatches.accept(frame.ruleMatches());
        basis.getParent().layout();
    }

    /** The profile's own threshold is marked, so the row that applies reads at a glance. */
    private static String mark(String bytes, boolean threshold) {
        return threshold ? "▶ " + bytes : bytes;
    }

    /** The text in a preview cell, for tests: row by priority, column 1..4. */
    public String cell(PersistencePriority priority, int column) {
        for (TableItem item : table.getItems()) {
            if (item.getText(0).equals(priority.name())) {
                return item.getText(column);
            }
        }
        throw new IllegalArgumentException(priority.name());
    }

    public Text channelField() {
        return channel;
    }

    public String channelResult() {
        return channelResult.getText();
    }

    public String basis() {
        return basis.getText();
    }

    void close() {
        poller.close();
    }
}
