package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.CliRun.Result;
import dev.popdyn.jobs.snapshot.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit by rename under SIGKILL: a run in a child JVM is killed (SIGKILL) while generation 5 is being written — all
 * of its tables staged under {@code _staging/5}, none renamed into place, its marker not written; the moment is made
 * deterministic by the test-only property {@link RunDirectory#PAUSE_BEFORE_PUBLISH}. Then readers that know nothing of
 * popdyn's markers — DuckDB's {@code read_parquet('RUN/TABLE/**}{@code /*.parquet', hive_partitioning = true)} and a
 * plain {@code spark.read.parquet("RUN/TABLE")} — see exactly the committed generations 1–4 (row count and distinct
 * generations), and {@code popdyn resume} (restarting from the state checkpoint of generation 3, checkpoint-every = 3,
 * and recomputing generation 4 without rewriting it) finishes with every table equal to an uninterrupted run's.
 */
class KillMidWriteTest {
    private static final int POPULATION = 60;
    private static final int COMMITTED = 4;

    @TempDir
    Path tmp;

    @Test
    void killedWhileAGenerationIsStagedReadersSeeOnlyCommittedAndResumeFinishesBitIdentically() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path conf = Files.writeString(tmp.resolve("kill.conf"), """
                seed = 17
                population = %d
                generations = 6
                model { name = quadratic, dim = 2 }
                fast { steps = 3, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                selection { rule = truncation, fraction = 0.25 }
                execution { partitions = 2, theta-every = 2, checkpoint-every = 3 }
                """.formatted(POPULATION));
        Path full = tmp.resolve("full");
        Result ref = CliRun.cli("run", conf.toString(), "--out", full.toString());
        assertThat(ref.code()).as(ref.err()).isZero();

        Path run = tmp.resolve("killed");
        Path log = tmp.resolve("killed.log");
        Process p = Subprocesses.popdyn(log, List.of("-D" + RunDirectory.PAUSE_BEFORE_PUBLISH + "=" + (COMMITTED + 1)),
                "run", conf.toString(), "--out", run.toString(), "--master", "local[2]").start();
        try {
            assertThat(Subprocesses.await(() -> logHas(log, "generation " + (COMMITTED + 1) + " staged, pausing"),
                    200, 300)).as("the child reached the pause; log " + log).isTrue();
            p.destroyForcibly();
            assertThat(p.waitFor()).as("killed by SIGKILL").isEqualTo(128 + 9);
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertThat(run.resolve("_staging/" + (COMMITTED + 1) + "/agents")).isDirectory();
        assertThat(run.resolve("_staging/" + (COMMITTED + 1) + "/summary")).isDirectory();
        assertThat(run.resolve("agents/generation=" + (COMMITTED + 1))).doesNotExist();
        assertThat(run.resolve("_committed/" + (COMMITTED + 1))).doesNotExist();

        for (String table : List.of("agents", "lineage", "summary")) {
            long rows = table.equals("summary") ? COMMITTED : (long) COMMITTED * POPULATION;
            assertThat(duckDb(run, table)).as("DuckDB " + table).containsExactly(rows, (long) COMMITTED);
            var df = spark.read().parquet(run.resolve(table).toString());
            assertThat(df.count()).as("spark.read.parquet " + table).isEqualTo(rows);
            assertThat(df.select("generation").distinct().orderBy("generation").collectAsList().stream()
                    .map(r -> r.getInt(0)).toList()).as(table).containsExactly(1, 2, 3, 4);
        }

        Result r = CliRun.cli("resume", run.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("after generation 4/6 (from the state checkpoint of generation 3, re-running "
                + "generations 4-4 without writing)");
        assertThat(run.resolve("_staging")).doesNotExist();
        for (String table : List.of("agents", "lineage", "summary")) {
            assertThat(Subprocesses.table(spark, run, table)).as(table)
                    .isEqualTo(Subprocesses.table(spark, full, table));
        }
        assertThat(state(spark, run, 6)).isEqualTo(state(spark, full, 6));
        Result v = CliRun.cli("verify", run.toString());
        assertThat(v.code()).as(v.err()).isZero();
    }

    private static boolean logHas(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Row count and number of distinct generations DuckDB reads from {@code RUN/table/**}{@code /*.parquet}. */
    static List<Long> duckDb(Path run, String table) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT generation) FROM read_parquet('"
                        + run.resolve(table).toAbsolutePath() + "/**/*.parquet', hive_partitioning = true)")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2));
        }
    }

    /** The state checkpoint on disk, which must be {@code newest}'s only, every column, in agent order. */
    static List<Row> state(SparkSession spark, Path run, int newest) throws java.io.IOException {
        try (Stream<Path> s = Files.list(run.resolve("state"))) {
            assertThat(s.map(x -> x.getFileName().toString()).toList()).as("only the newest checkpoint")
                    .containsExactly("generation=" + newest);
        }
        return spark.read().parquet(run.resolve("state").toString()).orderBy("generation", "agentId")
                .collectAsList();
    }
}
