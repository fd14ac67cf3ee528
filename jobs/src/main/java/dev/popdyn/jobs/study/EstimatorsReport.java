package dev.popdyn.jobs.study;

import dev.popdyn.jobs.report.HtmlPage;
import dev.popdyn.jobs.report.ReportCharts;
import dev.popdyn.jobs.snapshot.StoragePath;
import dev.popdyn.jobs.study.EstimatorsStudy.Crossing;
import dev.popdyn.jobs.study.EstimatorsStudy.PerSeed;
import dev.popdyn.jobs.study.EstimatorsStudy.Result;
import dev.popdyn.jobs.study.EstimatorsStudy.Series;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Output of {@link EstimatorsStudy} under the study directory {@code OUT}: per config name {@code C},
 * {@code OUT/C/estimators/} (Parquet: estimator, generation, seeds, distance_mean, distance_se, best_mean, best_se,
 * mean_mean, mean_se, w1_mean, w1_se), {@code OUT/C/per-seed/} (estimator, seed, generation, distance,
 * best_effective, mean_effective, w1), the figure {@code OUT/C/estimators.png} (distance to λ*, W1 to the mean-field
 * reference and best effective fitness per generation, each panel only when defined, mean over seeds with a ± 1 SE
 * band) and one page {@code OUT/report.html} for all configs; the console gets the table every few generations and
 * the generations to within δ. The W1 columns are NaN when the config has no mean-field reference (the console and
 * the page say why). Stateless.
 */
public final class EstimatorsReport {
    /** Aggregated table folder. */
    public static final String TABLE = "estimators";
    /** Per-seed table folder. */
    public static final String PER_SEED = "per-seed";
    /** The figure of one config. */
    public static final String FIGURE = "estimators.png";
    static final StructType SCHEMA = new StructType()
            .add("estimator", DataTypes.StringType, false).add("generation", DataTypes.IntegerType, false)
            .add("seeds", DataTypes.IntegerType, false)
            .add("distance_mean", DataTypes.DoubleType, false).add("distance_se", DataTypes.DoubleType, false)
            .add("best_mean", DataTypes.DoubleType, false).add("best_se", DataTypes.DoubleType, false)
            .add("mean_mean", DataTypes.DoubleType, false).add("mean_se", DataTypes.DoubleType, false)
            .add("w1_mean", DataTypes.DoubleType, false).add("w1_se", DataTypes.DoubleType, false);
    static final StructType PER_SEED_SCHEMA = new StructType()
            .add("estimator", DataTypes.StringType, false).add("seed", DataTypes.LongType, false)
            .add("generation", DataTypes.IntegerType, false).add("distance", DataTypes.DoubleType, false)
            .add("best_effective", DataTypes.DoubleType, false).add("mean_effective", DataTypes.DoubleType, false)
            .add("w1", DataTypes.DoubleType, false);

    private EstimatorsReport() {
    }

