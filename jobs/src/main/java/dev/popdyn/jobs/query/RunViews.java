package dev.popdyn.jobs.query;

import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.RunSchema;
import dev.popdyn.jobs.sweep.SweepViews;
import dev.popdyn.jobs.snapshot.RunIntegrity;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Registers the temporary views {@code agents}, {@code lineage} and {@code summary} over the committed generations
 * of a run directory (uncommitted folders are never read); on a sweep directory, the views of
 * {@link SweepViews} ({@code runs}, and the run tables unioned with a {@code run} column).
 * Stateless.
 */
public final class RunViews {
    private RunViews() {
    }

    /** Whether {@code dir} is read as a sweep directory: it is no run directory but a sweep's. */
    public static boolean isSweep(StoragePath dir) {
        return dir.isDirectory() && !RunDirectory.isRun(dir) && SweepViews.isSweep(dir);
    }

    /** Registers the views; returns the names registered. */
    public static List<String> register(SparkSession spark, StoragePath runDir) {
        if (!runDir.isDirectory()) {
            throw new UserError(runDir + ": no such run directory");
        }
        if (isSweep(runDir)) {
            return SweepViews.register(spark, runDir);
        }
        List<String> names = new ArrayList<>();
        committedTables(spark, runDir).forEach((table, df) -> {
            df.createOrReplaceTempView(table);
            names.add(table);
        });
        return names;
    }

    /**
     * The tables of the run in {@code runDir} (its run.json read and its markers verified first) over their committed
     * generations only, in {@link RunSchema#TABLES} order; a table without a committed generation is absent. Throws a
     * {@link UserError} when {@code runDir} is no run or has no committed generation yet.
     */
    public static Map<String, Dataset<Row>> committedTables(SparkSession spark, StoragePath runDir) {
        if (!RunDirectory.isRun(runDir)) {
            throw new UserError(runDir + ": not a run directory (no " + RunDirectory.RUN_JSON + ")");
        }
        RunDirectory rd = new RunDirectory(runDir);
        RunManifest.read(rd);
        RunIntegrity.verify(spark, rd, RunSchema.TABLES, 0, "");
        Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
        for (String table : RunSchema.TABLES) {
            List<String> uris = rd.committedUris(table);
            if (uris.isEmpty()) {
                continue;
            }
            tables.put(table, spark.read().option("basePath", rd.root().resolve(table).uri())
                    .parquet(uris.toArray(new String[0])));
        }
        if (tables.isEmpty()) {
            throw new UserError(runDir + ": run has no committed generation yet");
        }
        return tables;
    }
}
