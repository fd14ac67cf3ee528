package dev.popdyn.jobs.sweep;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunSchema;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Query views over a sweep directory ({@link Sweep}): {@code runs} (the table {@code runs.parquet} with the
 * per-point seed statistics below), {@code points} (one row per grid point) and {@code agents}, {@code lineage}, {@code summary} — each the union of the committed generations of every run of the
 * sweep, with a leading column {@code run} (the point's key). Runs are those listed in {@code sweep.json} (or, without
 * it, every run folder under {@code runs/} except ones moved aside). Tables whose columns differ between runs (a grid
 * over hyperparameter coordinates) are unioned by name, missing columns as null.
 *
 * <p>Seeds: a grid point is the set of runs with equal grid values (they differ only in {@code seed}). Over the
 * point's runs with status {@code done}, n = {@code n_seeds}, the mean x̄ = (1/n) Σ xᵢ and the standard error
 * SE = s/√n, s² = Σ (xᵢ − x̄)²/(n − 1) (null when n &lt; 2), of x = {@code best_fitness} ({@code best_mean},
 * {@code best_se}) and of x = {@code final_fitness} ({@code final_mean}, {@code final_se}). The {@code runs} view
 * repeats them on every run of the point; {@code points} has the grid columns, {@code n_seeds}, {@code seeds}
 * (ascending) and the four statistics, ordered by the grid columns. Stateless.
 */
public final class SweepViews {
    /** The view with one row per grid point (statistics over its seeds). */
    public static final String POINTS = "points";
    /** The statistics over seeds the {@code runs} view adds to the table. */
    public static final List<String> SEED_COLUMNS = List.of("n_seeds", "best_mean", "best_se", "final_mean",
            "final_se");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepViews() {
    }

    /** Whether {@code dir} is a sweep directory (has runs.parquet or sweep.json). */
    public static boolean isSweep(StoragePath dir) {
        return dir.resolve(RunsTable.FILE).isFile() || dir.resolve(Sweep.SWEEP_JSON).isFile();
    }

    /** Registers the views; returns the names registered. */
    public static List<String> register(SparkSession spark, StoragePath dir) {
        List<String> names = new ArrayList<>();
        if (dir.resolve(RunsTable.FILE).isFile()) {
            registerRunsAndPoints(spark.read().parquet(dir.resolve(RunsTable.FILE).uri()));
            names.add("runs");
            names.add(POINTS);
        }
        Map<String, StoragePath> runs = runDirectories(dir);
        for (String table : RunSchema.TABLES) {
            Dataset<Row> all = null;
            for (Map.Entry<String, StoragePath> r : runs.entrySet()) {
                RunDirectory rd = new RunDirectory(r.getValue());
                List<String> uris = rd.committedUris(table);
                if (uris.isEmpty()) {
                    continue;
                }
                Dataset<Row> df = spark.read().option("basePath", rd.root().resolve(table).uri())
                        .parquet(uris.toArray(new String[0]));
                List<String> cols = new ArrayList<>(List.of("run"));
                cols.addAll(List.of(df.columns()));
                df = df.withColumn("run", lit(r.getKey())).selectExpr(cols.stream().map(c -> "`" + c + "`")
                        .toArray(String[]::new));
                all = all == null ? df : all.unionByName(df, true);
            }
            if (all != null) {
                all.createOrReplaceTempView(table);
                names.add(table);
            }
        }
        if (names.isEmpty()) {
            throw new UserError(dir + ": sweep has no runs table and no committed run yet");
        }
        return names;
    }

    /**
     * The grid columns of the runs table or view: its columns other than {@link RunsTable#FIXED} and
     * {@link #SEED_COLUMNS}, in table order (the order of the sweep's keys).
     */
    public static List<String> gridColumns(Dataset<Row> runs) {
        return Arrays.stream(runs.columns()).filter(c -> !RunsTable.FIXED.contains(c) && !SEED_COLUMNS.contains(c))
                .toList();
    }

    /** The {@code runs} view (the table plus the point statistics) and the {@code points} view. */
    private static void registerRunsAndPoints(Dataset<Row> table) {
        List<String> grid = gridColumns(table).stream().map(c -> "`" + c + "`").toList();
        String window = grid.isEmpty() ? "()" : "(PARTITION BY " + String.join(", ", grid) + ")";
        table.selectExpr("*",
                "count(" + done("1") + ") OVER " + window + " AS n_seeds",
                "avg(" + done("best_fitness") + ") OVER " + window + " AS best_mean",
                se(done("best_fitness"), " OVER " + window) + " AS best_se",
                "avg(" + done("final_fitness") + ") OVER " + window + " AS final_mean",
                se(done("final_fitness"), " OVER " + window) + " AS final_se")
                .createOrReplaceTempView("runs");
        Column[] by = grid.stream().map(functions::expr).toArray(Column[]::new);
        table.where("status = 'done'").groupBy(by).agg(expr("count(*)").as("n_seeds"),
                expr("sort_array(collect_list(seed))").as("seeds"), expr("avg(best_fitness)").as("best_mean"),
                expr(se("best_fitness", "")).as("best_se"), expr("avg(final_fitness)").as("final_mean"),
                expr(se("final_fitness", "")).as("final_se"))
                .orderBy(by).createOrReplaceTempView(POINTS);
    }

    /** SE = s/√n of {@code x} (s the sample standard deviation; null for n &lt; 2), {@code over} a window or "". */
    private static String se(String x, String over) {
        return "stddev_samp(" + x + ")" + over + " / sqrt(count(" + x + ")" + over + ")";
    }

    private static String done(String column) {
        return "CASE WHEN status = 'done' THEN " + column + " END";
    }

    /**
     * Run key → run folder, in sweep order: the points of {@code sweep.json} whose folder holds a run, or without
     * it every run folder under {@code runs/} except ones moved aside.
     */
    public static Map<String, StoragePath> runDirectories(StoragePath dir) {
        Map<String, StoragePath> out = new LinkedHashMap<>();
        StoragePath json = dir.resolve(Sweep.SWEEP_JSON);
        if (json.isFile()) {
            JsonNode n;
            try {
                n = JSON.readTree(json.readBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + json, e);
            }
            for (JsonNode p : n.path("points")) {
                StoragePath d = dir.resolve(Sweep.RUNS).resolve(p.path("dir").asText());
                if (RunDirectory.isRun(d)) {
                    out.put(p.path("run").asText(), d);
                }
            }
            return out;
        }
        for (StoragePath d : dir.resolve(Sweep.RUNS).children()) {
            if (RunDirectory.isRun(d) && !d.name().contains(".old-")) {
                out.put(d.name(), d);
            }
        }
        return out;
    }
}
