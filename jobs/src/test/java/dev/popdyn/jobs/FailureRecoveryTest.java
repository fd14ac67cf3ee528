package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.MiniHdfs;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures that must not change a run (tag {@code cluster}: separate processes, minutes): a standalone worker killed
 * with SIGKILL mid-generation, the driver killed with SIGKILL mid-generation and the run resumed, and failing first
 * task attempts retried; and both kills in one run with the run directory on HDFS (an in-process {@link MiniHdfs} on
 * 127.0.0.1, written by the executors of the standalone cluster, separate JVMs). Each finished
 * run's committed tables must be bit-identical to an undisturbed in-process run of the same config on local disk.
 * Every process a test starts is stopped in a {@code finally}.
 */
@Tag("cluster")
class FailureRecoveryTest {
    static final int GENERATIONS = 4;
    static final int POPULATION = 1000;
    static final String PORT = "7177";
    static final String UI_PORT = "8180";
    static final String JAR = "jobs/target/popdyn-jobs-0.1.0-SNAPSHOT-shaded.jar";
    static final String CLASSPATH = "jobs/target/spark-classpath.txt";

    @TempDir
    static Path tmp;
    static Path conf;
    static Path reference;
    static MiniHdfs hdfs;

    @BeforeAll
    static void undisturbedReference() throws Exception {
        conf = tmp.resolve("recovery.conf");
        Files.writeString(conf, """
                seed = 23
                population = %d
                generations = %d
                model { name = quadratic, dim = 8 }
                fast { steps = 100, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { partitions = 4, theta-every = 1, engine = spark }
                """.formatted(POPULATION, GENERATIONS));
        reference = tmp.resolve("reference");
        SparkTestSession.get();
        CliRun.Result r = CliRun.cli("run", conf.toString(), "--out", reference.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    /** The in-process HDFS, started by the first test that needs it (shared by the class). */
    private static String hdfs(String dir) throws Exception {
        if (hdfs == null) {
            hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
        }
        return hdfs.uri() + "/popdyn/" + dir;
    }

    /** A location inside the run directory {@code run} (a local path or an {@code hdfs://} URI). */
    private static StoragePath at(String run, String relative) {
        return StoragePath.of("run", run).resolve(relative);
    }

    private static void assertSameTables(String run) {
        SparkSession spark = SparkTestSession.get();
        assertThat(Runner.committed(StoragePath.of("run", run))).hasSize(GENERATIONS);
        for (String t : List.of("agents", "lineage", "summary")) {
            List<Row> got = Subprocesses.table(spark, run, t);
            assertThat(got).as(t + " rows").hasSize(t.equals("summary") ? GENERATIONS : GENERATIONS * POPULATION);
            assertThat(got).as(t + " of " + run + " vs the undisturbed run").isEqualTo(
                    Subprocesses.table(spark, reference, t));
        }
    }

    private static int bin(Path state, Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Subprocesses.root().resolve("bin/cluster").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = Subprocesses.logged(new ProcessBuilder(cmd), log);
        pb.environment().put("POPDYN_CLUSTER_DIR", state.toString());
        return Subprocesses.waitFor(pb.start(), 180, log);
    }

    /** Starts a standalone cluster of two 1-core workers with its state in {@code state} ({@code bin/cluster}). */
    private static void startCluster(Path state, Path log) throws Exception {
        Path root = Subprocesses.root();
        assertThat(root.resolve(JAR)).as("shaded jar (mvn -Pcluster verify builds it before these tests)").exists();
        assertThat(root.resolve(CLASSPATH)).as("Spark classpath file (written by the cluster profile or bin/popdyn)")
                .exists();
        assertThat(bin(state, log, "start", "--workers", "2", "--cores", "1", "--memory", "1g", "--port", PORT,
                "--ui-port", UI_PORT)).as(Subprocesses.tail(log)).isZero();
    }

    /** {@code popdyn run CONF --out out} submitted to the cluster: the driver in a child JVM, executors on workers. */
    private static Process submitRun(String out, Path log) throws Exception {
        Path root = Subprocesses.root();
        List<String> cmd = new ArrayList<>(List.of(Subprocesses.java(), "-Xmx1g"));
        cmd.addAll(Subprocesses.jvmFlags());
        cmd.addAll(List.of("-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties"),
                "-cp", Files.readString(root.resolve(CLASSPATH)).trim(), "org.apache.spark.deploy.SparkSubmit",
                "--master", "spark://127.0.0.1:" + PORT, "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--class", "dev.popdyn.jobs.Main", root.resolve(JAR).toString(),
                "run", conf.toString(), "--out", out));
        return Subprocesses.logged(new ProcessBuilder(cmd), log).start();
    }

    /** SIGKILLs worker 1's JVM (its executor exits with it) and waits until it is gone. */
    private static void killWorker(Path state) throws Exception {
        long pid = Long.parseLong(Files.readString(state.resolve("worker-1/worker.pid")).trim());
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        assertThat(worker.info().commandLine().orElse("")).contains("deploy.worker.Worker");
        worker.destroyForcibly();
        assertThat(worker.onExit().get().isAlive()).isFalse();
    }

    /** What a test does with the driver once worker 1 is dead (wait for the run to end, or kill the driver too). */
    private interface AfterWorkerKill {
        void accept(Process driver, Path state, Path clusterLog) throws Exception;
    }

    /**
     * Starts a 2-worker standalone cluster (state and logs under {@code tmp/NAME-…}), submits the run into
     * {@code out}, kills worker 1 with SIGKILL once generation 1 is committed, hands the driver to {@code then}, and
     * stops the cluster. Returns whether generation 2 was still uncommitted at the kill.
     */
    private static boolean workerKilled(String name, String out, Path log, AfterWorkerKill then) throws Exception {
        Path state = tmp.resolve(name + "-cluster-state");
        Path clusterLog = tmp.resolve(name + "-cluster.log");
        try {
            startCluster(state, clusterLog);
            Process job = submitRun(out, log);
            try {
                assertThat(Subprocesses.await(() -> at(out, "_committed/1").exists(), 20, 300))
                        .as("generation 1 committed on the cluster; " + log).isTrue();
                boolean gen2Running = !at(out, "_committed/2").exists();
                killWorker(state);
                then.accept(job, state, clusterLog);
                return gen2Running;
            } finally {
                job.destroyForcibly().waitFor();
            }
        } finally {
            bin(state, clusterLog, "stop");
        }
    }

    /**
     * A run on a 2-worker standalone cluster; worker 1's JVM is killed with SIGKILL once generation 1 is committed
     * and before generation 2 is; the run must complete with the undisturbed tables.
     */
    @Test
    void workerKilledMidGenerationChangesNothing() throws Exception {
        String out = tmp.resolve("on-cluster").toString();
        Path log = tmp.resolve("submit.log");
        boolean gen2Running = workerKilled("local", out, log, (job, state, clusterLog) -> {
            assertThat(Subprocesses.waitFor(job, 360, log)).as(Subprocesses.tail(log)).isZero();
            assertThat(bin(state, clusterLog, "status")).isZero();
            assertThat(Files.readString(clusterLog)).containsPattern("worker-1 pid \\d+ dead")
                    .containsPattern("worker-2 pid \\d+ alive");
        });
        assertThat(gen2Running).as("the worker was killed while generation 2 was running").isTrue();
        System.out.printf("worker kill: driver log lines mentioning a lost executor: %d, lost tasks: %d, "
                        + "generations re-run from the checkpoint: %d%n",
                Subprocesses.countLines(log, "ost executor"), Subprocesses.countLines(log, "Lost task"),
                Subprocesses.countLines(log, "failed from the in-memory state"));
        assertSameTables(out);
    }

    /** Whether a generation from {@code from} on is being written: its tables are staged under {@code _staging/G}. */
    private static boolean writingUncommitted(String run, int from) {
        for (int g = from; g <= GENERATIONS; g++) {
            if (at(run, "_staging/" + g + "/agents").exists()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void driverKilledMidGenerationResumesToTheSameRun() throws Exception {
        String out = tmp.resolve("driver-killed").toString();
        Path log = tmp.resolve("driver.log");
        killedWhileWritingUncommitted(Subprocesses.popdyn(log, List.of(), "run", conf.toString(), "--out", out,
                "--master", "local[2]").start(), out, log, 2);
        resumesToTheSameRun(out);
    }

    /**
     * Both failures with the run directory on HDFS, in one run on a 2-worker standalone cluster (the driver a child
     * JVM submitted by spark-submit, the executors separate JVMs writing their parts to the DataNode): worker 1 is
     * killed while generation 2 runs, then the driver while a later generation is being written; the cluster is
     * stopped (so no orphaned executor still writes) and the run resumed in this JVM to the undisturbed tables.
     */
    @Test
    void onHdfsAWorkerKilledThenTheDriverKilledResumesToTheSameRun() throws Exception {
        String out = hdfs("killed");
        Path log = tmp.resolve("hdfs-submit.log");
        boolean gen2Running = workerKilled("hdfs", out, log,
                (job, state, clusterLog) -> killedWhileWritingUncommitted(job, out, log, 3));
        assertThat(gen2Running).as("the worker was killed while generation 2 was running").isTrue();
        assertThat(Subprocesses.countLines(log, "ost executor")).as("the driver lost worker 1's executor; " + log)
                .isPositive();
        resumesToTheSameRun(out);
    }

    /**
     * Kills the driver {@code p} with SIGKILL while generation {@code from} or a later one is being written into
     * {@code out}; checks that the partial generation is staged and invisible to query.
     */
    private static void killedWhileWritingUncommitted(Process p, String out, Path log, int from) throws Exception {
        boolean caught;
        try {
            caught = Subprocesses.await(() -> writingUncommitted(out, from), 2, 300);
            p.destroyForcibly();
            p.waitFor();
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertThat(caught).as("killed while an uncommitted generation was being written; " + log).isTrue();
        int committed = Runner.committed(StoragePath.of("run", out)).size();
        assertThat(committed).isBetween(from - 1, GENERATIONS - 1);
        assertThat(at(out, "_staging/" + (committed + 1)).exists()).as("partial generation staged").isTrue();
        assertThat(at(out, "agents/generation=" + (committed + 1)).exists()).as("not in the table folder")
                .isFalse();

        SparkSession spark = SparkTestSession.get();
        RunViews.register(spark, StoragePath.of("run", out));
        Row seen = spark.sql("select max(generation), count(*) from agents").first();
        assertThat(seen.getInt(0)).as("newest generation visible to query").isEqualTo(committed);
        assertThat(seen.getLong(1)).isEqualTo((long) committed * POPULATION);
        CliRun.Result q = CliRun.cli("query", out, "select max(generation) as g from summary");
        assertThat(q.code()).as(q.err()).isZero();
    }

    /** {@code popdyn resume} of the killed run completes it with the undisturbed run's tables. */
    private static void resumesToTheSameRun(String out) {
        int committed = Runner.committed(StoragePath.of("run", out)).size();
        // --config restores the execution settings (θ snapshot policy), which run.json does not store.
        CliRun.Result r = CliRun.cli("resume", out, "--config", conf.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resume " + StoragePath.of("run", out) + " after generation " + committed);
        System.out.printf("driver kill (%s): killed after %d committed generations, resumed%n", out, committed);
        assertSameTables(out);
    }

    @Test
    void retriedTaskAttemptsChangeNothing() throws Exception {
        Path out = tmp.resolve("retried");
        Path log = tmp.resolve("retried.log");
        Process p = Subprocesses.popdyn(log, List.of("-Dpopdyn.test.fail-first-attempt=true"), "run",
                conf.toString(), "--out", out.toString(), "--master", "local[2,3]").start();
        try {
            assertThat(Subprocesses.waitFor(p, 300, log)).as(Subprocesses.tail(log)).isZero();
        } finally {
            p.destroyForcibly().waitFor();
        }
        long retried = Subprocesses.countLines(log, "Lost task", "injected failure");
        System.out.printf("task retries: %d failed first attempts retried%n", retried);
        assertThat(retried).as("failed first attempts (every fast-phase task fails once; generations > 1 read "
                + "their state in as many partitions as Spark packs the files into)").isGreaterThanOrEqualTo(
                GENERATIONS);
        assertSameTables(out.toString());
    }
}
