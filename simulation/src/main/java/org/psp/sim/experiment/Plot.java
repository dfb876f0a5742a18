/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * An XY chart of an experiment's result, written as a PNG without a display: measured series as lines with points,
 * predictions as dashed lines, confidence intervals as error bars, and the claims being checked as labelled marker
 * lines. Points that a logarithmic axis cannot show (zero or below) are left out of that series.
 */
final class Plot {
    private static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xd62728),
        new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf));
    private static final Stroke SOLID = new BasicStroke(2f);
    private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f);
    private static final Stroke MARKER = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {2f, 3f}, 0f);
    private static final Color CLAIM = new Color(0x555555);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private final String title;
    private final String domainLabel;
    private final String rangeLabel;
    private final List<Layer> layers = new ArrayList<>();
    private final List<ValueMarker> horizontal = new ArrayList<>();
    private final List<ValueMarker> vertical = new ArrayList<>();
    private boolean logDomain;
    private boolean logRange;
    private boolean paired;
    private double rangeLow = Double.NaN;
    private double rangeHigh = Double.NaN;

    private record Layer(XYDataset data, XYLineAndShapeRenderer renderer) {
    }

    /**
     * Starts a chart.
     *
     * @param title the title
     * @param domainLabel the x axis, with its unit
     * @param rangeLabel the y axis, with its unit
     */
    Plot(final String title, final String domainLabel, final String rangeLabel) {
        this.title = title;
        this.domainLabel = domainLabel;
        this.rangeLabel = rangeLabel;
    }

    /** Makes the x axis logarithmic. */
    Plot logDomain() {
        logDomain = true;
        return this;
    }

    /** Makes the y axis logarithmic. */
    Plot logRange() {
        logRange = true;
        return this;
    }

    /** Gives each two series added one after the other the same colour: a measurement and its prediction. */
    Plot pairs() {
        paired = true;
        return this;
    }

    /** Fixes the y axis' range. */
    Plot yRange(final double min, final double max) {
        rangeLow = min;
        rangeHigh = max;
        return this;
    }

    /** Adds a measured series: a line through its points, each point marked. */
    Plot measured(final String name, final double[] xs, final double[] ys) {
        return line(name, xs, ys, SOLID, true);
    }

    /** Adds a predicted series: a dashed line. */
    Plot predicted(final String name, final double[] xs, final double[] ys) {
        return line(name, xs, ys, DASHED, false);
    }

    /** Adds a measured series with a confidence interval at each point, drawn as an error bar. */
    Plot withIntervals(final String name, final double[] xs, final double[] ys, final double[] low,
            final double[] high) {
        final var series = new YIntervalSeries(name);
        for (int point = 0; point < xs.length; point++) {
            if (shown(xs[point], ys[point])) {
                final double bottom = logRange ? Math.max(low[point], ys[point] / 1e3) : low[point];
                series.add(xs[point], ys[point], bottom, high[point]);
            }
        }
        final var renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        style(renderer, SOLID, true);
        final var data = new YIntervalSeriesCollection();
        data.addSeries(series);
        layers.add(new Layer(data, renderer));
        return this;
    }

    /** Marks a claim's level on the y axis. */
    Plot claimAtY(final double level, final String label) {
        horizontal.add(marker(level, label, RectangleAnchor.BOTTOM_RIGHT, TextAnchor.TOP_RIGHT));
        return this;
    }

    /** Marks a claim's point on the x axis. */
    Plot claimAtX(final double at, final String label) {
        vertical.add(marker(at, label, RectangleAnchor.TOP_LEFT, TextAnchor.TOP_RIGHT));
        return this;
    }

    /**
     * Writes the chart.
     *
     * @param png where
     * @throws IOException if it cannot be written
     */
    void write(final Path png) throws IOException {
        final var plot = new XYPlot();
        plot.setDomainAxis(axis(domainLabel, logDomain, false));
        final var range = axis(rangeLabel, logRange, true);
        if (!Double.isNaN(rangeLow)) {
            range.setRange(rangeLow, rangeHigh);
        }
        plot.setRangeAxis(range);
        for (int index = 0; index < layers.size(); index++) {
            plot.setDataset(index, layers.get(index).data());
            plot.setRenderer(index, layers.get(index).renderer());
        }
        horizontal.forEach(plot::addRangeMarker);
        vertical.forEach(plot::addDomainMarker);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        final var chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 620);
    }

    private Plot line(final String name, final double[] xs, final double[] ys, final Stroke stroke,
            final boolean points) {
        final var series = new XYSeries(name, false);
        for (int point = 0; point < xs.length; point++) {
            if (shown(xs[point], ys[point])) {
                series.add(xs[point], ys[point]);
            }
        }
        final var renderer = new XYLineAndShapeRenderer(true, points);
        style(renderer, stroke, points);
        layers.add(new Layer(new XYSeriesCollection(series), renderer));
        return this;
    }

    private void style(final XYLineAndShapeRenderer renderer, final Stroke stroke, final boolean points) {
        final Paint paint = PALETTE.get((paired ? layers.size() / 2 : layers.size()) % PALETTE.size());
        renderer.setSeriesPaint(0, paint);
        renderer.setSeriesStroke(0, stroke);
        renderer.setSeriesShapesVisible(0, points);
    }

    private boolean shown(final double at, final double value) {
        return !Double.isNaN(value) && (!logDomain || at > 0) && (!logRange || value > 0);
    }

    private static ValueAxis axis(final String label, final boolean log, final boolean powers) {
        if (log) {
            final var axis = new LogarithmicAxis(label);
            axis.setStrictValuesFlag(false);
            axis.setExpTickLabelsFlag(powers);
            return axis;
        }
        final var axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static ValueMarker marker(final double value, final String label, final RectangleAnchor anchor,
            final TextAnchor text) {
        final var marker = new ValueMarker(value, CLAIM, MARKER);
        marker.setLabel(label);
        marker.setLabelFont(LABEL);
        marker.setLabelPaint(CLAIM);
        marker.setLabelAnchor(anchor);
        marker.setLabelTextAnchor(text);
        return marker;
    }
}
