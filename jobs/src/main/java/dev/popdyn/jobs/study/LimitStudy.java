package dev.popdyn.jobs.study;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.popdyn.core.meanfield.MeanFieldReference;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.timescales.PowerLawFit;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * {@code popdyn study limit}: N-convergence of the particle system to its mean-field reference (docs/design.md §1.5;
 * propagation of chaos predicts W1 ~ N^(−1/2)). Runs the experiment for every population size N and replicate
 * r = 0 … R−1 (seed = base seed + r) into {@code DIR/runs/N=<N>,seed=<seed>/} — each a normal run directory;
 * complete ones are skipped and partial ones resumed — then derives the {@code DIR/limit/} Parquet table from their
 * summaries: n, seed, generation, w1 ({@code w1_reference}), and {@code <h>_mean}, {@code <h>_var} (population
 * variance) per hyperparameter. It prints the mean W1 per N at the final generation and the least-squares slope of
 * log W1 against log N over the per-seed points, with its standard error sqrt(RSS/(m − 2) / Σ(log Nᵢ − mean)²).
 * The fit is reported as measured, never tuned. Not thread-safe.
 */
public final class LimitStudy {
    /** Default population sizes. */
    public static final List<Long> SIZES = List.of(100L, 1_000L, 10_000L, 100_000L, 1_000_000L);
    /** Default replicates per size. */
    public static final int SEEDS = 5;

    private final SparkSession spark;
    private final PrintStream out;

    public LimitStudy(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    /** Runs the study for {@code base} (its population and seed are replaced) and writes DIR/limit. */
    public PowerLawFit run(ExperimentParams base, ExecutionParams exec, List<Long> sizes, int seeds, StoragePath dir) {
        String blocker = MeanFieldReference.autoBlocker(base);
        if (base.referenceEnabled().equals("false")
                || (base.referenceEnabled().equals("auto") && blocker != null)) {
            throw new UserError("study limit needs the mean-field reference, which is off for this config ("
                    + (blocker != null ? blocker : "reference.enabled = false") + "); set reference.enabled = true "
                    + "or use boltzmann rate 1, mutation mode all, fitness.estimator = effective");
        }
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Runner runner = new Runner(spark, quiet);
        Dataset<Row> table = null;
        for (long n : sizes) {
            for (int r = 0; r < seeds; r++) {
                long seed = base.seed() + r;
                Config c = base.config().withValue("population", ConfigValueFactory.fromAnyRef(n))
                        .withValue("seed", ConfigValueFactory.fromAnyRef(seed));
                ExperimentParams p = ExperimentParams.fromConfig(c);
                StoragePath run = dir.resolve("runs").resolve("N=" + n + ",seed=" + seed);
                long t0 = System.nanoTime();
                String what;
                if (!RunDirectory.isRun(run)) {
                    runner.run(p, exec, run);
                    what = "ran";
                } else if (new RunDirectory(run).lastCommitted() < p.generations()) {
                    runner.resume(run, p, exec);
                    what = "resumed";
                } else {
                    what = "kept";
                }
                Dataset<Row> rows = summaryRows(run, p, n, seed);
                table = table == null ? rows : table.unionByName(rows);
                out.printf(Locale.ROOT, "N = %d, seed = %d: %s in %.1f s%n", n, seed, what,
                        (System.nanoTime() - t0) / 1e9);
                out.flush();
            }
        }
        StoragePath limit = dir.resolve("limit");
        table.coalesce(1).write().mode(SaveMode.Overwrite).parquet(limit.uri());
        return report(spark.read().parquet(limit.uri()), base.generations(), limit);
    }

    private Dataset<Row> summaryRows(StoragePath run, ExperimentParams p, long n, long seed) {
        Dataset<Row> s = spark.read().parquet(run.resolve("summary").uri());
        List<Column> cols = new ArrayList<>(List.of(lit(n).as("n"), lit(seed).as("seed"),
                col("generation").cast("int").as("generation"), col("w1_reference").as("w1")));
        for (String h : p.hyper().names()) {
            cols.add(col("hyper_" + h + "_mean").as(h + "_mean"));
            cols.add(pow(col("hyper_" + h + "_std"), 2).as(h + "_var"));
        }
        return s.select(cols.toArray(new Column[0]));
    }

    private PowerLawFit report(Dataset<Row> limit, int generations, StoragePath where) {
        List<Row> last = limit.filter(col("generation").equalTo(generations)).select("n", "seed", "w1")
                .orderBy("n", "seed").collectAsList();
        TreeMap<Long, List<Double>> byN = new TreeMap<>();
        double[] x = new double[last.size()];
        double[] y = new double[last.size()];
        for (int i = 0; i < last.size(); i++) {
            Row r = last.get(i);
            byN.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(r.getDouble(2));
            x[i] = r.getLong(0);
            y[i] = r.getDouble(2);
        }
        out.println("limit table: " + where);
        out.printf(Locale.ROOT, "W1 to the mean-field reference at generation %d%n", generations);
        out.printf(Locale.ROOT, "%10s  %6s  %12s  %12s%n", "N", "seeds", "mean W1", "sd W1");
        for (var e : byN.entrySet()) {
            double m = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double v = e.getValue().stream().mapToDouble(w -> (w - m) * (w - m)).sum()
                    / Math.max(1, e.getValue().size() - 1);
            out.printf(Locale.ROOT, "%10d  %6d  %12.6g  %12.6g%n", e.getKey(), e.getValue().size(), m,
                    Math.sqrt(v));
        }
        PowerLawFit f = PowerLawFit.of(x, y);
        out.printf(Locale.ROOT, "slope of log W1 vs log N: %.4f ± %.4f (least squares over %d per-seed points; "
                + "propagation of chaos predicts -0.5)%n", f.exponent(), f.stderr(), f.points());
        out.flush();
        return f;
    }
}
