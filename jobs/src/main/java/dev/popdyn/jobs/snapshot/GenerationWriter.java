package dev.popdyn.jobs.snapshot;

import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.jobs.run.AgentRow;
import dev.popdyn.jobs.run.StepRow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes and commits the generations of one run directory (layouts in {@link RunSchema}, docs/design.md §4), with
 * no Spark: the Parquet files are written by {@link ParquetFiles} through Hadoop's file system, wherever the rows
 * are. It owns the commit protocol:
 * <ol>
 * <li>{@link #begin} clears what a failed attempt of generation g left in its staging folder and returns the
 * serializable {@link Parts} plan, which writes every table into {@link RunDirectory#stagingDir} — outside the table
 * folders, so no reader sees any of it;</li>
 * <li>the engine writes the population tables part by part with {@link Parts#write} — the in-process engine on the
 * driver, the Spark engine in the tasks that hold the rows (one Spark job) — each call returning the facts of its
 * files ({@link WrittenFile}: name, rows, bytes, SHA-256 computed as the bytes were written); the {@code state}
 * checkpoint only on checkpoint generations ({@code execution.checkpoint-every});</li>
 * <li>{@link Written#commit} writes the one-row summary table, moves the staged tables into place
 * ({@link RunDirectory#publish}: one directory rename per table), writes the {@code _committed/G} marker with the
 * facts (row counts, {@code theta_written}, {@code state_checkpoint}, the files of {@link RunIntegrity#files}) and,
 * on a checkpoint generation, deletes the older state checkpoints.</li>
 * </ol>
 * Until the marker exists, readers ignore the generation and resume deletes its folders ({@link RunDirectory#recover}).
 * Where the directory lives (any Hadoop file system, {@link StoragePath}) is {@link RunDirectory}'s. Not
 * thread-safe; one writer per directory ({@link Parts} is immutable and thread-safe).
 */
public final class GenerationWriter {
    private static final List<String> POPULATION = List.of(RunSchema.AGENTS, RunSchema.LINEAGE, RunSchema.STATE,
            RunSchema.TRAJECTORY, RunSchema.SUMMARY);

    private final RunDirectory dir;
    private final HyperSpace space;
    private final boolean trajectory;
    private final Configuration conf;

    /**
     * A writer of {@code dir}'s generations for hyperparameters {@code space}, with the trajectory table or not,
     * writing through the Hadoop file systems of {@code conf}.
     */
    public GenerationWriter(RunDirectory dir, HyperSpace space, boolean trajectory, Configuration conf) {
        this.dir = dir;
        this.space = space;
        this.trajectory = trajectory;
        this.conf = conf;
    }

    /**
     * Starts generation g (θ written in {@code agents} only when {@code theta}, the {@code state} checkpoint only
     * when {@code checkpoint}): deletes what a failed attempt left in the generation's staging folders and returns
     * the plan its part files are written with.
     */
    public Parts begin(int g, boolean theta, boolean checkpoint) {
        for (String t : POPULATION) {
            dir.stagingDir(t, g).delete();
        }
        return new Parts(g, theta, checkpoint, trajectory, space.names(), dir.stagingUri(RunSchema.AGENTS, g),
                dir.stagingUri(RunSchema.LINEAGE, g), checkpoint ? dir.stagingUri(RunSchema.STATE, g) : null,
                trajectory ? dir.stagingUri(RunSchema.TRAJECTORY, g) : null);
    }

    /** Generation {@code parts}' population tables, written as {@code files} (every part's facts), to commit. */
    public Written written(Parts parts, Collection<WrittenFile> files) {
        return new Written(parts, List.copyOf(files));
    }

    /**
     * Where and how generation g's population tables are written, part by part: part k of the population (a
     * contiguous id range, in id order) becomes file {@code part-k.parquet} of each table folder. Serializable, so
     * that Spark tasks write the part they hold. Immutable and thread-safe.
     */
    public static final class Parts implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int generation;
        private final boolean theta;
        private final boolean checkpoint;
        private final boolean trajectory;
        private final ArrayList<String> hyper;
        private final String agents;
        private final String lineage;
        private final String state;
        private final String trajectoryDir;

        private Parts(int generation, boolean theta, boolean checkpoint, boolean trajectory, List<String> hyper,
                String agents, String lineage, String state, String trajectoryDir) {
            this.generation = generation;
            this.theta = theta;
            this.checkpoint = checkpoint;
            this.trajectory = trajectory;
            this.hyper = new ArrayList<>(hyper);
            this.agents = agents;
            this.lineage = lineage;
            this.state = state;
            this.trajectoryDir = trajectoryDir;
        }

        /** The generation written. */
        public int generation() {
            return generation;
        }

        /**
         * Writes part {@code part}: {@code agents} (and {@code trajectory} when recorded) from its {@code evaluated}
         * rows in one pass, then {@code lineage} (and {@code state} on a checkpoint generation) from its
         * {@code steps} in one pass. Returns the facts of the files written.
         */
        public List<WrittenFile> write(int part, Iterator<? extends AgentRow> evaluated,
                Iterator<? extends StepRow> steps, Configuration conf) {
            String name = String.format(Locale.ROOT, "part-%05d.parquet", part);
            List<WrittenFile> files = new ArrayList<>(4);
            try (ParquetFiles.Sink<AgentRow> a = ParquetFiles.open(RunSchema.AGENTS, agents, name,
                    RunSchema.agents(hyper, theta), conf);
                    ParquetFiles.Sink<RunSchema.TrajectoryRecord> t = trajectory ? ParquetFiles.open(
                            RunSchema.TRAJECTORY, trajectoryDir, name, RunSchema.trajectory(), conf) : null) {
                while (evaluated.hasNext()) {
                    AgentRow r = evaluated.next();
                    a.add(r);
                    if (t != null) {
                        for (RunSchema.TrajectoryRecord rec : RunSchema.trajectoryRecords(r)) {
                            t.add(rec);
                        }
                    }
                }
                files.add(a.finish());
                if (t != null) {
                    files.add(t.finish());
                }
            }
            try (ParquetFiles.Sink<StepRow> l = ParquetFiles.open(RunSchema.LINEAGE, lineage, name,
                    RunSchema.lineage(hyper), conf);
                    ParquetFiles.Sink<AgentRow> s = checkpoint ? ParquetFiles.open(RunSchema.STATE, state, name,
                            RunSchema.state(), conf) : null) {
                while (steps.hasNext()) {
                    StepRow r = steps.next();
                    l.add(r);
                    if (s != null) {
                        s.add(r);
                    }
                }
                files.add(l.finish());
                if (s != null) {
                    files.add(s.finish());
                }
            }
            return files;
        }
    }

    /** Generation {@code parts.generation()}'s population tables, written and not yet committed. */
    public final class Written {
        private final Parts parts;
        private final List<WrittenFile> files;

        private Written(Parts parts, List<WrittenFile> files) {
            this.parts = parts;
            this.files = files;
        }

        /**
         * Writes the summary table, moves the staged tables into place, writes the commit marker with the
         * generation's facts, then (on a checkpoint generation) deletes the older state checkpoints.
         */
        public void commit(Summary summary) {
            int g = parts.generation();
            List<WrittenFile> all = new ArrayList<>(files);
            all.add(ParquetFiles.write(RunSchema.SUMMARY, dir.stagingUri(RunSchema.SUMMARY, g),
                    "part-00000.parquet", RunSchema.summary(space), List.of(summary.values()), conf));
            all.sort(Comparator.comparing(WrittenFile::table).thenComparing(WrittenFile::name));
            Map<String, Object> facts = facts(all);
            dir.publish(g);
            dir.commit(g, facts);
            if (parts.checkpoint) {
                dir.dropStateBefore(g);
            }
        }

        private Map<String, Object> facts(List<WrittenFile> all) {
            Map<String, Object> facts = new LinkedHashMap<>();
            for (String t : List.of(RunSchema.AGENTS, RunSchema.LINEAGE, RunSchema.STATE, RunSchema.SUMMARY,
                    RunSchema.TRAJECTORY)) {
                if (!t.equals(RunSchema.TRAJECTORY) || trajectory) {
                    facts.put(t + "_rows", all.stream().filter(f -> f.table().equals(t))
                            .mapToLong(WrittenFile::rows).sum());
                }
            }
            facts.put("theta_written", parts.theta);
            facts.put(RunDirectory.STATE_CHECKPOINT, parts.checkpoint);
            facts.putAll(RunIntegrity.files(all));
            return facts;
        }
    }
}
