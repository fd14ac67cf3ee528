package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import dev.popdyn.jobs.data.DataPrep;
import dev.popdyn.jobs.snapshot.StoragePath;
import org.apache.spark.sql.SparkSession;

/** Helpers shared by the commands: loading a config with overrides into validated parameters. Stateless. */
final class Common {
    private Common() {
    }

    /** A validated experiment with its execution settings. */
    record Loaded(ExperimentParams params, ExecutionParams exec) {
    }

    /** The generation to stop after for {@code --until} (null = run to the end); rejects values below 1. */
    static int until(Integer until) {
        if (until != null && until < 1) {
            throw new dev.popdyn.jobs.UserError("--until: value " + until + " is out of range (an integer >= 1)");
        }
        return until == null ? Integer.MAX_VALUE : until;
    }

    /** Rejects {@code --partitions} below 1 (omit it for the default). */
    static void checkPartitions(Integer partitions) {
        if (partitions != null && partitions < 1) {
            throw new dev.popdyn.jobs.UserError("--partitions: value " + partitions + " is out of range (an integer "
                    + ">= 1; omit it for the default)");
        }
    }

    /**
     * The output directory: {@code --out} when given, else {@code name} inside {@code execution.out}; either may be a
     * URI of any Hadoop file system ({@link StoragePath#of}).
     */
    static StoragePath outDir(String out, ExecutionParams exec, String name) {
        return out != null ? StoragePath.of("--out", out) : StoragePath.of("execution.out", exec.out()).resolve(name);
    }

    /** A run or sweep directory given as the positional argument {@code label}. */
    static StoragePath dir(String label, String text) {
        return StoragePath.of(label, text);
    }

    /** Loads a config without a {@code data} section (no Spark needed). */
    static Loaded load(Path conf, List<String> sets) {
        return load(conf, sets, null);
    }

    /**
     * Loads a config; a {@code data} section is prepared with Spark first (read, validated, split, standardised)
     * into the content-addressed cache {@code <execution.out>/.data/}, and {@code model.data} points at the result.
     * {@code spark} may be null when the config has no data section.
     */
    static Loaded load(Path conf, List<String> sets, Supplier<SparkSession> spark) {
        Config c = ConfigLoader.load(conf, sets);
        ExecutionParams exec = ExecutionParams.fromConfig(c);
        if (DataPrep.isConfigured(c) && !c.hasPath("model.data")) {
            if (spark == null) {
                throw new IllegalStateException("a data section needs Spark");
            }
            c = DataPrep.withDataFile(c, DataPrep.prepare(spark.get(), c, Path.of(exec.out(), ".data")));
        }
        return new Loaded(ExperimentParams.fromConfig(c), exec);
    }
}
