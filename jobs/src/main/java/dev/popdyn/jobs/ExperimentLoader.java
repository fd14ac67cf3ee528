package dev.popdyn.jobs;

import com.typesafe.config.Config;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.data.DataCache;
import dev.popdyn.jobs.data.DataPrep;
import dev.popdyn.jobs.run.SparkSelection;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The one pipeline from an experiment config to validated parameters (docs/design.md §3), shared by every command
 * and by each grid point of a sweep: read the HOCON file (its {@code include}s included), apply the {@code --set}
 * overrides, resolve substitutions, read the execution settings, prepare a {@code data} section with Spark (read,
 * validated, split, standardised into a content-addressed file; {@code model.data} then names it relative to the run
 * directory, {@link DataCache})
 * and build {@link ExperimentParams}, whose resolved values give {@code config_sha256}. Every problem is an
 * {@link dev.popdyn.core.params.InvalidConfigException} naming the key. Stateless and thread-safe.
 */
public final class ExperimentLoader {
    private ExperimentLoader() {
    }

    /** A validated experiment with its execution settings. */
    public record Loaded(ExperimentParams params, ExecutionParams exec) {
    }

    /**
     * Loads {@code file} with {@code overrides} ("key=value", later ones win); a data section is prepared for a run
     * that keeps it in its own (or its sweep's) directory ({@link DataCache}). {@code spark} may be null when the
     * config has no data section.
     */
    public static Loaded load(Path file, List<String> overrides, Supplier<SparkSession> spark) {
        return build(ConfigLoader.load(file, overrides), spark, true);
    }

    /**
     * As {@link #load(Path, List, Supplier)}; with {@code keepData = false} (for {@code validate}) the prepared data
     * set is deleted again once the config has validated, so nothing is left written, while {@code model.data} and
     * the config hash are those a run would get.
     */
    public static Loaded load(Path file, List<String> overrides, Supplier<SparkSession> spark, boolean keepData) {
        return build(ConfigLoader.load(file, overrides), spark, keepData);
    }

    /**
     * Validates an already merged config (a sweep's grid point), a data section prepared as by
     * {@link #load(Path, List, Supplier)}. {@code spark} may be null when the config has no data section.
     */
    public static Loaded build(Config config, Supplier<SparkSession> spark) {
        return build(config, spark, true);
    }

    /**
     * The data set is staged in a private temporary folder ({@link DataCache#stage}); it reaches a run directory
     * only when a run starts ({@link DataCache#install}), so a rejected config leaves nothing behind, and with
     * {@code keepData = false} the staged file is deleted even when the config is valid.
     */
    private static Loaded build(Config config, Supplier<SparkSession> spark, boolean keepData) {
        Config c = ConfigLoader.applyOverrides(config, List.of());
        ExecutionParams exec = ExecutionParams.fromConfig(c);
        ExperimentParams params;
        if (DataPrep.isConfigured(c) && DataCache.reference(c) == null) {
            if (spark == null) {
                throw new IllegalStateException("a data section needs Spark");
            }
            params = staged(spark.get(), c, keepData);
        } else {
            params = ExperimentParams.fromConfig(c);
        }
        SparkSelection.requirePlan(params);
        return new Loaded(params, exec);
    }

    /** Validates {@code c} with its staged data set; the stage is dropped if that fails or {@code keep} is false. */
    private static ExperimentParams staged(SparkSession spark, Config c, boolean keep) {
        DataCache.Staged stage = DataCache.stage(spark, c);
        boolean valid = false;
        try {
            ExperimentParams p = ExperimentParams.fromConfig(stage.apply(c));
            valid = true;
            return p;
        } finally {
            if (!(valid && keep)) {
                stage.close();
            }
        }
    }
}
