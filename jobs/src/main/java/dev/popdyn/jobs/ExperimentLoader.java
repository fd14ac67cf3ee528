package dev.popdyn.jobs;

import com.typesafe.config.Config;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.data.DataPrep;
import dev.popdyn.jobs.run.SparkSelection;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.nio.file.StandardCopyOption;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.io.IOException;
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
        return build(ConfigLoader.load(file, overrides), null, spark, true);
    }

    /**
     * As {@link #load(Path, List, Supplier)}; with {@code keepData = false} (for {@code validate}) a data set this
     * call added to the cache is removed again once the config has validated, so nothing is left written, while
     * {@code model.data} and the config hash are those a run would get.
     */
    public static Loaded load(Path file, List<String> overrides, Supplier<SparkSession> spark, boolean keepData) {
        return build(ConfigLoader.load(file, overrides), null, spark, keepData);
    }

    /**
     * Validates an already merged config (a sweep's grid point); a data section is prepared into the folder
     * {@code dataCache} gives (asked only when there is a data section), or into {@code <execution.out>/.data/} when
     * {@code dataCache} is null. {@code spark} may be null when the
     * config has no data section.
     */
    public static Loaded build(Config config, Supplier<Path> dataCache, Supplier<SparkSession> spark) {
        return build(config, dataCache, spark, true);
    }

    /**
     * The data set is staged in a temporary folder and enters the cache only once the whole config has validated
     * with it, so a rejected config leaves nothing behind; with {@code keepData = false} it is removed again even
     * then.
     */
    private static Loaded build(Config config, Supplier<Path> dataCache, Supplier<SparkSession> spark,
            boolean keepData) {
        Config c = ConfigLoader.applyOverrides(config, List.of());
        ExecutionParams exec = ExecutionParams.fromConfig(c);
        ExperimentParams params;
        if (DataPrep.isConfigured(c) && !c.hasPath("model.data")) {
            if (spark == null) {
                throw new IllegalStateException("a data section needs Spark");
            }
            Path cache = dataCache != null ? dataCache.get() : Path.of(exec.out(), ".data");
            params = staged(spark.get(), c, cache, keepData);
        } else {
            params = ExperimentParams.fromConfig(c);
        }
        SparkSelection.requirePlan(params);
        return new Loaded(params, exec);
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
