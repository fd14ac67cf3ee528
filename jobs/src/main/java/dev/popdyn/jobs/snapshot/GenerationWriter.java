package dev.popdyn.jobs.snapshot;

import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.params.HyperSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes and commits the generations of one run directory (layouts in {@link RunSchema}, docs/design.md §4). It owns
 * the commit protocol: {@link #write} writes a generation's population tables in the order agents, lineage, state,
 * trajectory (when recorded); {@link Written#commit} then writes the one-row summary table, gathers the facts (row
 * counts, {@code theta_written}, the files of {@link RunIntegrity}), writes the {@code _committed/G} marker and deletes
 * the state checkpoints older than G. Until the marker exists, readers ignore the generation and resume deletes its
 * folders. How a table reaches its place (today: Spark writes it into {@code TABLE/generation=G} in place) and where
 * the directory lives (any Hadoop file system, {@link StoragePath}) are decided here and in {@link RunDirectory} only,
 * so committing by rename or another storage changes these two classes. The file checksums of the marker are
 * computed on the executors ({@link RunIntegrity#facts}). Not thread-safe; one writer per directory.
 */
public final class GenerationWriter {
    private final SparkSession spark;
    private final RunDirectory dir;
    private final HyperSpace space;
    private final boolean trajectory;

    /** A writer of {@code dir}'s generations for hyperparameters {@code space}, with the trajectory table or not. */
    public GenerationWriter(SparkSession spark, RunDirectory dir, HyperSpace space, boolean trajectory) {
        this.spark = spark;
        this.dir = dir;
        this.space = space;
        this.trajectory = trajectory;
    }

    /**
     * Writes generation g's population tables from the engine's rows: {@code evaluated} (agents and trajectory;
     * θ kept only when {@code theta}) and {@code steps} (lineage and state), each holding {@code rows} agents.
     * Returns the handle that commits them.
     */
    public Written write(int g, Dataset<?> evaluated, Dataset<?> steps, long rows, boolean theta) {
        save(RunSchema.agents(evaluated, space, theta), RunSchema.AGENTS, g);
        save(RunSchema.lineage(steps, space), RunSchema.LINEAGE, g);
        save(RunSchema.state(steps), RunSchema.STATE, g);
        if (trajectory) {
            save(RunSchema.trajectory(evaluated), RunSchema.TRAJECTORY, g);
        }
        return new Written(g, rows, theta);
    }

    /** Generation {@code generation}'s population tables, written and not yet committed. */
    public final class Written {
        private final int generation;
        private final long rows;
        private final boolean theta;

        private Written(int generation, long rows, boolean theta) {
            this.generation = generation;
            this.rows = rows;
            this.theta = theta;
        }

        /**
         * Writes the summary table, then the commit marker with the generation's facts, then deletes the older
         * state checkpoints.
         */
        public void commit(Summary summary) {
            spark.createDataFrame(List.of(RowFactory.create(boxed(summary.values()))), RunSchema.summary(space))
                    .coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.generationUri(RunSchema.SUMMARY,
                            generation));
            dir.commit(generation, facts());
            dir.dropStateBefore(generation);
        }

        private Map<String, Object> facts() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("agents_rows", rows);
            facts.put("lineage_rows", rows);
            facts.put("state_rows", rows);
            facts.put("summary_rows", 1);
            facts.put("theta_written", theta);
            facts.putAll(RunIntegrity.facts(spark, dir, generation));
            return facts;
        }
    }

    private void save(Dataset<Row> table, String name, int g) {
        table.write().mode(SaveMode.Overwrite).parquet(dir.generationUri(name, g));
    }

    private static Object[] boxed(double[] v) {
        Object[] o = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i];
        }
        return o;
    }
}
