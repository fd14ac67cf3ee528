package dev.popdyn.jobs;

import dev.popdyn.jobs.snapshot.StoragePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.run.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures that must not change a run (tag {@code cluster}: separate processes, minutes): a standalone worker killed
 * with SIGKILL mid-generation, the driver killed with SIGKILL mid-generation and the run resumed, and failing first
 * task attempts retried. Each finished run's committed tables must be bit-identical to an undisturbed in-process run
 * of the same config. Every process a test starts is stopped in a {@code finally}.
 */
@Tag("cluster")
class FailureRecoveryTest {
    static final int GENERATIONS = 4;
    static final int POPULATION = 1000;
    static final String PORT = "7177";
    static final String UI_PORT = "8180";

    @TempDir
    static Path tmp;
    static Path conf;
    static Path reference;

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

    private static void assertSameTables(Path run) {
        SparkSession spark = SparkTestSession.get();
        assertThat(Runner.committed(StoragePath.local(run))).hasSize(GENERATIONS);
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

    @Test
    void workerKilledMidGenerationChangesNothing() throws Exception {
        Path root = Subprocesses.root();
        Path jar = root.resolve("jobs/target/popdyn-jobs-0.1.0-SNAPSHOT-shaded.jar");
        Path cpFile = root.resolve("jobs/target/spark-classpath.txt");
        assertThat(jar).as("shaded jar (mvn -Pcluster verify builds it before these tests)").exists();
        assertThat(cpFile).as("Spark classpath file (written by the cluster profile or bin/popdyn)").exists();
        Path state = tmp.resolve("cluster-state");
        Path clusterLog = tmp.resolve("cluster.log");
        Path out = tmp.resolve("on-cluster");
        Path log = tmp.resolve("submit.log");
        boolean gen2Running;
        try {
            assertThat(bin(state, clusterLog, "start", "--workers", "2", "--cores", "1", "--memory", "1g",
                    "--port", PORT, "--ui-port", UI_PORT)).as(Subprocesses.tail(clusterLog)).isZero();
            List<String> cmd = new ArrayList<>(List.of(Subprocesses.java(), "-Xmx1g"));
            cmd.addAll(Subprocesses.jvmFlags());
            cmd.addAll(List.of("-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties"),
                    "-cp", Files.readString(cpFile).trim(), "org.apache.spark.deploy.SparkSubmit",
                    "--master", "spark://127.0.0.1:" + PORT, "--conf", "spark.driver.host=127.0.0.1",
                    "--conf", "spark.ui.enabled=false", "--class", "dev.popdyn.jobs.Main", jar.toString(),
                    "run", conf.toString(), "--out", out.toString()));
            Process job = Subprocesses.logged(new ProcessBuilder(cmd), log).start();
            try {
                assertThat(Subprocesses.await(() -> Files.exists(out.resolve("_committed/1")), 20, 300))
                        .as("generation 1 committed on the cluster; " + log).isTrue();
                gen2Running = !Files.exists(out.resolve("_committed/2"));
                long pid = Long.parseLong(Files.readString(state.resolve("worker-1/worker.pid")).trim());
                ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
                assertThat(worker.info().commandLine().orElse("")).contains("deploy.worker.Worker");
                worker.destroyForcibly();
                assertThat(worker.onExit().get().isAlive()).isFalse();
                assertThat(Subprocesses.waitFor(job, 360, log)).as(Subprocesses.tail(log)).isZero();
            } finally {
                job.destroyForcibly().waitFor();
            }
            assertThat(bin(state, clusterLog, "status")).isZero();
            assertThat(Files.readString(clusterLog)).containsPattern("worker-1 pid \\d+ dead")
                    .containsPattern("worker-2 pid \\d+ alive");
        } finally {
            bin(state, clusterLog, "stop");
        }
        assertThat(gen2Running).as("the worker was killed while generation 2 was running").isTrue();
        System.out.printf("worker kill: driver log lines mentioning a lost executor: %d, lost tasks: %d, "
                        + "generations re-run from the checkpoint: %d%n",
                Subprocesses.countLines(log, "ost executor"), Subprocesses.countLines(log, "Lost task"),
                Subprocesses.countLines(log, "failed from the in-memory state"));
        assertSameTables(out);
    }

    /** A generation whose table folders exist but whose marker does not: the driver is inside its snapshot. */
    /** Whether a generation after the first is being written: its tables are staged under {@code _staging/G}. */
    private static boolean writingUncommitted(Path run) {
        for (int g = 2; g <= GENERATIONS; g++) {
            if (Files.exists(run.resolve("_staging/" + g + "/agents"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void driverKilledMidGenerationResumesToTheSameRun() throws Exception {
        Path out = tmp.resolve("driver-killed");
        Path log = tmp.resolve("driver.log");
        Process p = Subprocesses.popdyn(log, List.of(), "run", conf.toString(), "--out", out.toString(),
                "--master", "local[2]").start();
        boolean caught;
        try {
            caught = Subprocesses.await(() -> writingUncommitted(out), 2, 300);
            p.destroyForcibly();
            p.waitFor();
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertThat(caught).as("killed while an uncommitted generation was being written; " + log).isTrue();
        int committed = Runner.committed(StoragePath.local(out)).size();
        assertThat(committed).isBetween(1, GENERATIONS - 1);
        assertThat(out.resolve("_staging/" + (committed + 1))).as("partial generation on disk").exists();
        assertThat(out.resolve("agents/generation=" + (committed + 1))).as("not in the table folder").doesNotExist();

        SparkSession spark = SparkTestSession.get();
        RunViews.register(spark, StoragePath.local(out));
        Row seen = spark.sql("select max(generation), count(*) from agents").first();
        assertThat(seen.getInt(0)).as("newest generation visible to query").isEqualTo(committed);
        assertThat(seen.getLong(1)).isEqualTo((long) committed * POPULATION);
        CliRun.Result q = CliRun.cli("query", out.toString(), "select max(generation) as g from summary");
        assertThat(q.code()).as(q.err()).isZero();

        // --config restores the execution settings (θ snapshot policy), which run.json does not store.
        CliRun.Result r = CliRun.cli("resume", out.toString(), "--config", conf.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resume " + out.toAbsolutePath() + " after generation " + committed);
        System.out.printf("driver kill: killed after %d committed generations, resumed%n", committed);
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
        assertSameTables(out);
    }
}
