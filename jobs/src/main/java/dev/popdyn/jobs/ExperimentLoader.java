package dev.popdyn.jobs;

import com.typesafe.config.Config;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
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
 * validated, split, standardised into a content-addressed cache; {@code model.data} then names the prepared file)
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
     * Loads {@code file} with {@code overrides} ("key=value", later ones win); a data section is prepared into
     * {@code <execution.out>/.data/}. {@code spark} may be null when the config has no data section.
     */
    public static Loaded load(Path file, List<String> overrides, Supplier<SparkSession> spark) {
        return build(ConfigLoader.load(file, overrides), null, spark);
    }

    /**
     * Validates an already merged config (a sweep's grid point); a data section is prepared into {@code dataCache},
     * or into {@code <execution.out>/.data/} when {@code dataCache} is null. {@code spark} may be null when the
     * config has no data section.
     */
    public static Loaded build(Config config, Path dataCache, Supplier<SparkSession> spark) {
        Config c = ConfigLoader.applyOverrides(config, List.of());
        ExecutionParams exec = ExecutionParams.fromConfig(c);
        if (DataPrep.isConfigured(c) && !c.hasPath("model.data")) {
            if (spark == null) {
                throw new IllegalStateException("a data section needs Spark");
            }
            Path cache = dataCache != null ? dataCache : Path.of(exec.out(), ".data");
            c = DataPrep.withDataFile(c, DataPrep.prepare(spark.get(), c, cache));
        }
        ExperimentParams params = ExperimentParams.fromConfig(c);
        SparkSelection.requirePlan(params);
        return new Loaded(params, exec);
    }
}
