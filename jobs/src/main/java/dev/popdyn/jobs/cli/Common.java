package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import dev.popdyn.jobs.data.DataPrep;
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

    /** Rejects an empty {@code --out} (null, i.e. omitted, is fine). */
    static void checkOut(Path out) {
        if (out != null && out.toString().isBlank()) {
            throw new dev.popdyn.jobs.UserError("--out: empty path (a path; omit --out for the default)");
        }
    }

    /** Rejects {@code --partitions} below 1 (omit it for the default). */
    static void checkPartitions(Integer partitions) {
        if (partitions != null && partitions < 1) {
            throw new dev.popdyn.jobs.UserError("--partitions: value " + partitions + " is out of range (an integer "
                    + ">= 1; omit it for the default)");
        }
    }

    /** Loads a config without a {@code data} section (no Spark needed). */
    static Loaded load(Path conf, List<String> sets) {
        return load(conf, sets, null);
    }

    /**
     * Loads a config; a {@code data} section is prepared with Spark first (read, validated, split, standardised)
     * into the content-addressed cache {@code <execution.out>/.data/}, and {@code model.data} points at the result.
     * The data set is staged in a temporary folder and enters the cache only once the whole config has validated
     * with it, so a rejected config leaves nothing behind. {@code spark} may be null when the config has no data
     * section.
     */
    static Loaded load(Path conf, List<String> sets, Supplier<SparkSession> spark) {
        return load(conf, sets, spark, true);
    }

    /**
     * As {@link #load(Path, List, Supplier)}; with {@code keepData = false} (for {@code validate}) a data set this
     * call added to the cache is removed again once the config has validated, so nothing is left written, while
     * {@code model.data} and the config hash are those a run would get.
     */
    static Loaded load(Path conf, List<String> sets, Supplier<SparkSession> spark, boolean keepData) {
        Config c = ConfigLoader.load(conf, sets);
        ExecutionParams exec = ExecutionParams.fromConfig(c);
        if (DataPrep.isConfigured(c) && !c.hasPath("model.data")) {
            if (spark == null) {
                throw new IllegalStateException("a data section needs Spark");
            }
            return new Loaded(staged(spark.get(), c, Path.of(exec.out(), ".data"), keepData), exec);
        }
        return new Loaded(ExperimentParams.fromConfig(c), exec);
    }

    /**
     * Prepares {@code c}'s data set in a temporary folder, moves it into {@code cache} and validates {@code c} with
     * it; if that fails, or {@code keep} is false, the file and the folders this call created are removed again.
     */
    private static ExperimentParams staged(SparkSession spark, Config c, Path cache, boolean keep) {
        Path stage;
        try {
            stage = Files.createTempDirectory("popdyn-data-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the data set", e);
        }
        Path target;
        Path firstNew = null;
        for (Path d = cache.toAbsolutePath(); d != null && !Files.exists(d); d = d.getParent()) {
            firstNew = d;
        }
        boolean newFile;
        try {
            Path file = DataPrep.prepare(spark, c, stage);
            target = cache.resolve(file.getFileName());
            newFile = !Files.exists(target);
            if (newFile) {
                Files.createDirectories(cache);
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the prepared data set into " + cache, e);
        } finally {
            deleteFolder(stage);
        }
        boolean valid = false;
        try {
            ExperimentParams p = ExperimentParams.fromConfig(DataPrep.withDataFile(c, target));
            valid = true;
            return p;
        } finally {
            if (newFile && !(valid && keep)) {
                target.toFile().delete();
                for (Path d = cache.toAbsolutePath(); firstNew != null && d != null && d.startsWith(firstNew);
                        d = d.getParent()) {
                    d.toFile().delete();
                }
            }
        }
    }

    private static void deleteFolder(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
