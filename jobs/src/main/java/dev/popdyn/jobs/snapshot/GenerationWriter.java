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
 * the order of the commit protocol: {@link #write} writes a generation's population tables in the order agents,
 * lineage, state (only on checkpoint generations), trajectory (when recorded); {@link Written#commit} then writes the
 * one-row summary table, gathers the facts (row counts, {@code theta_written}, {@code state_checkpoint}, the files of
 * {@link RunIntegrity}), moves the tables into place ({@link RunDirectory#publish}), writes the {@code _committed/G}
 * marker and, on a checkpoint generation, drops the older state checkpoints. Every table is written into
 * {@link RunDirectory#stagingUri} first, outside the table folders: until the rename no reader sees any of it, and
 * until the marker exists readers ignore the generation and resume deletes its folders. Where the directory lives
 * (any Hadoop file system, {@link StoragePath}) is {@link RunDirectory}'s. The file checksums of the marker are
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
     * θ kept only when {@code theta}) and {@code steps} (lineage, and the state checkpoint when {@code checkpoint}),
     * each holding {@code rows} agents. Returns the handle that commits them.
     */
    public Written write(int g, Dataset<?> evaluated, Dataset<?> steps, long rows, boolean theta,
            boolean checkpoint) {
        save(RunSchema.agents(evaluated, space, theta), RunSchema.AGENTS, g);
        save(RunSchema.lineage(steps, space), RunSchema.LINEAGE, g);
        if (checkpoint) {
            save(RunSchema.state(steps), RunSchema.STATE, g);
        }
        if (trajectory) {
            save(RunSchema.trajectory(evaluated), RunSchema.TRAJECTORY, g);
        }
        return new Written(g, rows, theta, checkpoint);
    }

    /** Generation {@code generation}'s population tables, written and not yet committed. */
    public final class Written {
        private final int generation;
        private final long rows;
        private final boolean theta;
        private final boolean checkpoint;

        private Written(int generation, long rows, boolean theta, boolean checkpoint) {
            this.generation = generation;
            this.rows = rows;
            this.theta = theta;
            this.checkpoint = checkpoint;
        }

        /**
         * Writes the summary table, gathers the facts, moves the staged tables into place, writes the commit
         * marker, then (on a checkpoint generation) drops the older state checkpoints.
         */
        public void commit(Summary summary) {
            save(spark.createDataFrame(List.of(RowFactory.create(boxed(summary.values()))), RunSchema.summary(space))
                    .coalesce(1), RunSchema.SUMMARY, generation);
            Map<String, Object> facts = facts();
            dir.publish(generation);
            dir.commit(generation, facts);
            if (checkpoint) {
                dir.dropStateBefore(generation);
            }
        }

        private Map<String, Object> facts() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("agents_rows", rows);
            facts.put("lineage_rows", rows);
            facts.put("state_rows", checkpoint ? rows : 0);
            facts.put("summary_rows", 1);
            facts.put("theta_written", theta);
            facts.put(RunDirectory.STATE_CHECKPOINT, checkpoint);
            facts.putAll(RunIntegrity.facts(spark, dir, generation));
            return facts;
        }
    }

    private void save(Dataset<Row> table, String name, int g) {
        table.write().mode(SaveMode.Overwrite).parquet(dir.stagingUri(name, g));
    }

    private static Object[] boxed(double[] v) {
        Object[] o = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i];
        }
        return o;
    }
}