    /** Writes the tables and the figure of one config under {@code dir/name}. */
    public static void write(SparkSession spark, Result r, StoragePath dir) {
        StoragePath d = dir.resolve(r.name());
        List<Row> rows = new ArrayList<>();
        for (Series s : r.series()) {
            for (int g = 0; g < s.distanceMean().length; g++) {
                rows.add(RowFactory.create(s.estimator(), g + 1, s.seeds(), s.distanceMean()[g], s.distanceSe()[g],
                        s.bestMean()[g], s.bestSe()[g], s.meanMean()[g], s.meanSe()[g], s.w1Mean()[g],
                        s.w1Se()[g]));
            }
        }
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(d.resolve(TABLE).uri());
        List<Row> seeds = new ArrayList<>();
        for (PerSeed p : r.perSeed()) {
            for (int g = 0; g < p.distance().length; g++) {
                seeds.add(RowFactory.create(p.estimator(), p.seed(), g + 1, p.distance()[g], p.best()[g],
                        p.mean()[g], p.w1()[g]));
            }
        }
        spark.createDataFrame(seeds, PER_SEED_SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(d.resolve(PER_SEED).uri());
        StudyFigures.write(d.resolve(FIGURE), figure(r));
    }

    /** Prints the table (every {@code every}-th generation and the last) and the crossings. */
    public static void print(Result r, PrintStream out, int every) {
        out.println("== " + r.name() + (r.optimum() == null ? ": no known optimum (distance not defined)"
                : ": λ* " + r.optimum().hyper() + " = " + EstimatorsStudy.fmt(r.optimum().value()) + " ("
                + r.optimum().formula() + ")"));
        out.println(r.reference().exists() ? "W1 to the mean-field reference ρ_{g−1} (replicator–mutator recursion "
                + "with the exact F̄)" : "no mean-field reference (W1 not defined): " + r.reference().missing());
        out.println(String.format(Locale.ROOT, "%-12s %4s %-22s %-22s %-22s", "estimator", "gen",
                "|mean λ − λ*| ± SE", "best F̄ ± SE", "W1 to ρ_{g−1} ± SE"));
        for (Series s : r.series()) {
            int gens = s.distanceMean().length;
            for (int g = 1; g <= gens; g++) {
                if (g == 1 || g % every == 0 || g == gens) {
                    out.println(String.format(Locale.ROOT, "%-12s %4d %-22s %-22s %-22s", s.estimator(), g,
                            pm(s.distanceMean()[g - 1], s.distanceSe()[g - 1]),
                            pm(s.bestMean()[g - 1], s.bestSe()[g - 1]), pm(s.w1Mean()[g - 1], s.w1Se()[g - 1])));
                }
            }
        }
        if (r.optimum() != null) {
            out.println(String.format(Locale.ROOT, "generations to within δ = %s of λ* (first crossing, log-linear "
                    + "interpolation; mean ± SE over seeds that crossed):", EstimatorsStudy.fmt(r.delta())));
            for (Crossing c : r.crossings()) {
                out.println(String.format(Locale.ROOT, "  %-12s %-20s (%d/%d seeds)", c.estimator(),
                        pm(c.mean(), c.se()), c.reached(), c.seeds()));
            }
        }
        out.flush();
    }

    /** One HTML page for all configs: per config the figure, the table and the crossings. */
    public static StoragePath page(List<Result> results, List<Long> seeds, StoragePath dir) {
        HtmlPage page = new HtmlPage("popdyn study estimators");
        page.paragraph("Fitness estimators compared over seeds " + seeds + ": per generation, the mean over seeds "
                + "± 1 standard error (SE = s/√n) of the distance ‖mean λ − λ*‖ of the population to the "
                + "effective-fitness optimum λ*, of the Wasserstein-1 distance of the λ population to the mean-field "
                + "reference ρ_{g−1} (the replicator–mutator recursion with the exact F̄, where the slow step is "
                + "that recursion's) and of the best effective fitness F̄(λ) in the population.");
        for (Result r : results) {
            page.heading(2, r.name(), r.name());
            page.paragraph(r.optimum() == null ? "No closed-form optimum is known for this model: the distance is "
                    + "not defined; the best effective fitness is the Langevin estimate of F̄ (common random numbers)."
                    : "λ*: " + r.optimum().hyper() + " = " + EstimatorsStudy.fmt(r.optimum().value()) + " ("
                    + r.optimum().formula() + ").");
            page.paragraph(r.reference().exists() ? "W1 to the mean-field reference ρ_{g−1}: exact 1-D W1 (sliced "
                    + "over 16 directions in 2-D) between the agents' λ and the replicator–mutator recursion with "
                    + "the exact F̄ after g − 1 slow steps." : "No mean-field reference: " + r.reference().missing()
                    + " (W1 not defined).");
            page.plot("estimators-" + r.name(), figure(r), "Panels: distance to λ* (when λ* is known), W1 to the "
                    + "mean-field reference (when it exists), best effective fitness; line = mean over seeds, "
                    + "band = ± 1 SE.");
            List<List<String>> rows = new ArrayList<>();
            for (Series s : r.series()) {
                for (int g = 0; g < s.distanceMean().length; g++) {
                    rows.add(List.of(s.estimator(), Integer.toString(g + 1), pm(s.distanceMean()[g],
                            s.distanceSe()[g]), pm(s.bestMean()[g], s.bestSe()[g]), pm(s.meanMean()[g],
                            s.meanSe()[g]), pm(s.w1Mean()[g], s.w1Se()[g])));
                }
            }
            page.collapsedTable("The numbers per estimator and generation", "table-" + r.name(),
                    List.of("estimator", "generation", "distance ± SE", "best F̄ ± SE", "mean F̄ ± SE",
                        "W1 to ρ_{g−1} ± SE"), rows);
            if (r.optimum() != null) {
                List<List<String>> cross = new ArrayList<>();
                for (Crossing c : r.crossings()) {
                    cross.add(List.of(c.estimator(), pm(c.mean(), c.se()), c.reached() + "/" + c.seeds()));
                }
                page.table("crossings-" + r.name(), List.of("estimator", "generations to within δ = "
                        + EstimatorsStudy.fmt(r.delta()), "seeds that crossed"), cross);
            }
        }
        StoragePath file = dir.resolve("report.html");
        StudyFigures.write(file, page.render().getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /**
     * Panels side by side: distance to λ* (when known), W1 to the mean-field reference (when it exists) and best
     * effective fitness, bands ± 1 SE.
     */
    static byte[] figure(Result r) {
        boolean distance = r.optimum() != null;
        boolean w1 = r.reference().exists();
        XYChart left = chart(r.name() + ": |mean λ − λ*| (mean ± SE over seeds)", "distance to λ*");
        XYChart middle = chart(r.name() + ": W1 to mean-field ρ_{g−1} (mean ± SE)", "W1(λ population, ρ_{g−1})");
        XYChart right = chart(r.name() + ": best effective fitness (mean ± SE)", "best F̄(λ)");
        for (int i = 0; i < r.series().size(); i++) {
            Series s = r.series().get(i);
            Color c = ReportCharts.PALETTE[i % ReportCharts.PALETTE.length];
            if (distance) {
                add(left, s.estimator(), s.distanceMean(), s.distanceSe(), c);
            }
            if (w1) {
                add(middle, s.estimator(), s.w1Mean(), s.w1Se(), c);
            }
            add(right, s.estimator(), s.bestMean(), s.bestSe(), c);
        }
        List<XYChart> panels = new ArrayList<>();
        if (distance) {
            panels.add(left);
        }
        if (w1) {
            panels.add(middle);
        }
        panels.add(right);
        return StudyFigures.sideBySide(panels);
    }

    private static XYChart chart(String title, String y) {
        XYChart c = new XYChartBuilder().width(620).height(420).title(title).xAxisTitle("generation").yAxisTitle(y)
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setLegendPosition(LegendPosition.InsideNE);
        return c;
    }

    private static void add(XYChart c, String name, double[] mean, double[] se, Color colour) {
        double[] x = new double[mean.length];
        for (int g = 0; g < x.length; g++) {
            x[g] = g + 1;
        }
        ReportCharts.meanWithBand(c, name, x, mean, se, colour, new BasicStroke(2f));
    }

    private static String pm(double m, double se) {
        return EstimatorsStudy.fmt(m) + " ± " + EstimatorsStudy.fmt(se);
    }
}
