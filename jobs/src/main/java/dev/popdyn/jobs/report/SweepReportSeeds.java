package dev.popdyn.jobs.report;

import dev.popdyn.jobs.report.ReportData.FitnessCurve;
import dev.popdyn.jobs.sweep.SweepViews;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The seeds part of the sweep report ({@link SweepReport}): runs that differ only in {@code seed} form one grid
 * point; per point and generation the mean x̄ = (1/n) Σ xᵢ over its n seeds of the top-{@value ReportQueries#TOP}
 * mean fitness and of the population mean fitness, each with its standard error SE = s/√n,
 * s² = Σ (xᵢ − x̄)²/(n − 1), drawn as lines (solid: top, dashed: population) with bands x̄ ± SE (generations every
 * seed has committed) and listed per generation; and the point's best and final fitness mean ± SE from the
 * {@code points} view ({@link SweepViews}). Stateless.
 */
public final class SweepReportSeeds {

    /**
     * One grid point over its seeds: label (the grid values that vary, or "all runs"), the run keys and seeds of its
     * done runs, per common generation the mean and SE of the top mean and of the population mean, and best/final
     * fitness mean and SE (NaN SE for one seed).
     */
    public record Point(String label, List<String> runs, List<Long> seeds, double[] generation, double[] topMean,
            double[] topSe, double[] popMean, double[] popSe, double bestMean, double bestSe, double finalMean,
            double finalSe) {
    }

    private SweepReportSeeds() {
    }

    /**
     * The points of the sweep whose views are registered ({@link SweepViews#register}), from the {@code runs} view
     * (grid values, seed, status) and the per-run curves; empty without a runs table. Labels name the grid keys of
     * {@code keyColumns} (key → column), else the column.
     */
    static List<Point> collect(SparkSession spark, List<String> views, Map<String, FitnessCurve> curves,
            Map<String, String> keyColumns) {
        if (!views.contains(SweepViews.POINTS)) {
            return List.of();
        }
        List<String> grid = SweepViews.gridColumns(spark.table("runs"));
        Map<String, String> keyOf = new LinkedHashMap<>();
        keyColumns.forEach((k, c) -> keyOf.put(c, k));
        List<String> varying = new ArrayList<>();
        for (String c : grid) {
            if (spark.sql("SELECT count(DISTINCT `" + c + "`) FROM runs").first().getLong(0) > 1) {
                varying.add(c);
            }
        }
        Map<List<Object>, List<Row>> runsByPoint = new LinkedHashMap<>();
        for (Row r : spark.sql("SELECT * FROM runs WHERE status = 'done' ORDER BY seed").collectAsList()) {
            runsByPoint.computeIfAbsent(values(r, grid), k -> new ArrayList<>()).add(r);
        }
        List<Point> out = new ArrayList<>();
        for (Row p : spark.table(SweepViews.POINTS).collectAsList()) {
            List<Row> runs = runsByPoint.getOrDefault(values(p, grid), List.of());
            List<String> parts = new ArrayList<>();
            varying.forEach(c -> parts.add(keyOf.getOrDefault(c, c) + "=" + gridValue(p.getAs(c))));
            List<String> keys = runs.stream().map(r -> r.<String>getAs("run")).toList();
            List<Long> seeds = runs.stream().map(r -> r.<Long>getAs("seed")).toList();
            double[][] band = band(keys.stream().map(curves::get).toList());
            out.add(new Point(parts.isEmpty() ? "all runs" : String.join(", ", parts), keys, seeds, band[0],
                    band[1], band[2], band[3], band[4], number(p.getAs("best_mean")), number(p.getAs("best_se")),
                    number(p.getAs("final_mean")), number(p.getAs("final_se"))));
        }
        return out;
    }

    /** Whether any point has more than one seed (the report then shows the seeds section). */
    static boolean anyReplicated(List<Point> points) {
        return points.stream().anyMatch(p -> p.seeds().size() > 1);
    }

    /**
     * Generations that every curve has, and per generation the mean and SE (NaN for one curve) of the top means and
     * of the population means: {generation, top mean, top SE, population mean, population SE}; empty arrays when a
     * curve is missing.
     */
    static double[][] band(List<FitnessCurve> curves) {
        if (curves.isEmpty() || curves.stream().anyMatch(c -> c == null)) {
            return new double[5][0];
        }
        int last = curves.stream().mapToInt(FitnessCurve::lastGeneration).min().orElse(0);
        List<double[]> rows = new ArrayList<>();
        for (int g = 1; g <= last; g++) {
            double[] top = new double[curves.size()];
            double[] pop = new double[curves.size()];
            boolean all = true;
            for (int i = 0; i < curves.size(); i++) {
                int at = index(curves.get(i), g);
                top[i] = at < 0 ? Double.NaN : curves.get(i).topMean()[at];
                pop[i] = at < 0 ? Double.NaN : curves.get(i).mean()[at];
                all &= !Double.isNaN(top[i]) && !Double.isNaN(pop[i]);
            }
            if (all) {
                rows.add(new double[]{g, mean(top), se(top), mean(pop), se(pop)});
            }
        }
        double[][] out = new double[5][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < 5; k++) {
                out[k][i] = rows.get(i)[k];
            }
        }
        return out;
    }

    /** x̄ = (1/n) Σ xᵢ. */
    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** SE = s/√n with s² = Σ (xᵢ − x̄)²/(n − 1); NaN for n &lt; 2. */
    static double se(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1) / x.length);
    }

    /**
     * The chart: per point (colour), the mean over seeds of the top mean (solid) and of the population mean
     * (dashed), each with its band mean ± SE (filled polygon) when the point has several seeds.
     */
    static byte[] chart(List<Point> points) {
        int top = ReportQueries.TOP;
        XYChart c = new XYChartBuilder().width(ReportCharts.WIDTH).height(ReportCharts.HEIGHT + 60)
                .title("Mean over seeds ± 1 SE: top-" + top + " (solid), population (dashed)")
                .xAxisTitle("generation").yAxisTitle("fitness").build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setLegendPosition(LegendPosition.OutsideE);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (p.generation().length == 0) {
                continue;
            }
            Color colour = ReportCharts.PALETTE[i % ReportCharts.PALETTE.length];
            String name = p.label() + " (" + p.seeds().size() + " seeds)";
            boolean bands = p.seeds().size() > 1;
            ReportCharts.meanWithBand(c, name, p.generation(), p.topMean(), bands ? p.topSe() : null, colour,
                    new BasicStroke(2f));
            ReportCharts.meanWithBand(c, name + ", population", p.generation(), p.popMean(), bands ? p.popSe() : null, colour,
                    ReportCharts.DASHED);
        }
        return ReportCharts.png(c);
    }

    /** Per point and generation: top mean ± SE and population mean ± SE over the point's seeds. */
    static List<List<String>> curveTable(List<Point> points) {
        List<List<String>> rows = new ArrayList<>();
        for (Point p : points) {
            for (int k = 0; k < p.generation().length; k++) {
                rows.add(List.of(p.label(), Integer.toString((int) p.generation()[k]),
                        Integer.toString(p.seeds().size()), RunReport.num(p.topMean()[k]), RunReport.num(p.topSe()[k]),
                        RunReport.num(p.popMean()[k]), RunReport.num(p.popSe()[k])));
            }
        }
        return rows;
    }

    /** Header of {@link #curveTable}. */
    static List<String> curveHeader() {
        return List.of("point", "generation", "n_seeds", "top" + ReportQueries.TOP + "_mean",
                "top" + ReportQueries.TOP + "_se", "population_mean", "population_se");
    }

    /** The points table: label, seeds, best and final fitness mean ± SE. */
    static List<List<String>> table(List<Point> points) {
        List<List<String>> rows = new ArrayList<>();
        for (Point p : points) {
            rows.add(List.of(p.label(), Integer.toString(p.seeds().size()), p.seeds().toString(),
                    RunReport.num(p.bestMean()), RunReport.num(p.bestSe()), RunReport.num(p.finalMean()),
                    RunReport.num(p.finalSe())));
        }
        return rows;
    }

    /** Header of {@link #table}. */
    static List<String> header() {
        return List.of("point", "n_seeds", "seeds", "best_mean", "best_se", "final_mean", "final_se");
    }

    /** The index of generation {@code g} in {@code c}, or −1. */
    private static int index(FitnessCurve c, int g) {
        for (int i = 0; i < c.generation().length; i++) {
            if ((int) c.generation()[i] == g) {
                return i;
            }
        }
        return -1;
    }

    private static List<Object> values(Row r, List<String> columns) {
        List<Object> v = new ArrayList<>();
        columns.forEach(c -> v.add(r.getAs(c)));
        return v;
    }

    /** A grid value as written in a sweep file: whole numbers of a double column without ".0". */
    static String gridValue(Object v) {
        return v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                : String.valueOf(v);
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
