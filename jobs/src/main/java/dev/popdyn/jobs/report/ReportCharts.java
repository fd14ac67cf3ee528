package dev.popdyn.jobs.report;

import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.Scale;
import dev.popdyn.core.params.ValueType;
import dev.popdyn.jobs.report.ReportData.Ancestry;
import dev.popdyn.jobs.report.ReportData.Cloud;
import dev.popdyn.jobs.report.ReportData.CloudAxes;
import dev.popdyn.jobs.report.ReportData.Density;
import dev.popdyn.jobs.report.ReportData.FitnessCurve;
import dev.popdyn.jobs.report.ReportData.LimitStudy;
import dev.popdyn.jobs.report.ReportData.Optimum;
import dev.popdyn.jobs.report.ReportData.SummaryColumns;
import dev.popdyn.jobs.report.ReportData.Trajectory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the report's plots with XChart and encodes them as PNG (works headless: {@code java.awt.headless=true}).
 * Each method takes the small driver-side series of {@link ReportData} and returns PNG bytes. Bands (q05–q95) are
 * drawn as a filled area up to q95 covered by a white area up to q05, under the lines. Stateless and thread-safe.
 */
public final class ReportCharts {
    static final int WIDTH = 900;
    static final int HEIGHT = 420;
    private static final Color BAND = new Color(0xC6, 0xDB, 0xEF);
    private static final Color MEAN = new Color(0x08, 0x51, 0x9C);
    private static final Color BEST = new Color(0xE6, 0x55, 0x0D);
    private static final Color OPTIMUM = new Color(0xC0, 0x00, 0x00);
    private static final Color BAND_EDGE = new Color(0x9E, 0xCA, 0xE1);
    private static final BasicStroke THIN = new BasicStroke(1f);
    private static final Color GREY = new Color(0x55, 0x55, 0x55);
    private static final Color TOP = new Color(0x31, 0xA3, 0x54);
    /** Series colours of runs, grid points, estimators and colour levels (Tableau 10), reused cyclically. */
    public static final Color[] PALETTE = {new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E),
        new Color(0x2C, 0xA0, 0x2C), new Color(0xD6, 0x27, 0x28), new Color(0x94, 0x67, 0xBD),
        new Color(0x8C, 0x56, 0x4B), new Color(0xE3, 0x77, 0xC2), new Color(0x7F, 0x7F, 0x7F),
        new Color(0xBC, 0xBD, 0x22), new Color(0x17, 0xBE, 0xCF)};
    static final int CLOUD_WIDTH = 440;
    static final int CLOUD_HEIGHT = 440;
    /** Colour classes of a non-categorical colour coordinate (equal widths in its scale between its bounds). */
    static final int COLOUR_BINS = 4;
    /** The dashed line of every chart (population means, optima, fits, theory). */
    public static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[]{8f, 5f}, 0f);

    private ReportCharts() {
    }

    /** Best, top-k mean, mean and the q05–q95 band of fitness over generations ({@code top} may be null). */
    public static byte[] fitness(SummaryColumns s, FitnessCurve top) {
        XYChart c = xy("Fitness over generations", "generation", "fitness");
        band(c, s.generation(), s.get("fitness_q05"), s.get("fitness_q95"), "q05–q95");
        line(c, "mean", s.generation(), s.get("fitness_mean"), MEAN, null);
        if (top != null && top.generation().length > 0) {
            line(c, "top-" + top.top() + " mean", top.generation(), top.topMean(), TOP, DASHED);
        }
        line(c, "best", s.generation(), s.get("fitness_max"), BEST, null);
        c.getStyler().setLegendPosition(LegendPosition.InsideSE);
        return png(c);
    }

    /** Heat map of a hyperparameter's density: generation × value bin, colour = share of the population. */
    public static byte[] density(Density d, Optimum optimum) {
        String title = "Density of " + d.hyper() + (d.logScale() ? " (log bins)" : "")
                + (optimum == null ? "" : String.format(Locale.ROOT, "   —   optimum %s* = %.4g", d.hyper(),
                optimum.value()));
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("generation").yAxisTitle(d.hyper()).build();
        List<Integer> xs = new ArrayList<>();
        for (double g : d.generations()) {
            xs.add((int) g);
        }
        List<String> ys = binLabels(d, optimum);
        List<Number[]> heat = new ArrayList<>();
        double max = 0;
        for (int g = 0; g < xs.size(); g++) {
            for (int b = 0; b < ys.size(); b++) {
                double f = d.fraction()[g][b];
                heat.add(new Number[]{g, b, f});
                max = Math.max(max, f);
            }
        }
        c.addSeries("share of agents", xs, ys, heat);
        c.getStyler().setRangeColors(new Color[]{Color.WHITE, new Color(0x6B, 0xAE, 0xD6), new Color(0x08, 0x30,
                0x6B)});
        c.getStyler().setMin(0).setMax(max > 0 ? max : 1).setShowValue(false).setDrawBorder(false)
                .setPiecewise(false).setHeatMapValueDecimalPattern("0.00");
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setXAxisLabelRotation(90);
        return png(c);
    }

    /**
     * Labels of the value bins: every fifth bin centre, the optimum's bin marked "← optimum"; the other labels are
     * distinct runs of spaces (XChart needs distinct categories and draws every label).
     */
    static List<String> binLabels(Density d, Optimum optimum) {
        double[] centers = d.binCenters();
        int optBin = -1;
        if (optimum != null && Double.isFinite(optimum.value()) && optimum.value() >= d.lo()
                && optimum.value() <= d.hi()) {
            double u = d.logScale() ? (Math.log10(optimum.value()) - Math.log10(d.lo()))
                    / (Math.log10(d.hi()) - Math.log10(d.lo())) : (optimum.value() - d.lo()) / (d.hi() - d.lo());
            optBin = Math.min(centers.length - 1, (int) Math.floor(u * centers.length));
        }
        List<String> ys = new ArrayList<>();
        for (int b = 0; b < centers.length; b++) {
            if (b == optBin) {
                ys.add(String.format(Locale.ROOT, "%.3g ← optimum", optimum.value()));
            } else if (b % 5 == 0 && Math.abs(b - optBin) > 1) {
                ys.add(String.format(Locale.ROOT, "%.3g", centers[b]));
            } else {
                ys.add(" ".repeat(b + 1));
            }
        }
        return ys;
    }

    /** Mean of a hyperparameter with its q05–q95 band and the effective-fitness optimum as a dashed line. */
    public static byte[] hyperPath(String hyper, SummaryColumns s, Optimum optimum) {
        XYChart c = xy("Mean path of " + hyper, "generation", hyper);
        String p = "hyper_" + hyper + "_";
        band(c, s.generation(), s.get(p + "q05"), s.get(p + "q95"), "q05–q95");
        line(c, "mean", s.generation(), s.get(p + "mean"), MEAN, null);
        if (optimum != null && Double.isFinite(optimum.value())) {
            double[] x = {s.generation()[0], s.generation()[s.size() - 1]};
            line(c, String.format(Locale.ROOT, "optimum %.4g", optimum.value()), x,
                    new double[]{optimum.value(), optimum.value()}, OPTIMUM, DASHED);
        }
        c.getStyler().setLegendPosition(LegendPosition.InsideNE);
        return png(c);
    }

    /** ESS/N and distinct donors / N over generations. */
    public static byte[] diversity(SummaryColumns s) {
        XYChart c = xy("Effective sample size and distinct donors", "generation", "fraction of N");
        line(c, "ESS / N", s.generation(), s.get("ess_frac"), MEAN, null);
        line(c, "distinct donors / N", s.generation(), ratio(s.get("distinct_donors"), s.get("n")), BEST, null);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setLegendPosition(LegendPosition.InsideNE);
        return png(c);
    }

    /** Exploit (and resample, diverged) counts per generation as bars. */
    public static byte[] exploits(SummaryColumns s) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Exploits per generation")
                .xAxisTitle("generation").yAxisTitle("agents").build();
        List<Integer> xs = new ArrayList<>();
        for (double g : s.generation()) {
            xs.add((int) g);
        }
        String[] names = {"exploited", "resampled", "diverged"};
        Color[] colors = {MEAN, BEST, OPTIMUM};
        for (int k = 0; k < names.length; k++) {
            if (s.get(names[k]) != null) {
                c.addSeries(names[k], xs, toList(s.get(names[k]))).setFillColor(colors[k]);
            }
        }
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(LegendPosition.OutsideE);
        c.getStyler().setXAxisLabelRotation(90);
        c.getStyler().setYAxisMin(0.0);
        return png(c);
    }

    /** The best agent's inherited schedule of one hyperparameter as a step plot; exploits marked. */
    public static byte[] schedule(Ancestry a, String hyper, Optimum optimum) {
        XYChart c = xy("Schedule of " + hyper + " along the best agent's lineage (agent " + a.bestAgent() + ")",
                "generation", hyper);
        double[] x = new double[a.generation().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = a.generation()[i];
        }
        double[] y = a.hyper().get(hyper);
        XYSeries s = c.addSeries(hyper + " of ancestor", x, clean(y));
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(MEAN);
        s.setLineStyle(new BasicStroke(2f));
        List<Double> ex = new ArrayList<>();
        List<Double> ey = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (a.exploited()[i] && Double.isFinite(y[i])) {
                ex.add(x[i]);
                ey.add(y[i]);
            }
        }
        if (!ex.isEmpty()) {
            XYSeries e = c.addSeries("exploit (copied a donor)", ex, ey);
            e.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            e.setMarker(SeriesMarkers.DIAMOND);
            e.setMarkerColor(BEST);
        }
        if (optimum != null && Double.isFinite(optimum.value())) {
            line(c, String.format(Locale.ROOT, "optimum %.4g", optimum.value()), new double[]{x[0], x[x.length - 1]},
                    new double[]{optimum.value(), optimum.value()}, OPTIMUM, DASHED);
        }
        c.getStyler().setLegendPosition(LegendPosition.InsideNE);
        return png(c);
    }

    /** W1 distance to the mean-field reference over generations (log scale). */
    public static byte[] w1(SummaryColumns s) {
        XYChart c = xy("W1 to the mean-field reference", "generation", "W1");
        line(c, "W1", s.generation(), positive(s.get("w1_reference")), MEAN, null);
        c.getStyler().setYAxisLogarithmic(true);
        return png(c);
    }

    /** Log-log W1 against N with the fitted power law. */
    public static byte[] limit(LimitStudy l) {
        XYChart c = xy(String.format(Locale.ROOT, "W1 vs N (fitted slope %.3f; propagation of chaos: −0.5)",
                l.slope()), "N", "W1");
        XYSeries pts = c.addSeries("mean W1", l.population(), l.w1());
        pts.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        pts.setMarkerColor(MEAN);
        if (Double.isFinite(l.slope())) {
            double[] x = {l.population()[0], l.population()[l.population().length - 1]};
            double[] y = {Math.exp(l.intercept()) * Math.pow(x[0], l.slope()),
                Math.exp(l.intercept()) * Math.pow(x[1], l.slope())};
            line(c, "fit", x, y, OPTIMUM, DASHED);
        }
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        return png(c);
    }

    /** Risk over time: mean and q05–q95 band. */
    public static byte[] trajectory(Trajectory t) {
        XYChart c = xy("Risk along trajectories", "time", "risk");
        band(c, t.time(), t.q05(), t.q95(), "q05–q95");
        line(c, "mean risk", t.time(), t.mean(), MEAN, null);
        return png(c);
    }

    /**
     * A sweep's fitness curves in one panel: per run (colour, legend = its label) the top-k mean as a solid line and
     * the population mean as a dashed line of the same colour.
     */
    public static byte[] sweepFitness(List<String> labels, List<FitnessCurve> curves) {
        int top = curves.isEmpty() ? ReportQueries.TOP : curves.get(0).top();
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT + 60).title("Top-" + top + " mean fitness "
                + "(solid) and population mean fitness (dashed) per generation").xAxisTitle("generation")
                .yAxisTitle("fitness").build();
        style(c);
        for (int i = 0; i < curves.size(); i++) {
            FitnessCurve f = curves.get(i);
            Color colour = PALETTE[i % PALETTE.length];
            line(c, labels.get(i), f.generation(), f.topMean(), colour, null);
            line(c, labels.get(i) + " (mean)", f.generation(), f.mean(), colour, DASHED);
            c.getSeriesMap().get(labels.get(i) + " (mean)").setShowInLegend(false);
        }
        c.getStyler().setLegendPosition(LegendPosition.OutsideE);
        return png(c);
    }

    /**
     * One hyperparameter cloud: agents as points at (x, y) — y is fitness when the axes have no y coordinate — on
     * log axes for log-scale coordinates, with the axes fixed to the coordinates' bounds so that clouds of different
     * generations and runs compare; coloured by the colour coordinate (one class per categorical level, else
     * {@value #COLOUR_BINS} equal-width classes between its bounds).
     */
    public static byte[] cloud(String title, CloudAxes axes, Cloud cloud) {
        String yTitle = axes.y() == null ? "fitness" : axisTitle(axes.y());
        XYChart c = new XYChartBuilder().width(CLOUD_WIDTH).height(CLOUD_HEIGHT).title(title)
                .xAxisTitle(axisTitle(axes.x())).yAxisTitle(yTitle).build();
        style(c);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setLegendPosition(LegendPosition.OutsideS);
        c.getStyler().setLegendVisible(axes.colour() != null);
        bounds(c, axes.x(), true);
        if (axes.y() != null) {
            bounds(c, axes.y(), false);
        }
        String[] names = colourClasses(axes.colour());
        List<List<Double>> xs = new ArrayList<>();
        List<List<Double>> ys = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            xs.add(new ArrayList<>());
            ys.add(new ArrayList<>());
        }
        for (int i = 0; i < cloud.size(); i++) {
            double x = cloud.x()[i];
            double y = cloud.y()[i];
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                continue;
            }
            int k = axes.colour() == null ? 0 : colourClass(axes.colour(), cloud.colour()[i]);
            xs.get(k).add(x);
            ys.get(k).add(y);
        }
        for (int k = 0; k < names.length; k++) {
            if (xs.get(k).isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries(names[k], xs.get(k), ys.get(k));
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(axes.colour() == null ? MEAN : PALETTE[k % PALETTE.length]);
        }
        return png(c);
    }

    private static String axisTitle(HyperDim d) {
        return d.name() + (d.scale() == Scale.LOG ? " (log)" : "");
    }

    /** Fixes an axis to a coordinate's bounds with a 3 % margin (in log10 on log axes). */
    private static void bounds(XYChart c, HyperDim d, boolean xAxis) {
        boolean log = d.scale() == Scale.LOG && d.lo() > 0;
        double lo = log ? Math.log10(d.lo()) : d.lo();
        double hi = log ? Math.log10(d.hi()) : d.hi();
        double pad = hi > lo ? 0.03 * (hi - lo) : 0.5;
        double min = log ? Math.pow(10, lo - pad) : lo - pad;
        double max = log ? Math.pow(10, hi + pad) : hi + pad;
        if (xAxis) {
            c.getStyler().setXAxisLogarithmic(log).setXAxisMin(min).setXAxisMax(max);
        } else {
            c.getStyler().setYAxisLogarithmic(log).setYAxisMin(min).setYAxisMax(max);
        }
    }

    /** Legend names of the colour classes (one unnamed class without a colour coordinate). */
    static String[] colourClasses(HyperDim d) {
        if (d == null) {
            return new String[]{"agents"};
        }
        if (d.type() == ValueType.CATEGORICAL) {
            String[] names = new String[d.levelCount()];
            for (int k = 0; k < names.length; k++) {
                names[k] = d.name() + " = " + fmt(d.level(k));
            }
            return names;
        }
        boolean log = d.scale() == Scale.LOG && d.lo() > 0;
        String[] names = new String[COLOUR_BINS];
        for (int k = 0; k < COLOUR_BINS; k++) {
            names[k] = d.name() + " in [" + fmt(classEdge(d, log, k)) + ", " + fmt(classEdge(d, log, k + 1))
                    + (k == COLOUR_BINS - 1 ? "]" : ")");
        }
        return names;
    }

    /** The colour class of a value: its level's index, or its equal-width bin between the bounds (clamped). */
    static int colourClass(HyperDim d, double v) {
        if (d.type() == ValueType.CATEGORICAL) {
            return d.levelIndex(v);
        }
        boolean log = d.scale() == Scale.LOG && d.lo() > 0;
        double lo = log ? Math.log10(d.lo()) : d.lo();
        double hi = log ? Math.log10(d.hi()) : d.hi();
        double u = hi > lo ? ((log ? Math.log10(v) : v) - lo) / (hi - lo) : 0;
        return Math.max(0, Math.min(COLOUR_BINS - 1, (int) Math.floor(u * COLOUR_BINS)));
    }

    private static double classEdge(HyperDim d, boolean log, int k) {
        double lo = log ? Math.log10(d.lo()) : d.lo();
        double hi = log ? Math.log10(d.hi()) : d.hi();
        double e = lo + k * (hi - lo) / COLOUR_BINS;
        return log ? Math.pow(10, e) : e;
    }

    /** Three significant digits, plain decimal, no trailing zeros ({@code 0.05}, {@code 1000}, {@code 1.78e-05}). */
    static String fmt(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        BigDecimal b = new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros();
        return b.scale() > 6 ? String.format(Locale.ROOT, "%.3g", x) : b.toPlainString();
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        style(c);
        return c;
    }

    private static void style(XYChart c) {
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setMarkerSize(8);
    }

    /**
     * A line {@code mean} over {@code x} in {@code colour} and, when {@code se} is given, its band mean ± se as a
     * translucent polygon (not in the legend; a NaN se draws no width there).
     */
    public static void meanWithBand(XYChart c, String name, double[] x, double[] mean, double[] se, Color colour,
            BasicStroke stroke) {
        int n = x.length;
        if (se != null) {
            double[] bx = new double[2 * n];
            double[] by = new double[2 * n];
            for (int k = 0; k < n; k++) {
                double e = Double.isNaN(se[k]) ? 0 : se[k];
                bx[k] = x[k];
                by[k] = mean[k] + e;
                bx[2 * n - 1 - k] = x[k];
                by[2 * n - 1 - k] = mean[k] - e;
            }
            XYSeries band = c.addSeries(name + " (band)", bx, by);
            band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 60));
            band.setLineColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 0));
            band.setShowInLegend(false);
        }
        XYSeries line = c.addSeries(name, x, mean);
        line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(colour);
        line.setLineStyle(stroke);
    }

    /**
     * XChart fills an area series towards zero, so a band is a coloured area to the edge farther from zero covered
     * by a white area to the nearer edge; when the band straddles zero its edges are drawn as thin lines instead.
     */
    private static void band(XYChart c, double[] x, double[] lo, double[] hi, String name) {
        if (lo == null || hi == null) {
            return;
        }
        double[] l = clean(lo);
        double[] h = clean(hi);
        boolean positive = true;
        boolean negative = true;
        for (int i = 0; i < l.length; i++) {
            positive &= !(l[i] < 0);
            negative &= !(h[i] > 0);
        }
        if (!positive && !negative) {
            line(c, name, x, h, BAND_EDGE, THIN);
            XYSeries lower = c.addSeries(name + " (lower edge)", x, l);
            lower.setMarker(SeriesMarkers.NONE);
            lower.setLineColor(BAND_EDGE);
            lower.setLineStyle(THIN);
            lower.setShowInLegend(false);
            return;
        }
        XYSeries far = c.addSeries(name, x, positive ? h : l);
        far.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
        far.setMarker(SeriesMarkers.NONE);
        far.setFillColor(BAND);
        far.setLineColor(BAND_EDGE);
        far.setLineStyle(THIN);
        XYSeries near = c.addSeries(name + " (inner edge)", x, positive ? l : h);
        near.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
        near.setMarker(SeriesMarkers.NONE);
        near.setFillColor(Color.WHITE);
        near.setLineColor(BAND_EDGE);
        near.setLineStyle(THIN);
        near.setShowInLegend(false);
    }

    private static void line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        if (y == null) {
            return;
        }
        XYSeries s = c.addSeries(name, x, clean(y));
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color == null ? GREY : color);
        s.setLineStyle(stroke == null ? new BasicStroke(2f) : stroke);
    }

    private static double[] ratio(double[] a, double[] b) {
        if (a == null || b == null) {
            return null;
        }
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = b[i] > 0 ? a[i] / b[i] : Double.NaN;
        }
        return r;
    }

    private static double[] positive(double[] y) {
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = y[i] > 0 ? y[i] : Double.NaN;
        }
        return r;
    }

    /** ±∞ become NaN (XChart skips NaN points but cannot scale an axis to infinity). */
    private static double[] clean(double[] y) {
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = Double.isFinite(y[i]) ? y[i] : Double.NaN;
        }
        return r;
    }

    private static List<Double> toList(double[] y) {
        List<Double> out = new ArrayList<>();
        for (double v : y) {
            out.add(Double.isFinite(v) ? v : 0.0);
        }
        return out;
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
