package dev.popdyn.jobs.api;

import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.jobs.ExperimentLoader;
import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * popdyn as a library for notebooks and {@code spark-shell}: runs an experiment in the caller's SparkSession and
 * opens run directories as {@link PopdynRun} handles whose tables hold committed generations only
 * ({@code docs/design.md §4}). It goes through the same pipeline as {@code popdyn run}: {@link ExperimentLoader}
 * (HOCON, strict validation, data preparation) and {@link Runner} (provenance, generation loop, commit markers), so a
 * run made here is the run the command line makes of the same config, with the same {@code config_sha256}.
 *
 * <p>From Scala, with the shaded jar on the classpath ({@code spark-shell --jars
 * jobs/target/popdyn-jobs-0.1.0-SNAPSHOT-shaded.jar}, or as a Zeppelin interpreter dependency):
 * <pre>{@code
 * import dev.popdyn.jobs.api.Popdyn
 * val run = Popdyn.run(spark, "conf/examples/quadratic.conf", "/tmp/quadratic-run")
 * run.summary.select("generation", "fitness_max", "fitness_mean").orderBy("generation").show()
 * val old = Popdyn.open(spark, "data/sample-run")
 * old.agents.createOrReplaceTempView("agents")
 * println(old.provenance.configSha256)
 * }</pre>
 *
 * <p>Errors are exceptions with the message the command line would print after {@code error:}:
 * {@link InvalidConfigException} for a bad config, {@link dev.popdyn.jobs.UserError} for a bad directory. Stateless;
 * each call is as thread-safe as the SparkSession it is given (one run at a time per session).
 */
public final class Popdyn {
    private Popdyn() {
    }

    /**
     * Runs the experiment {@code configTextOrPath} into the new run directory {@code outDir} (absent or empty) in
     * {@code spark}, printing one progress line per generation to {@code System.out}, and returns the finished run.
     * {@code configTextOrPath} is HOCON text when it contains a line break, '{' or '=', otherwise the path of a HOCON
     * file (whose {@code include}s are resolved relative to it). A data section is prepared into
     * {@code outDir/.data/} as by {@code popdyn run} ({@link dev.popdyn.jobs.data.DataCache}). Like {@code popdyn run}
     * it holds the directory's writer lock ({@link RunLock}) while it runs: a directory another popdyn writer holds is
     * a {@link dev.popdyn.jobs.UserError} naming that owner, and a run that fails before its first generation leaves
     * nothing.
     */
    public static PopdynRun run(SparkSession spark, String configTextOrPath, String outDir) {
        return run(spark, configTextOrPath, outDir, System.out);
    }

    /** As {@link #run(SparkSession, String, String)}, printing the progress lines to {@code progress}. */
    public static PopdynRun run(SparkSession spark, String configTextOrPath, String outDir, PrintStream progress) {
        ExperimentLoader.Loaded loaded = load(spark, configTextOrPath);
        StoragePath dir = StoragePath.of("outDir", outDir);
        Runner.checkNewRunTarget(dir, loaded.params());
        Runner runner = new Runner(spark, progress);
        RunLock.newRun(dir, System.err, () -> runner.run(loaded.params(), loaded.exec(), dir));
        return open(spark, outDir);
    }

    /**
     * Opens the run directory {@code runDir}: reads its {@code run.json}, checks its commit markers and returns its
     * tables over the generations committed now (a generation committed later needs a new {@code open}). The
     * directory is a path or a URI of any Hadoop file system ({@code hdfs://…}, {@code file:/…}).
     */
    public static PopdynRun open(SparkSession spark, String runDir) {
        return PopdynRun.open(spark, StoragePath.of("runDir", runDir));
    }

    /** Whether {@code s} is read as HOCON text rather than a file path. */
    static boolean isConfigText(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('{') >= 0 || s.indexOf('=') >= 0;
    }

    private static ExperimentLoader.Loaded load(SparkSession spark, String configTextOrPath) {
        if (!isConfigText(configTextOrPath)) {
            return ExperimentLoader.load(Path.of(configTextOrPath), List.of(), () -> spark);
        }
        Path tmp;
        try {
            tmp = Files.createTempFile("popdyn-config-", ".conf");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the config text", e);
        }
        try {
            Files.writeString(tmp, configTextOrPath, StandardCharsets.UTF_8);
            return ExperimentLoader.load(tmp, List.of(), () -> spark);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the config text to " + tmp, e);
        } finally {
            tmp.toFile().delete();
        }
    }
}
