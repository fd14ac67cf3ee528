package dev.popdyn.jobs.study;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.popdyn.core.engine.Trajectory;
import dev.popdyn.core.model.Activation;
import dev.popdyn.core.model.TwoLayer;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.Keys;
import dev.popdyn.core.timescales.PowerLawFit;
import dev.popdyn.core.timescales.RiskCurves;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.report.ReportCharts;
import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunSchema;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.awt.Color;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code popdyn study timescales}: learning time-scales of the two-layer model against ε (Berthier, Montanari, Zhou
 * 2023, "Learning time-scales in two-layers neural networks", arXiv 2303.00055; docs/design.md §1.4).
 *
 * <p>For each ε of the grid, the base config is run as a population without selection ({@code selection.rule =
 * none}, {@code mutation.mode = recipients}, so no agent is ever replaced or mutated and its risk curve is
 * continuous across generations) with the fixed {@code model.eps = ε} (a {@code hyper.eps} coordinate is removed)
 * and risk recording on ({@code trajectory.every}; when the base config leaves it 0 it is set to max(1, K/100)).
 * The runs go to {@code OUT/runs/eps=ε/} (an existing run of the same config is resumed or reused). Each agent's
 * curve is read in mean-field time t = η·step/m (η = {@code fast.lr}, m = {@code model.width}; the time unit of the
 * {@link TwoLayer} javadoc) and analysed by {@link RiskCurves}: drop time t_l of each Hermite degree l and the level
 * of its plateau. Per (ε, l) the table holds the median over agents (agents that never drop count as +∞, so the
 * median is finite only when at least half dropped), and per l the exponent b of t_l ∝ ε^b fitted by
 * {@link PowerLawFit} over the ε with a finite median, with its standard error.
 *
 * <p>Output: {@code OUT/timescales/} (Parquet, one row per (ε, degree)): eps, degree, plateau_theory (R_l),
 * threshold ((R_{l−1} + R_l)/2), drop_time (median, mean-field time), agents, agents_dropped, plateau_observed
 * (median over agents with a plateau assigned to l), agents_with_plateau, exponent, exponent_se, fit_points,
 * predicted_drop_time and predicted_exponent (the one-cluster reduced overlap ODE, {@link ReducedOverlapOde}, from
 * a = 0 and s₀ = {@code model.init-overlap}, or d^{−1/2} — the typical overlap of a uniform direction — when that is
 * 0, over the run's mean-field horizon; +∞ when it never drops, the exponent fitted like the measured one). The
 * per-agent analysis runs on the executors (grouped by agent); the driver holds only the per-(ε, l) medians.
 * The figure {@code OUT/timescales.png} has one log-log panel per degree with a finite median: the medians, the
 * fitted power law c·ε^b (legend: b ± se) and the reduced ODE's drop times. Not thread-safe; one study per instance.
 */
public final class TimescalesStudy {
    /** Output table folder under the study directory. */
    public static final String TABLE = "timescales";
    /** The figure under the study directory: per degree, t_l against ε on log-log axes. */
    public static final String FIGURE = "timescales.png";
    private static final StructType PER_AGENT = new StructType()
            .add("degree", DataTypes.IntegerType, false)
            .add("drop_time", DataTypes.DoubleType, false)
            .add("plateau_level", DataTypes.DoubleType, false);
    private static final StructType PER_DEGREE = new StructType()
            .add("degree", DataTypes.IntegerType, false)
            .add("agents", DataTypes.LongType, false)
            .add("agents_dropped", DataTypes.LongType, false)
            .add("drop_time", DataTypes.DoubleType, false)
            .add("agents_with_plateau", DataTypes.LongType, false)
            .add("plateau_observed", DataTypes.DoubleType, false);
    /** Schema of the {@code timescales/} table. */
    public static final StructType SCHEMA = new StructType()
            .add("eps", DataTypes.DoubleType, false)
            .add("degree", DataTypes.IntegerType, false)
            .add("plateau_theory", DataTypes.DoubleType, false)
            .add("threshold", DataTypes.DoubleType, false)
            .add("drop_time", DataTypes.DoubleType, false)
            .add("agents", DataTypes.LongType, false)
            .add("agents_dropped", DataTypes.LongType, false)
            .add("plateau_observed", DataTypes.DoubleType, false)
            .add("agents_with_plateau", DataTypes.LongType, false)
            .add("exponent", DataTypes.DoubleType, false)
            .add("exponent_se", DataTypes.DoubleType, false)
            .add("fit_points", DataTypes.IntegerType, false)
            .add("predicted_drop_time", DataTypes.DoubleType, false)
            .add("predicted_exponent", DataTypes.DoubleType, false);
    /** RK4 steps per unit of min(ε, 1) for the reduced-ODE prediction. */
    private static final int ODE_STEPS_PER_EPS = 200;

    private final SparkSession spark;
    private final PrintStream out;
    private final double band;
    private final double span;

    /** A study printing to {@code out}, with the detector's band δ and span factor F. */
    public TimescalesStudy(SparkSession spark, PrintStream out, double band, double span) {
        if (!(band > 0 && band < 1) || !(span > 1)) {
            throw new UserError("--band/--span: values " + band + ", " + span + " are out of range (0 < band < 1, "
                    + "span > 1)");
        }
        this.spark = spark;
        this.out = out;
        this.band = band;
        this.span = span;
    }

    /** The experiment run for one ε: the base config without selection, with fixed ε and recording on. */
    public static ExperimentParams paramsFor(Config base, double eps) {
        if (!"two-layer".equals(Keys.MODEL.read(base))) {
            throw new UserError("model.name: study timescales needs model two-layer (plateaus R_l are defined by its "
                    + "target's Hermite coefficients)");
        }
        if (base.hasPath("hyper.lr")) {
            throw new UserError("hyper.lr: study timescales needs one fixed step size (remove hyper.lr; set fast.lr)");
        }
        if (!(eps > 0)) {
            throw new UserError("--eps: value " + eps + " is out of range (> 0)");
        }
        Config c = base.withoutPath("hyper.eps")
                .withValue("model.eps", ConfigValueFactory.fromAnyRef(eps))
                .withValue("selection.rule", ConfigValueFactory.fromAnyRef("none"))
                .withValue("mutation.mode", ConfigValueFactory.fromAnyRef("recipients"));
        if (Trajectory.EVERY.read(c) == 0) {
            int steps = Keys.STEPS.read(c).intValue();
            c = c.withValue(Trajectory.EVERY.path(), ConfigValueFactory.fromAnyRef(Math.max(1, steps / 100)));
        }
        return ExperimentParams.fromConfig(c);
    }

    /** Runs (or resumes) every ε, analyses the curves, writes {@code dir/timescales/}, prints and returns the rows. */
    public List<Row> run(Config base, ExecutionParams exec, List<Double> epsGrid, StoragePath dir) {
        List<ExperimentParams> ps = new ArrayList<>();
        for (double e : epsGrid) {
            ps.add(paramsFor(base, e));
        }
        Runner runner = new Runner(spark, out);
        List<Row[]> perEps = new ArrayList<>();
        double[] levels = null;
        for (int i = 0; i < ps.size(); i++) {
            ExperimentParams p = ps.get(i);
            StoragePath runDir = dir.resolve("runs").resolve("eps=" + epsGrid.get(i));
            if (RunDirectory.isRun(runDir)) {
                runner.resume(runDir, p, exec);
            } else {
                runner.run(p, exec, runDir);
            }
            levels = RiskCurves.levels(coefficients(((TwoLayer) p.model()).spec().target()));
            perEps.add(analyse(p, new RunDirectory(runDir), levels));
        }
        double[][] predicted = predictions(ps, epsGrid, levels);
        List<Row> rows = table(epsGrid, perEps, levels, predicted);
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(dir.resolve(TABLE).uri());
        byte[] png = figure(rows);
        if (png != null) {
            StudyFigures.write(dir.resolve(FIGURE), png);
        }
        print(rows);
        out.println("table: " + dir.resolve(TABLE));
        out.println(png != null ? "figure: " + dir.resolve(FIGURE) : "figure: none (no degree has a finite median "
                + "drop time)");
        return rows;
    }

    /** Per degree l and ε (index [l][i]): the reduced ODE's drop time of the run for ε. */
    static double[][] predictions(List<ExperimentParams> ps, List<Double> eps, double[] levels) {
        double[][] out = new double[levels.length - 1][eps.size()];
        for (int i = 0; i < eps.size(); i++) {
            ExperimentParams p = ps.get(i);
            TwoLayer.Spec spec = ((TwoLayer) p.model()).spec();
            ReducedOverlapOde ode = new ReducedOverlapOde(coefficients(spec.target()),
                    coefficients(spec.activation()), spec.width());
            double s0 = spec.initOverlap() != 0 ? spec.initOverlap() : 1 / Math.sqrt(spec.dim());
            double horizon = Keys.LR.read(p.config()) / spec.width() * p.steps() * p.generations();
            for (int l = 0; l < levels.length - 1; l++) {
                out[l][i] = levels[l] == levels[l + 1] ? Double.NaN : ode.dropTime(eps.get(i), 0, s0,
                        0.5 * (levels[l] + levels[l + 1]), horizon, ODE_STEPS_PER_EPS);
            }
        }
        return out;
    }

    private static double[] coefficients(Activation phi) {
        double[] c = new double[phi.degree() + 1];
        for (int k = 0; k < c.length; k++) {
            c[k] = phi.coefficient(k);
        }
        return c;
    }

    /** Per-degree medians over the agents of one run (one row per degree l ≥ 0, sorted by degree). */
    private Row[] analyse(ExperimentParams p, RunDirectory rd, double[] levels) {
        List<String> uris = rd.committedUris(RunSchema.TRAJECTORY);
        if (uris.isEmpty()) {
            throw new UserError(rd.root() + ": run has no trajectory records");
        }
        double unit = Keys.LR.read(p.config()) / ((TwoLayer) p.model()).spec().width();
        double b = band;
        double f = span;
        double[] lv = levels;
        Dataset<Row> records = spark.read().option("basePath", rd.root().resolve(RunSchema.TRAJECTORY).uri()).parquet(uris.toArray(new String[0])).select(col("agent_id"), col("step"), col("risk"));
        FlatMapGroupsFunction<Long, Row, Row> perAgent = (id, it) -> {
            List<long[]> steps = new ArrayList<>();
            List<Double> risks = new ArrayList<>();
            it.forEachRemaining(r -> {
                steps.add(new long[]{r.getLong(1), steps.size()});
                risks.add(r.getDouble(2));
            });
            steps.sort((x, y) -> Long.compare(x[0], y[0]));
            int n = steps.size();
            double[] t = new double[n];
            double[] risk = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = unit * steps.get(i)[0];
                risk[i] = risks.get((int) steps.get(i)[1]);
            }
            RiskCurves.Analysis a = new RiskCurves(b, f).analyse(t, risk, n, lv);
            List<Row> o = new ArrayList<>();
            for (int l = 0; l < a.dropTimes().length; l++) {
                o.add(RowFactory.create(l, a.dropTimes()[l], a.plateauLevels()[l]));
            }
            return o.iterator();
        };
        MapGroupsFunction<Integer, Row, Row> perDegree = (l, it) -> {
            List<Double> drops = new ArrayList<>();
            List<Double> plateaus = new ArrayList<>();
            it.forEachRemaining(r -> {
                drops.add(r.getDouble(1));
                if (!Double.isNaN(r.getDouble(2))) {
                    plateaus.add(r.getDouble(2));
                }
            });
            long dropped = drops.stream().filter(Double::isFinite).count();
            return RowFactory.create(l, (long) drops.size(), dropped, median(drops), (long) plateaus.size(),
                    median(plateaus));
        };
        Dataset<Row> agentRows = records.groupByKey((MapFunction<Row, Long>) r -> r.getLong(0), Encoders.LONG())
                .flatMapGroups(perAgent, Encoders.row(PER_AGENT));
        List<Row> out = agentRows.groupByKey((MapFunction<Row, Integer>) r -> r.getInt(0), Encoders.INT())
                .mapGroups(perDegree, Encoders.row(PER_DEGREE)).orderBy("degree").collectAsList();
        return out.toArray(new Row[0]);
    }

    private static double median(List<Double> v) {
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        return RiskCurves.median(a, 0, a.length);
    }

    private static List<Row> table(List<Double> eps, List<Row[]> perEps, double[] levels, double[][] predicted) {
        int degrees = levels.length - 1;
        List<Row> rows = new ArrayList<>();
        for (int l = 0; l < degrees; l++) {
            double[] x = new double[eps.size()];
            double[] y = new double[eps.size()];
            for (int i = 0; i < eps.size(); i++) {
                x[i] = eps.get(i);
                y[i] = perEps.get(i)[l].getDouble(3);
            }
            PowerLawFit fit = PowerLawFit.of(x, y);
            PowerLawFit theory = PowerLawFit.of(x, predicted[l]);
            for (int i = 0; i < eps.size(); i++) {
                Row d = perEps.get(i)[l];
                rows.add(RowFactory.create(eps.get(i), l, levels[l + 1], 0.5 * (levels[l] + levels[l + 1]),
                        d.getDouble(3), d.getLong(1), d.getLong(2), d.getDouble(5), d.getLong(4), fit.exponent(),
                        fit.stderr(), fit.points(), predicted[l][i], theory.exponent()));
            }
        }
        return rows;
    }

    /**
     * One log-log panel per degree with at least one finite median drop time ({@link #panel}); null when no degree
     * has one.
     */
    static byte[] figure(List<Row> rows) {
        List<XYChart> panels = new ArrayList<>();
        for (int l = 0; ; l++) {
            List<Row> degree = new ArrayList<>();
            for (Row r : rows) {
                if (r.getInt(1) == l) {
                    degree.add(r);
                }
            }
            if (degree.isEmpty()) {
                break;
            }
            double[] eps = new double[degree.size()];
            double[] measured = new double[degree.size()];
            double[] ode = new double[degree.size()];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = degree.get(i).getDouble(0);
                measured[i] = degree.get(i).getDouble(4);
                ode[i] = degree.get(i).getDouble(12);
            }
            if (PowerLawFit.of(eps, measured).points() > 0) {
                panels.add(panel(l, eps, measured, ode));
            }
        }
        return panels.isEmpty() ? null : StudyFigures.sideBySide(panels);
    }

    /**
     * Degree l's panel: the medians (markers), the fitted power law c·ε^b over the ε range (solid; legend b ± se, as
     * in the table) and the reduced ODE's drop times (dashed, where finite).
     */
    private static XYChart panel(int l, double[] eps, double[] measured, double[] ode) {
        XYChart c = new XYChartBuilder().width(560).height(420).title("degree " + l + ": drop time t_" + l
                + " against ε").xAxisTitle("ε").yAxisTitle("t_" + l + " (mean-field time, median over agents)").build();
        double lo = Arrays.stream(eps).min().orElseThrow();
        double hi = Arrays.stream(eps).max().orElseThrow();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setXAxisLogarithmicDecadeOnly(hi / lo >= 10);
        c.getStyler().setYAxisLogarithmicDecadeOnly(false);
        c.getStyler().setLegendPosition(LegendPosition.InsideSE);
        Color colour = ReportCharts.PALETTE[(l - 1 + ReportCharts.PALETTE.length) % ReportCharts.PALETTE.length];
        XYSeries points = c.addSeries("measured median", finite(eps, measured, true), finite(eps, measured, false));
        points.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(colour);
        PowerLawFit fit = PowerLawFit.of(eps, measured);
        if (fit.points() >= 2) {
            XYSeries line = c.addSeries("fit: b = " + fmt(fit.exponent()) + " ± " + fmt(fit.stderr()),
                    new double[]{lo, hi}, new double[]{fit.prefactor() * Math.pow(lo, fit.exponent()),
                        fit.prefactor() * Math.pow(hi, fit.exponent())});
            line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(colour);
        }
        double[] odeX = finite(eps, ode, true);
        if (odeX.length > 0) {
            XYSeries theory = c.addSeries("reduced ODE", odeX, finite(eps, ode, false));
            theory.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            theory.setMarker(SeriesMarkers.NONE);
            theory.setLineColor(Color.GRAY);
            theory.setLineStyle(ReportCharts.DASHED);
        }
        return c;
    }

    /** The x (or y) values of the pairs whose y is finite and positive (drawable on a log axis). */
    private static double[] finite(double[] x, double[] y, boolean wantX) {
        return IntStream.range(0, x.length).filter(i -> Double.isFinite(y[i]) && y[i] > 0)
                .mapToDouble(i -> wantX ? x[i] : y[i]).toArray();
    }

    private void print(List<Row> rows) {
        out.println(String.format(Locale.ROOT, "%-6s %-8s %-9s %-12s %-9s %-12s %-13s %s", "degree", "eps", "R_l",
                "t_l median", "dropped", "plateau obs", "with plateau", "t_l reduced ODE"));
        Iterator<Row> it = rows.iterator();
        int last = -1;
        Row prev = null;
        while (it.hasNext()) {
            Row r = it.next();
            int l = r.getInt(1);
            if (l != last && prev != null) {
                fitLine(prev);
            }
            last = l;
            prev = r;
            out.println(String.format(Locale.ROOT, "%-6d %-8.4g %-9.4g %-12s %-9s %-12s %-13d %s", l, r.getDouble(0),
                    r.getDouble(2), fmt(r.getDouble(4)), r.getLong(6) + "/" + r.getLong(5), fmt(r.getDouble(7)),
                    r.getLong(8), fmt(r.getDouble(12))));
        }
        if (prev != null) {
            fitLine(prev);
        }
    }

    private void fitLine(Row r) {
        int l = r.getInt(1);
        if (Double.isNaN(r.getDouble(3)) || r.getDouble(2) == r.getDouble(3)) {
            out.println(String.format(Locale.ROOT, "  degree %d: nothing to learn (φ_%d = 0)", l, l));
        } else {
            out.println(String.format(Locale.ROOT, "  degree %d: t_%d ∝ eps^b, b = %s ± %s (%d points); reduced ODE "
                    + "b = %s", l, l, fmt(r.getDouble(9)), fmt(r.getDouble(10)), r.getInt(11), fmt(r.getDouble(13))));
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : Double.isInfinite(v) ? "never" : String.format(Locale.ROOT, "%.4g", v);
    }
}
