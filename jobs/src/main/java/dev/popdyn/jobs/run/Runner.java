package dev.popdyn.jobs.run;

import dev.popdyn.core.data.DataSet;
import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.LazySpark;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.RunSchema;
import java.io.PrintStream;
import dev.popdyn.jobs.snapshot.RunIntegrity;
import dev.popdyn.jobs.data.DataCache;
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
 * generation's jobs form the job group {@link #jobGroup}, counted by {@link JobCounter}). The {@code state}
 * checkpoint is written every {@code execution.checkpoint-every} generations and at the last; {@link #resume}
 * continues after the last committed generation — restarting from the newest checkpoint before it and re-running the
 * generations in between without rewriting them ({@link Engine#recompute}; deterministic streams make this
 * bit-identical) — and refuses a changed config. Spark is started only for the Spark engine ({@link LazySpark}).
 * Not thread-safe.
 */
public final class Runner {
    private final LazySpark spark;
    private final PrintStream out;

    /** A runner in a running Spark session. */
    public Runner(SparkSession spark, PrintStream out) {
        this(LazySpark.started(spark), out);
    }

    /** A runner that starts Spark only for the Spark engine (the in-process engine needs none). */
    public Runner(LazySpark spark, PrintStream out) {
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
        if (dir.children().stream().anyMatch(c -> !c.name().equals(RunLock.FILE)
                && !c.name().equals(DataCache.FOLDER))) {
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
        DataCache.install(p, dir);
        RunManifest.newRun(p, exec, Versions.popdyn(), LazySpark.sparkVersion(), Versions.gitSha()).write(rd);
        out.println("run " + rd.root() + "  (N = " + p.population() + ", " + p.generations() + " generations, "
                + "model " + p.model().name() + ", selection " + p.selection().name() + ", engine "
                + (runsLocally(p, exec) ? "local" : "spark") + ")");
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
        rd.recover();
        int last = rd.lastCommitted();
        int checkpoint = rd.newestCheckpoint(last);
        RunIntegrity.verify(spark.ifStarted(), rd, RunSchema.TABLES, checkpoint, " (resume refuses: no intact "
                + "checkpoint exists before it; start a new run)");
        if (last >= p.generations()) {
            out.println("run " + rd.root() + " is complete (" + last + "/" + p.generations() + " generations)");
            return null;
        }
        if (checkpoint > 0 && !rd.generationDir(RunSchema.STATE, checkpoint).isDirectory()) {
            throw new UserError(dir + ": committed generation " + checkpoint + " has no state checkpoint; cannot "
                    + "resume");
        }
        out.println("resume " + rd.root() + " after generation " + last + "/" + p.generations()
                + (checkpoint < last ? " (from " + origin(checkpoint) + ", re-running generations "
                + (checkpoint + 1) + "-" + last + " without writing)" : ""));
        return loop(p, exec, rd, last + 1, until);
    }

    /**
     * Test hook: the JVM system property {@value}{@code =G} drops the in-memory state that starts generation G (as a
     * lost executor would), so that tests see the generation re-run from the committed checkpoint.
     */
    static final String LOSE_STATE_BEFORE = "popdyn.test.lose-state-before-generation";

    /** The generations from {@code from} to {@code until}, on the in-process engine (no Spark) or Spark's. */
    private Summary loop(ExperimentParams p, ExecutionParams exec, RunDirectory rd, int from, int until) {
        int end = Math.min(p.generations(), until);
        if (runsLocally(p, exec)) {
            try (Engine<?> engine = new LocalEngine(spark.hadoopConf(), p, exec, rd)) {
                return generations(p, rd, engine, null, from, end);
            }
        }
        SparkSession session = spark.get();
        String data = DataCache.reference(p.config());
        if (data != null) {
            dev.popdyn.jobs.data.DataFiles.ship(session, DataSet.resolve(data));
        }
        JobCounter jobs = JobCounter.on(session.sparkContext());
        try (Engine<?> engine = new SparkEngine(session, p, exec, rd)) {
            return generations(p, rd, engine, jobs, from, end);
        } finally {
            jobs.remove(session.sparkContext());
        }
    }

    /** Whether {@code auto} (or the configured engine) runs {@code p} in-process on this driver. */
    private boolean runsLocally(ExperimentParams p, ExecutionParams exec) {
        return exec.runsLocally(p, ExecutionParams.Driver.thisJvm(spark.inProcess()));
    }

    /** The Spark job group of generation g's jobs (their description in the Spark UI is "popdyn generation g"). */
    static String jobGroup(int g) {
        return "popdyn-generation-" + g;
    }

    /**
     * Runs and commits generations {@code from} … {@code end}, one progress line each; {@code jobs} counts the Spark
     * jobs of each generation's job group (null on the in-process engine, which runs none).
     */
    private <S> Summary generations(ExperimentParams p, RunDirectory rd, Engine<S> engine, JobCounter jobs, int from,
            int end) {
        Summary last = null;
        S state = null;
        long started = System.nanoTime();
        for (int g = from; g <= end; g++) {
            long t0 = System.nanoTime();
            boolean inMemory = state != null;
            if (inMemory && Integer.getInteger(LOSE_STATE_BEFORE, -1) == g) {
                engine.release();
            }
            S start = inMemory ? state : restore(engine, rd, g - 1);
            if (jobs != null) {
                spark.get().sparkContext().setJobGroup(jobGroup(g), "popdyn generation " + g, false);
            }
            Engine.Step<S> gen;
            try {
                gen = engine.step(start, g);
            } catch (Exception e) { // Spark's SparkException is checked in Java's eyes but thrown undeclared
                if (!inMemory) {
                    throw e;
                }
                out.println("gen " + g + ": failed from the in-memory state (" + firstLine(e) + "); re-running it "
                        + "from " + origin(rd.newestCheckpoint(g - 1)));
                out.flush();
                engine.release();
                gen = engine.step(restore(engine, rd, g - 1), g);
            } finally {
                if (jobs != null) {
                    spark.get().sparkContext().clearJobGroup();
                }
            }
            state = gen.next();
            last = gen.summary();
            double elapsed = (System.nanoTime() - started) / 1e9;
            out.println(progressLine(p, last, g, (System.nanoTime() - t0) / 1e9, jobs == null ? 0 : jobs.jobs(jobGroup(g)))
                    + "  " + timeLine(elapsed, g - from + 1, end - g));
            out.flush();
        }
        out.println((end == p.generations() ? "done: " : "stopped after generation " + end + " (popdyn resume "
                + rd.root() + " continues): ") + rd.root());
        closing(p, rd, engine.fittest(end), end);
        return last;
    }

    /** The closing lines: the fittest agent of generation {@code g} and its λ, and the commands to try next. */
    private void closing(ExperimentParams p, RunDirectory rd, Engine.Fittest best, int g) {
        if (best == null) {
            out.println("every agent of generation " + g + " diverged");
        } else {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "fittest agent %d of generation %d: "
                    + "fitness %.6g", best.agentId(), g, best.fitness()));
            List<String> names = p.hyper().names();
            for (int k = 0; k < names.size(); k++) {
                sb.append(String.format(Locale.ROOT, ", %s %.6g", names.get(k), best.hyper()[k]));
            }
            out.println(sb);
        }
        String dir = shellWord(rd.root().toString());
        out.println("next: popdyn report " + dir + "   (HTML: fitness, λ densities, the fittest agent's lineage)");
        out.println("      popdyn query " + dir + " \"select generation, fitness_max, fitness_mean from summary "
                + "order by generation\"");
    }

    /** {@code s} as one shell word: as is when it holds only safe characters, else single-quoted. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * The state that starts generation g + 1 (g committed): the newest state checkpoint c ≤ g (generation 0 is the
     * initial population), then generations c + 1 … g recomputed without writing, one progress line each.
     */
    private <S> S restore(Engine<S> engine, RunDirectory rd, int g) {
        int c = rd.newestCheckpoint(g);
        S state = c == 0 ? engine.initial() : engine.committedState(c);
        for (int h = c + 1; h <= g; h++) {
            long t0 = System.nanoTime();
            state = engine.recompute(state, h);
            out.println(String.format(Locale.ROOT, "gen %d re-run (committed before, not written again)  %.1fs", h,
                    (System.nanoTime() - t0) / 1e9));
            out.flush();
        }
        return state;
    }

    /** Where a restart begins: the checkpoint of generation c, or the initial population when c = 0. */
    private static String origin(int c) {
        return c == 0 ? "the initial population" : "the state checkpoint of generation " + c;
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

    /**
     * Elapsed wall time and the estimate for the rest: {@code remaining} generations at the mean time of the
     * {@code done} ones so far, as {@code elapsed M:SS  eta M:SS} (hours when needed).
     */
    static String timeLine(double elapsedSeconds, int done, int remaining) {
        return "elapsed " + clock(elapsedSeconds) + "  eta " + clock(elapsedSeconds / done * remaining);
    }

    /** Seconds as {@code M:SS} or {@code H:MM:SS}, rounded to the second. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Generations listed as committed (for tests). */
    public static List<Integer> committed(StoragePath dir) {
        return new RunDirectory(dir).committedGenerations();
    }
}
