package dev.popdyn.jobs.api;

import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.StoragePath;
import dev.popdyn.jobs.snapshot.RunSchema;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An opened run directory: its tables over the generations that were committed when it was opened (a generation is
 * read only once its {@code _committed/G} marker exists, {@code docs/design.md §4}; the tables are those of
 * {@code popdyn query}, {@link RunViews#committedTables}), its experiment and its provenance ({@code run.json}).
 * Immutable; the Datasets are lazy Spark plans and as thread-safe as their SparkSession.
 */
public final class PopdynRun {
    private final StoragePath dir;
    private final RunManifest manifest;
    private final Map<String, Dataset<Row>> tables;

    private PopdynRun(StoragePath dir, RunManifest manifest, Map<String, Dataset<Row>> tables) {
        this.dir = dir;
        this.manifest = manifest;
        this.tables = Map.copyOf(tables);
    }

    static PopdynRun open(SparkSession spark, StoragePath dir) {
        Map<String, Dataset<Row>> tables = RunViews.committedTables(spark, dir);
        return new PopdynRun(dir, RunManifest.read(new RunDirectory(dir)), tables);
    }

    /** The run directory. */
    public String dir() {
        return dir.toString();
    }

    /** One row per agent and committed generation (schema: {@code docs/design.md §4}). */
    public Dataset<Row> agents() {
        return table(RunSchema.AGENTS);
    }

    /** One row per agent and committed generation: its slow-phase event and donor. */
    public Dataset<Row> lineage() {
        return table(RunSchema.LINEAGE);
    }

    /** One row per committed generation: fitness statistics, ESS, exploit counts. */
    public Dataset<Row> summary() {
        return table(RunSchema.SUMMARY);
    }

    /** The validated experiment the run was started with (its {@code sha256()} is {@code config_sha256}). */
    public ExperimentParams config() {
        return manifest.params();
    }

    /** The run's provenance: run id, config and its hash, versions, execution settings ({@code run.json}). */
    public RunManifest provenance() {
        return manifest;
    }

    private Dataset<Row> table(String name) {
        Dataset<Row> t = tables.get(name);
        if (t == null) {
            throw new IllegalStateException(dir + ": table " + name + " has no committed generation");
        }
        return t;
    }
}
