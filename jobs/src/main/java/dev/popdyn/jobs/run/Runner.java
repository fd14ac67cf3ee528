package dev.popdyn.jobs.run;

import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.RunSchema;
import java.io.PrintStream;
import dev.popdyn.jobs.snapshot.RunIntegrity;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Runs and resumes experiments into run directories: checks the target, writes provenance ({@link RunManifest}),
 * loops over generations with an {@link Engine} ({@link LocalEngine} or {@link SparkEngine}, by
 * {@code execution.engine}) and prints one progress line per generation, with the Spark jobs it ran (each
 * generation's jobs form the job group {@link #jobGroup}, counted by {@link JobCounter}). A committed
 * generation is the checkpoint; {@link #resume} continues after the last one and refuses a changed config.
 * Not thread-safe.
 */
public final class Runner {
    private final SparkSession spark;
    private final PrintStream out;

    public Runner(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    /**
     * Checks that {@code p} can run on Spark ({@link SparkSelection#requirePlan}) and that {@code dir} may receive a
     * new run (absent or empty); throws {@link dev.popdyn.core.params.InvalidConfigException} or {@link UserError}
     * otherwise.
     */
    public static void checkNewRunTarget(StoragePath dir, ExperimentParams p) {
        SparkSelection.requirePlan(p);
        if (!dir.exists()) {
            return;
        }
        if (!dir.isDirectory()) {
            throw new UserError(dir + ": output path exists and is not a directory (give a new --out)");
        }
        if (RunDirectory.isRun(dir)) {
            RunManifest m = RunManifest.read(new RunDirectory(dir));
            if (m.configSha256().equals(p.sha256())) {
                throw new UserError(dir + ": already holds a run of this config (use 'popdyn resume " + dir + "')");
            }
            throw new UserError(dir + ": already holds a different run (config differs in "
                    + String.join(", ", ExperimentParams.differingKeys(m.config(), p.resolved()))
                    + "); give a new --out");
        }
        if (dir.children().stream().anyMatch(c -> !c.name().equals(RunLock.FILE))) {
            throw new UserError(dir + ": output directory is not empty and holds no run (give a new --out)");
        }
    }

    /** Starts a new run of {@code p} in {@code dir}; returns the last summary. */
    public Summary run(ExperimentParams p, ExecutionParams exec, StoragePath dir) {
        return run(p, exec, dir, Integer.MAX_VALUE);
    }

    /**
     * Starts a new run and stops after committing generation {@code until} (or the last); the run can be
     * continued with {@link #resume}.
     */
    public Summary run(ExperimentParams p, ExecutionParams exec, StoragePath dir, int until) {
        checkNewRunTarget(dir, p);
        RunDirectory rd = new RunDirectory(dir);
        RunManifest.newRun(p, exec, Versions.popdyn(), spark.version(), Versions.gitSha()).write(rd);
        out.println("run " + rd.root() + "  (N = " + p.population() + ", " + p.generations() + " generations, "
                + "model " + p.model().name() + ", selection " + p.selection().name() + ", engine "
                + (exec.runsLocally(p) ? "local" : "spark") + ")");
        return loop(p, exec, rd, 1, until);
    }

    /**
     * Continues a run after its last committed generation. When {@code requested} is given (a config the user
     * expects the run to have), it must hash-equal the stored one.
     */
    public Summary resume(StoragePath dir, ExperimentParams requested, ExecutionParams exec) {
        return resume(dir, requested, exec, Integer.MAX_VALUE);
    }

    /** As {@link #resume(StoragePath, ExperimentParams, ExecutionParams)}, stopping after generation {@code until}. */
    public Summary resume(StoragePath dir, ExperimentParams requested, ExecutionParams exec, int until) {
        if (!RunDirectory.isRun(dir)) {
            throw new UserError(dir + ": not a run directory (no " + RunDirectory.RUN_JSON + ")");
        }
        RunDirectory rd = new RunDirectory(dir);
        ExperimentParams p = RunManifest.read(rd).params();
        if (requested != null && !requested.sha256().equals(p.sha256())) {
            throw new UserError(dir + ": config changed since the run started, in "
                    + String.join(", ", ExperimentParams.differingKeys(p.resolved(), requested.resolved()))
                    + " (start a new run instead)");
        }
        int last = rd.lastCommitted();
        RunIntegrity.verify(spark, rd, RunSchema.TABLES, last, " (resume refuses: no intact "
                + "checkpoint exists before it; start a new run)");
        rd.dropUncommittedAfter(last);
        if (last >= p.generations()) {
            out.println("run " + rd.root() + " is complete (" + last + "/" + p.generations() + " generations)");
            return null;
        }
        if (last > 0 && !rd.generationDir(RunSchema.STATE, last).isDirectory()) {
            throw new UserError(dir + ": committed generation " + last + " has no state checkpoint; cannot resume");
        }
        out.println("resume " + rd.root() + " after generation " + last + "/" + p.generations());
        return loop(p, exec, rd, last + 1, until);
    }

    /**
     * Test hook: the JVM system property {@value}{@code =G} drops the in-memory state that starts generation G (as a
     * lost executor would), so that tests see the generation re-run from the committed checkpoint.
     */
    static final String LOSE_STATE_BEFORE = "popdyn.test.lose-state-before-generation";

    private Summary loop(ExperimentParams p, ExecutionParams exec, RunDirectory rd, int from, int until) {
        if (p.config().hasPath("model.data")) {
            dev.popdyn.jobs.data.DataFiles.ship(spark, Path.of(p.config().getString("model.data")));
        }
        JobCounter jobs = JobCounter.on(spark.sparkContext());
        try (Engine<?> engine = exec.runsLocally(p) ? new LocalEngine(spark, p, exec, rd)
                : new SparkEngine(spark, p, exec, rd)) {
            return generations(p, rd, engine, jobs, from, Math.min(p.generations(), until));
        } finally {
            jobs.remove(spark.sparkContext());
        }
    }

    /** The Spark job group of generation g's jobs (their description in the Spark UI is "popdyn generation g"). */
    static String jobGroup(int g) {
        return "popdyn-generation-" + g;
    }

    private <S> Summary generations(ExperimentParams p, RunDirectory rd, Engine<S> engine, JobCounter jobs, int from,
            int end) {
        Summary last = null;
        S state = null;
        for (int g = from; g <= end; g++) {
            long t0 = System.nanoTime();
            boolean inMemory = state != null;
            if (inMemory && Integer.getInteger(LOSE_STATE_BEFORE, -1) == g) {
                engine.release();
            }
            S start = inMemory ? state : g == 1 ? engine.initial() : engine.committedState(g - 1);
            spark.sparkContext().setJobGroup(jobGroup(g), "popdyn generation " + g, false);
            Engine.Step<S> gen;
            try {
                gen = engine.step(start, g);
            } catch (Exception e) { // Spark's SparkException is checked in Java's eyes but thrown undeclared
                if (!inMemory) {
                    throw e;
                }
                out.println("gen " + g + ": failed from the in-memory state (" + firstLine(e) + "); re-running it "
                        + "from the committed checkpoint of generation " + (g - 1));
                out.flush();
                engine.release();
                gen = engine.step(engine.committedState(g - 1), g);
            } finally {
                spark.sparkContext().clearJobGroup();
            }
            state = gen.next();
            last = gen.summary();
            out.println(progressLine(p, last, g, (System.nanoTime() - t0) / 1e9, jobs.jobs(jobGroup(g))));
            out.flush();
        }
        out.println((end == p.generations() ? "done: " : "stopped after generation " + end + " (popdyn resume "
                + rd.root() + " continues): ") + rd.root());
        return last;
    }

    private static String firstLine(Throwable e) {
        String msg = String.valueOf(e.getMessage());
        int nl = msg.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (nl < 0 ? msg : msg.substring(0, nl));
    }

    /** The progress line of generation g: fitness, λ means, exploits, divergences, wall time and Spark jobs. */
    static String progressLine(ExperimentParams p, Summary s, int g, double seconds, int jobs) {
        StringBuilder sb = new StringBuilder();
        int w = Integer.toString(p.generations()).length();
        sb.append(String.format(Locale.ROOT, "gen %" + w + "d/%d  best %.6g  mean %.6g", g, p.generations(),
                s.get("fitness_max"), s.get("fitness_mean")));
        for (String h : p.hyper().names()) {
            sb.append(String.format(Locale.ROOT, "  %s %.4g", h, s.get("hyper_" + h + "_mean")));
        }
        sb.append(String.format(Locale.ROOT, "  exploited %d", (long) s.get("exploited")));
        long div = (long) s.get("diverged");
        if (div > 0) {
            sb.append("  diverged ").append(div);
        }
        sb.append(String.format(Locale.ROOT, "  %.1fs  jobs %d", seconds, jobs));
        return sb.toString();
    }

    /** Generations listed as committed (for tests). */
    public static List<Integer> committed(StoragePath dir) {
        return new RunDirectory(dir).committedGenerations();
    }
}
