package dev.popdyn.jobs.sweep;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Query views over a sweep directory ({@link Sweep}): {@code runs} (the table {@code runs.parquet}) and
 * {@code agents}, {@code lineage}, {@code summary} — each the union of the committed generations of every run of the
 * sweep, with a leading column {@code run} (the point's key). Runs are those listed in {@code sweep.json} (or, without
 * it, every run folder under {@code runs/} except ones moved aside). Tables whose columns differ between runs (a grid
 * over hyperparameter coordinates) are unioned by name, missing columns as null. Stateless.
 */
public final class SweepViews {
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
            spark.read().parquet(dir.resolve(RunsTable.FILE).uri()).createOrReplaceTempView("runs");
            names.add("runs");
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
