package dev.popdyn.jobs.snapshot;

import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popdyn.jobs.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Retention of a committed run directory ({@code popdyn prune}, docs/design.md §4): removes the θ snapshots of the
 * generations a {@link ThetaPolicy} does not keep — the {@code agents} files of such a generation are rewritten with
 * a null {@code theta} column (same schema, every other column unchanged), swapped in by
 * {@link RunDirectory#replaceCommitted} with a marker whose {@code files} and {@code theta_written} describe the new
 * files — and drops superseded state checkpoints (every one but the newest, which is never touched). Afterwards
 * {@code popdyn verify} passes. An interrupted prune is completed or undone by {@link RunDirectory#recover}, which
 * {@link #prune} runs first (and last, to remove its empty staging folders). Not thread-safe; the caller makes sure
 * no run or resume writes the directory.
 */
public final class RunPruner {
    private final SparkSession spark;
    private final RunDirectory dir;

    public RunPruner(SparkSession spark, RunDirectory dir) {
        this.spark = spark;
        this.dir = dir;
    }

    /**
     * Which generations keep their θ snapshot: {@code all} (as written), {@code last}, {@code none}, or
     * {@code every-K} (generations divisible by K, and the last). Immutable.
     *
     * @param every K for {@code every-K}; 0 = {@code none} or {@code last}; −1 = {@code all}
     * @param last whether the last committed generation keeps θ
     */
    public record ThetaPolicy(int every, boolean last) {
        /** The allowed values, as error messages name them. */
        public static final String ALLOWED = "all, last, none or every-K with K >= 1";

        /** Parses {@code text}; a {@link UserError} naming {@code option} when it is none of {@link #ALLOWED}. */
        public static ThetaPolicy parse(String option, String text) {
            switch (text) {
                case "all":
                    return new ThetaPolicy(-1, true);
                case "last":
                    return new ThetaPolicy(0, true);
                case "none":
                    return new ThetaPolicy(0, false);
                default:
                    if (text.matches("every-\\d{1,9}") && Integer.parseInt(text.substring(6)) >= 1) {
                        return new ThetaPolicy(Integer.parseInt(text.substring(6)), true);
                    }
                    throw new UserError(option + ": '" + text + "' is not a retention policy (" + ALLOWED + ")");
            }
        }

        /** Whether generation g of a run whose last committed generation is {@code lastCommitted} keeps θ. */
        public boolean keeps(int g, int lastCommitted) {
            return every < 0 || (last && g == lastCommitted) || (every > 0 && g % every == 0);
        }
    }

    /** What a prune removed: generations whose θ went, superseded checkpoints dropped, and bytes freed. */
    public record Freed(List<Integer> thetaGenerations, List<Integer> checkpoints, long thetaBytes,
            long checkpointBytes) {
        public long bytes() {
            return thetaBytes + checkpointBytes;
        }
    }

    /**
     * Applies {@code policy} and drops superseded state checkpoints; returns what was freed. The caller has checked
     * that the directory is a run with at least one committed generation.
     */
    public Freed prune(ThetaPolicy policy) {
        dir.recover();
        int last = dir.lastCommitted();
        List<Integer> thetaGone = new ArrayList<>();
        long thetaBytes = 0;
        for (int g : dir.committedGenerations()) {
            if (!policy.keeps(g, last) && dir.readMarker(g).path("theta_written").asBoolean(true)) {
                thetaBytes += dropTheta(g);
                thetaGone.add(g);
            }
        }
        List<Integer> superseded = new ArrayList<>(dir.checkpoints());
        superseded.remove(Integer.valueOf(dir.newestCheckpoint(last)));
        long checkpointBytes = dir.dropStateBefore(dir.newestCheckpoint(last));
        dir.recover();
        return new Freed(thetaGone, superseded, thetaBytes, checkpointBytes);
    }

    /**
     * Rewrites generation g's {@code agents} with a null θ column into {@link RunDirectory#replacementDir} and
     * swaps it in with the marker's facts updated; returns the bytes freed.
     */
    private long dropTheta(int g) {
        StoragePath place = dir.generationDir(RunSchema.AGENTS, g);
        StoragePath staged = dir.replacementDir(RunSchema.AGENTS, g);
        Dataset<Row> agents = spark.read().parquet(place.uri());
        agents.withColumn("theta", lit(null).cast(agents.schema().apply("theta").dataType()))
                .write().mode(SaveMode.Overwrite).parquet(staged.uri());
        long before = RunDirectory.bytes(place);
        long after = RunDirectory.bytes(staged);
        ObjectNode marker = dir.readMarker(g);
        marker.put("theta_written", false);
        JsonNode files = marker.get(RunIntegrity.FILES);
        if (files instanceof ObjectNode f) {
            f.set(RunSchema.AGENTS, records(staged));
        }
        dir.replaceCommitted(RunSchema.AGENTS, g, marker);
        return before - after;
    }

    /** The {@link RunIntegrity} file records (name, size, SHA-256) of the Parquet files in {@code folder}. */
    private ArrayNode records(StoragePath folder) {
        List<StoragePath> files = new ArrayList<>();
        for (StoragePath f : folder.children()) {
            if (RunDirectory.isParquetPart(f.name())) {
                files.add(f);
            }
        }
        Map<String, String> sha = RunIntegrity.sha256(spark, files);
        ArrayNode out = RunDirectory.newJson().arrayNode();
        for (StoragePath f : files) {
            ObjectNode rec = out.addObject();
            rec.put("name", f.name());
            rec.put("size", f.size());
            rec.put("sha256", sha.get(f.uri()));
        }
        return out;
    }
}
