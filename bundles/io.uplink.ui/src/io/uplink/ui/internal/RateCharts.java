package io.uplink.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.ISeries.SeriesType;
import org.eclipse.swtchart.LineStyle;
import org.eclipse.swtchart.Range;

/** Two live charts: messages/s (full, delta, aggregated) and throughput (values/s, kB/s on a second axis). */
public final class RateCharts {
    public static final String FULL = "full msg/s";
    public static final String DELTA = "delta msg/s";
    public static final String AGGREGATED = "aggregated msg/s";
    public static final String VALUES = "values/s";
    public static final String KILOBYTES = "kB/s";

    private final Composite composite;
    private final Chart messages;
    private final Chart throughput;
    private final int windowSeconds;

    public RateCharts(Composite parent, int windowSeconds) {
        this.windowSeconds = windowSeconds;
        composite = new Composite(parent, SWT.NONE);
        composite.setLayout(new FillLayout(SWT.HORIZONTAL));
        messages = chart("Messages per second");
        line(messages, FULL, SWT.COLOR_DARK_BLUE, 0);
        line(messages, DELTA, SWT.COLOR_DARK_GREEN, 0);
        line(messages, AGGREGATED, SWT.COLOR_DARK_MAGENTA, 0);
        messages.getAxisSet().getYAxis(0).getTitle().setText("messages/s");

        throughput = chart("Throughput");
        throughput.getAxisSet().getYAxis(0).getTitle().setText("values/s");
        int kilobytesAxis = throughput.getAxisSet().createYAxis();
        IAxis right = throughput.getAxisSet().getYAxis(kilobytesAxis);
        right.setPosition(IAxis.Position.Secondary);
        right.getTitle().setText("kB/s");
        line(throughput, VALUES, SWT.COLOR_DARK_CYAN, 0);
        line(throughput, KILOBYTES, SWT.COLOR_DARK_RED, kilobytesAxis);
    }

    public Composite control() {
        return composite;
    }

    private Chart chart(String title) {
        Chart chart = new Chart(composite, SWT.NONE);
        chart.getTitle().setText(title);
        IAxis x = chart.getAxisSet().getXAxis(0);
        x.getTitle().setText("seconds (0 = now)");
        x.setRange(new Range(-windowSeconds, 0));
        return chart;
    }

    private static void line(Chart chart, String id, int color, int yAxis) {
        ILineSeries<?> series = (ILineSeries<?>) chart.getSeriesSet().createSeries(SeriesType.LINE, id);
        Color lineColor = chart.getDisplay().getSystemColor(color);
        series.setLineColor(lineColor);
        series.setSymbolType(ILineSeries.PlotSymbolType.NONE);
        series.setLineStyle(LineStyle.SOLID);
        series.setLineWidth(2);
        series.setYAxisId(yAxis);
    }

    /** Shows the series; called on the UI thread once per refresh. */
    public void show(TransmissionRates.Series series) {
        set(messages, FULL, series.secondsAgo(), series.fullMessages());
        set(messages, DELTA, series.secondsAgo(), series.deltaMessages());
        set(messages, AGGREGATED, series.secondsAgo(), series.aggregatedMessages());
        set(throughput, VALUES, series.secondsAgo(), series.values());
        set(throughput, KILOBYTES, series.secondsAgo(), series.kilobytes());
        for (Chart chart : new Chart[] { messages, throughput }) {
            for (IAxis axis : chart.getAxisSet().getYAxes()) {
                axis.adjustRange();
                Range range = axis.getRange();
                axis.setRange(new Range(0, Math.max(1, range.upper * 1.1))); // rates are never negative
            }
            chart.getAxisSet().getXAxis(0).setRange(new Range(-windowSeconds, 0));
            chart.redraw();
        }
    }

    private static void set(Chart chart, String id, double[] x, double[] y) {
        ISeries<?> series = chart.getSeriesSet().getSeries(id);
        series.setXSeries(x);
        series.setYSeries(y);
    }

    /** The y values a series shows now (for tests). */
    public double[] shown(String id) {
        Chart chart = messages.getSeriesSet().getSeries(id) != null ? messages : throughput;
        return chart.getSeriesSet().getSeries(id).getYSeries();
    }
}
