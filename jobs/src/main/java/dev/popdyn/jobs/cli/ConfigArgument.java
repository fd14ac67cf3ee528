package dev.popdyn.jobs.cli;

import com.typesafe.config.Config;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.jobs.ExperimentLoader;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Picocli mixin: the experiment config file {@code CONF} (first positional parameter) with its {@code --set}
 * overrides, loaded through {@link ExperimentLoader}. Not thread-safe.
 */
final class ConfigArgument {
    @Parameters(index = "0", paramLabel = "CONF", description = "experiment config (HOCON)")
    Path file;

    @Mixin
    ConfigOverrides overrides;

    /** The validated experiment; {@code spark} prepares a data section. */
    ExperimentLoader.Loaded load(Supplier<SparkSession> spark) {
        return ExperimentLoader.load(file, overrides.sets, spark);
    }

    /** As {@link #load(Supplier)}; {@code keepData = false} leaves no prepared data set behind (validate). */
    ExperimentLoader.Loaded load(Supplier<SparkSession> spark, boolean keepData) {
        return ExperimentLoader.load(file, overrides.sets, spark, keepData);
    }

    /** The resolved, not yet validated config (for studies that vary it before validating). */
    Config config() {
        return ConfigLoader.load(file, overrides.sets);
    }

    /** The file name without {@code .conf}, for default output folder names. */
    String name() {
        return file.getFileName().toString().replaceAll("\\.conf$", "");
    }
}
