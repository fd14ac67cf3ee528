package dev.popdyn.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.jobs.ExperimentLoader;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.data.DataCache;
import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.RunSchema;
import java.io.ByteArrayOutputStream;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a sweep ({@link SweepSpec}) into a sweep directory, idempotently:
 *
 * <pre>
 * DIR/.lock            owner of a running sweep ({@link RunLock})
 * DIR/sweep.json       the sweep: keys, seeds, and per point its key, folder and config_sha256
 * DIR/runs.parquet     one row per point ({@link RunsTable}), rewritten atomically after each run
 * DIR/runs/&lt;key&gt;/      one run directory per point ({@link RunSchema})
 * DIR/runs/&lt;key&gt;.old-&lt;timestamp&gt;/   a run of a different config moved aside by --force (never deleted)
 * </pre>
 * Every point is validated before anything is written. Then, under the lock: a finished run with the same config
 * hash is skipped, a partial one resumed ({@link Runner#resume}), a missing one started; a run of a different config
 * is an error naming the differing keys unless {@code force}, which moves it aside. All runs share one Spark
 * application; with {@code parallel} P, P runs execute concurrently, each in its own scheduler pool
 * ({@code spark.scheduler.pool}, effective when {@code spark.scheduler.mode=FAIR}). Results do not depend on P: each
 * run's draws are keyed by (seed, generation, agent, purpose) only. A failing run is recorded (status failed, its
 * error) and the others continue. Not thread-safe; one sweep per instance (the lock enforces one per directory).
 */
public final class Sweep {
    /** File name of the sweep description inside the sweep directory. */
    public static final String SWEEP_JSON = "sweep.json";
    /** Folder of the run directories inside the sweep directory. */
    public static final String RUNS = "runs";

    /** A validated point with the folder it runs in. */
    public record Planned(SweepPoint point, ExperimentParams params, ExecutionParams exec, StoragePath dir) {
    }

    /** What to do with a point's folder. */
    enum Action { NEW, RESUME, SKIP, REPLACE }

    /** Options of a sweep invocation. */
    public record Options(int parallel, boolean force, int failAfterRuns, Pattern failRuns) {
        /** Defaults: sequential, no --force, no test hooks. */
        public static Options defaults() {
            return new Options(1, false, -1, null);
        }
    }

    /** Thrown by the {@code --fail-after-runs} test hook: stands for the process being killed. */
    public static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    private final SparkSession spark;
    private final PrintStream out;
    private final PrintStream err;

    public Sweep(SparkSession spark, PrintStream out, PrintStream err) {
        this.spark = spark;
        this.out = out;
        this.err = err;
    }

    /**
     * Validates every point of {@code spec} through {@link ExperimentLoader#build} (the pipeline of every command);
     * the first bad one is a {@link UserError} naming the point and the key. Points with a {@code data} section have
     * their data set prepared (needs Spark); {@link #run} copies it into {@code DIR/.data/}, shared by the runs
     * ({@link DataCache}).
     */
    public static List<Planned> plan(SweepSpec spec, StoragePath dir, Supplier<SparkSession> spark) {
        List<Planned> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (SweepPoint pt : spec.points()) {
            String key = pt.key();
            try {
                ExperimentLoader.Loaded l = ExperimentLoader.build(pt.config(), spark);
                String prev = names.put(pt.dirName(), key);
                if (prev != null) {
                    throw new UserError("grid points '" + prev + "' and '" + key + "' map to the same run folder "
                            + pt.dirName() + " (make the values distinct)");
                }
                out.add(new Planned(pt, l.params(), l.exec(), dir.resolve(RUNS).resolve(pt.dirName())));
            } catch (InvalidConfigException e) {
                throw new UserError("grid point '" + key + "': " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * Runs the planned points into {@code dir}; returns 0 when every run is done, 3 when some failed. Bad input
     * (a foreign run in a point's folder without {@code force}, a held lock) is a {@link UserError}.
     */
    public int run(SweepSpec spec, List<Planned> plan, StoragePath dir, Options opt) {
        try (RunLock lock = RunLock.acquire(dir, "sweep", err)) {
            Map<Planned, Action> actions = check(plan, opt.force());
            moveAside(actions);
            writeSweepJson(spec, plan, dir);
            for (Planned p : plan) {
                DataCache.install(p.params(), dir);
            }
            RunsTable table = new RunsTable(plan, spec.keys());
            int skipped = 0;
            for (Planned p : plan) {
                Entry0 e = fromDisk(p);
                table.put(p.point().key(), e.entry("pending", null, null));
                if (actions.get(p) == Action.SKIP) {
                    table.put(p.point().key(), e.entry("done", null, null));
                    skipped++;
                }
            }
            StoragePath runsFile = dir.resolve(RunsTable.FILE);
            table.write(spark, runsFile);
            out.println("sweep " + dir + ": " + plan.size() + " runs (" + skipped
                    + " already done), parallel " + opt.parallel());
            out.flush();
            int failed = execute(plan, actions, table, runsFile, opt);
            out.println(String.format(Locale.ROOT, "sweep done: %d runs, %d done, %d failed; table %s", plan.size(),
                    plan.size() - failed, failed, runsFile));
            return failed > 0 ? 3 : 0;
        }
    }

    private Map<Planned, Action> check(List<Planned> plan, boolean force) {
        Map<Planned, Action> actions = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Planned p : plan) {
            StoragePath d = p.dir();
            Action a;
            if (RunDirectory.isRun(d)) {
                RunDirectory rd = new RunDirectory(d);
                ExperimentParams stored = null;
                String problem = null;
                try {
                    stored = RunManifest.read(rd).params();
                } catch (RuntimeException e) {
                    problem = e.getMessage();
                }
                if (stored != null && stored.sha256().equals(p.params().sha256())) {
                    a = rd.lastCommitted() >= p.params().generations() ? Action.SKIP : Action.RESUME;
                } else {
                    if (problem == null) {
                        problem = "holds a run of a different config (differs in " + String.join(", ",
                                ExperimentParams.differingKeys(stored.resolved(), p.params().resolved())) + ")";
                    }
                    a = Action.REPLACE;
                }
                if (a == Action.REPLACE && !force) {
                    problems.add(d + ": " + problem);
                }
            } else if (d.isNonEmptyDirectory() || d.exists() && !d.isDirectory()) {
                a = Action.REPLACE;
                if (!force) {
                    problems.add(d + ": exists and holds no run");
                }
            } else {
                a = Action.NEW;
            }
            actions.put(p, a);
        }
        if (!problems.isEmpty()) {
            throw new UserError(String.join("; ", problems) + " (use --force to move "
                    + (problems.size() == 1 ? "it" : "them") + " aside to <run>.old-<timestamp>)");
        }
        return actions;
    }

    private void moveAside(Map<Planned, Action> actions) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (Map.Entry<Planned, Action> e : actions.entrySet()) {
            if (e.getValue() != Action.REPLACE) {
                continue;
            }
            StoragePath d = e.getKey().dir();
            StoragePath target = d.resolveSibling(d.name() + ".old-" + stamp);
            for (int i = 2; target.exists(); i++) {
                target = d.resolveSibling(d.name() + ".old-" + stamp + "-" + i);
            }
            d.renameTo(target);
            err.println("warning: " + d + " held a different run; moved to " + target);
            e.setValue(Action.NEW);
        }
    }

    private int execute(List<Planned> plan, Map<Planned, Action> actions, RunsTable table, StoragePath runsFile,
            Options opt) {
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean aborted = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, opt.parallel()), r -> {
            Thread t = new Thread(r, "popdyn-sweep");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < plan.size(); i++) {
                Planned p = plan.get(i);
                if (actions.get(p) == Action.SKIP) {
                    continue;
                }
                String poolName = "popdyn-run-" + i;
                futures.add(pool.submit(() -> {
                    if (aborted.get()) {
                        return;
                    }
                    spark.sparkContext().setLocalProperty("spark.scheduler.pool", poolName);
                    spark.sparkContext().setLocalProperty("spark.job.description", "popdyn sweep " + p.point().key());
                    try {
                        runOne(p, actions.get(p), table, runsFile, opt, finished, failed);
                    } catch (SimulatedCrash c) {
                        aborted.set(true);
                        throw c;
                    } finally {
                        spark.sparkContext().setLocalProperty("spark.scheduler.pool", null);
                        spark.sparkContext().setLocalProperty("spark.job.description", null);
                    }
                }));
            }
            RuntimeException crash = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    crash = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("sweep interrupted", e);
                }
            }
            if (crash != null) {
                throw crash;
            }
        } finally {
            pool.shutdownNow();
        }
        return failed.get();
    }

    private void runOne(Planned p, Action action, RunsTable table, StoragePath runsFile, Options opt, AtomicInteger finished,
            AtomicInteger failed) {
        String key = p.point().key();
        PrintStream runOut = prefixed("[" + key + "] ");
        int until = Integer.MAX_VALUE;
        boolean crashAfter = opt.failAfterRuns() >= 0 && finished.get() >= opt.failAfterRuns();
        if (crashAfter) {
            until = new RunDirectory(p.dir()).lastCommitted() + 1;
        }
        long t0 = System.nanoTime();
        try {
            if (opt.failRuns() != null && opt.failRuns().matcher(key).find()) {
                throw new IllegalStateException("test hook --fail-runs: run " + key + " fails on purpose");
            }
            Runner runner = new Runner(spark, runOut);
            if (action == Action.RESUME) {
                runner.resume(p.dir(), p.params(), p.exec(), until);
            } else {
                runner.run(p.params(), p.exec(), p.dir(), until);
            }
        } catch (RuntimeException e) {
            double wall = (System.nanoTime() - t0) / 1e9;
            String msg = message(e);
            table.put(key, fromDisk(p).entry("failed", wall, msg));
            table.write(spark, runsFile);
            runOut.println("failed: " + msg);
            runOut.flush();
            failed.incrementAndGet();
            return;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (crashAfter) {
            table.put(key, fromDisk(p).entry("pending", wall, null));
            table.write(spark, runsFile);
            throw new SimulatedCrash("test hook --fail-after-runs " + opt.failAfterRuns() + ": sweep stopped "
                    + "during run " + key + " after generation " + until);
        }
        Entry0 e = fromDisk(p);
        table.put(key, e.entry(e.committed() >= p.params().generations() ? "done" : "pending", wall, null));
        table.write(spark, runsFile);
        finished.incrementAndGet();
    }

    private static String message(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        Throwable c = e.getCause();
        if (c != null && c != e) {
            sb.append(" (caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage())
                    .append(')');
        }
        return sb.toString().replace('\n', ' ');
    }

    /** Fitness facts of a run folder as committed on disk. */
    private record Entry0(Double finalFitness, Double finalMean, Double best, int committed) {
        RunsTable.Entry entry(String status, Double wall, String error) {
            return new RunsTable.Entry(status, finalFitness, finalMean, best, committed, wall, error);
        }
    }

    private Entry0 fromDisk(Planned p) {
        if (!RunDirectory.isRun(p.dir())) {
            return new Entry0(null, null, null, 0);
        }
        RunDirectory rd = new RunDirectory(p.dir());
        int last = rd.lastCommitted();
        List<String> uris = rd.committedUris(RunSchema.SUMMARY);
        if (last == 0 || uris.isEmpty()) {
            return new Entry0(null, null, null, last);
        }
        Dataset<Row> s = spark.read().option("basePath", rd.root().resolve(RunSchema.SUMMARY).uri())
                .parquet(uris.toArray(new String[0]));
        Row best = s.agg(max(col("fitness_max"))).first();
        Row fin = s.filter(col("generation").equalTo(last)).select("fitness_max", "fitness_mean").first();
        return new Entry0(fin.isNullAt(0) ? null : fin.getDouble(0), fin.isNullAt(1) ? null : fin.getDouble(1),
                best.isNullAt(0) ? null : best.getDouble(0), last);
    }

    private static void writeSweepJson(SweepSpec spec, List<Planned> plan, StoragePath dir) {
        ObjectNode n = RunDirectory.newJson();
        n.put("kind", "popdyn-sweep");
        n.put("updated_at", Instant.now().toString());
        ArrayNode keys = n.putArray("keys");
        spec.keys().forEach(keys::add);
        ArrayNode seeds = n.putArray("seeds");
        spec.seeds().forEach(seeds::add);
        ArrayNode pts = n.putArray("points");
        for (Planned p : plan) {
            ObjectNode o = pts.addObject();
            o.put("run", p.point().key());
            o.put("dir", p.point().dirName());
            o.put("config_sha256", p.params().sha256());
        }
        dir.resolve(SWEEP_JSON).writeString(n.toPrettyString());
    }

    /** A stream that writes whole lines to {@link #out}, each prefixed (runs may print concurrently). */
    private PrintStream prefixed(String prefix) {
        OutputStream lines = new OutputStream() {
            private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    synchronized (out) {
                        out.println(prefix + buf.toString(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    buf.reset();
                } else {
                    buf.write(b);
                }
            }
        };
        return new PrintStream(lines, true, StandardCharsets.UTF_8);
    }
}
