package dev.popdyn.jobs;

import dev.popdyn.jobs.snapshot.StoragePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.run.Runner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted after a committed generation — with a half-written next generation left on disk, as a crash
 * leaves it — resumes to exactly the tables of an uninterrupted run; readers never see the uncommitted folders;
 * a changed config is refused naming the differing keys.
 */
class ResumeTest {
    @TempDir
    Path tmp;

    static final ExperimentParams P = ExperimentParams.parse("""
            seed = 11
            population = 200
            generations = 4
            model { name = quadratic, dim = 2 }
            fast { steps = 5, lr = 0.05, temperature = 0.1 }
            hyper { reg { lo = 0, hi = 3 } }
            selection { rule = truncation, fraction = 0.2 }
            """);

    static final ExecutionParams EXEC = new ExecutionParams(3, 0, 2, "unused", "spark");

    private static Runner runner() {
        return new Runner(SparkTestSession.get(), new PrintStream(new ByteArrayOutputStream()));
    }

    static List<Row> rows(SparkSession spark, Path dir, String table) {
        return spark.read().parquet(dir.resolve(table).toString()).orderBy("generation", "agent_id")
                .collectAsList();
    }

    @Test
    void resumeAfterCrashEqualsUninterruptedRun() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path full = tmp.resolve("full");
        runner().run(P, EXEC, StoragePath.local(full));

        Path cut = tmp.resolve("cut");
        runner().run(P, EXEC, StoragePath.local(cut), 2);
        assertThat(Runner.committed(StoragePath.local(cut))).containsExactly(1, 2);
        Path junk = cut.resolve("agents/generation=3");
        Files.createDirectories(junk);
        Files.writeString(junk.resolve("part-00000-garbage.parquet"), "not parquet: crashed mid-write");
        Files.createDirectories(cut.resolve("state/generation=3"));

        assertCommittedView(spark, cut, 2);

        runner().resume(StoragePath.local(cut), P, new ExecutionParams(5, 0, 2, "unused", "spark"));
        assertThat(Runner.committed(StoragePath.local(cut))).containsExactly(1, 2, 3, 4);
        for (String t : List.of("agents", "lineage")) {
            assertThat(rows(spark, cut, t)).isEqualTo(rows(spark, full, t));
        }
        assertThat(spark.read().parquet(cut.resolve("summary").toString()).drop("ms_fast", "ms_slow", "ms_write")
                .orderBy("generation").collectAsList())
                .isEqualTo(spark.read().parquet(full.resolve("summary").toString())
                        .drop("ms_fast", "ms_slow", "ms_write").orderBy("generation").collectAsList());
    }

    /** A run started by one engine and resumed by the other equals an uninterrupted Spark run, both ways round. */
    @Test
    void resumeAcrossEnginesEqualsUninterruptedRun() {
        SparkSession spark = SparkTestSession.get();
        Path full = tmp.resolve("full-spark");
        runner().run(P, EXEC, StoragePath.local(full));
        ExecutionParams local = EXEC.withEngine("local");
        for (ExecutionParams[] order : new ExecutionParams[][]{{EXEC, local}, {local, EXEC}}) {
            Path cut = tmp.resolve("cut-" + order[0].engine());
            runner().run(P, order[0], StoragePath.local(cut), 2);
            runner().resume(StoragePath.local(cut), P, order[1]);
            assertThat(Runner.committed(StoragePath.local(cut))).containsExactly(1, 2, 3, 4);
            for (String t : List.of("agents", "lineage")) {
                assertThat(rows(spark, cut, t)).as(order[0].engine() + " then " + order[1].engine() + ": " + t)
                        .isEqualTo(rows(spark, full, t));
            }
        }
    }

    @Test
    void lostInMemoryStateReRunsTheGenerationFromTheCheckpoint() {
        SparkSession spark = SparkTestSession.get();
        Path full = tmp.resolve("full-ref");
        runner().run(P, EXEC, StoragePath.local(full));
        Path lost = tmp.resolve("lost");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setProperty("popdyn.test.lose-state-before-generation", "3");
        try {
            new Runner(spark, new PrintStream(log)).run(P, EXEC.withCheckpointEvery(2), StoragePath.local(lost));
        } finally {
            System.clearProperty("popdyn.test.lose-state-before-generation");
        }
        assertThat(log.toString()).contains("gen 3: failed from the in-memory state")
                .contains("from the state checkpoint of generation 2");
        assertThat(Runner.committed(StoragePath.local(lost))).containsExactly(1, 2, 3, 4);
        for (String t : List.of("agents", "lineage")) {
            assertThat(rows(spark, lost, t)).isEqualTo(rows(spark, full, t));
        }
    }

    private static void assertCommittedView(SparkSession spark, Path dir, int committed) {
        dev.popdyn.jobs.query.RunViews.register(spark, StoragePath.local(dir));
        assertThat(spark.sql("select max(generation) from agents").first().getInt(0)).isEqualTo(committed);
    }

    @Test
    void resumeRefusesAChangedConfigNamingTheKeys() {
        Path dir = tmp.resolve("r");
        runner().run(P, EXEC, StoragePath.local(dir), 1);
        ExperimentParams changed = ExperimentParams.parse("""
                seed = 11
                population = 200
                generations = 4
                model { name = quadratic, dim = 2 }
                fast { steps = 5, lr = 0.07, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                selection { rule = truncation, fraction = 0.3 }
                """);
        assertThatThrownBy(() -> runner().resume(StoragePath.local(dir), changed, EXEC))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("fast.lr").hasMessageContaining("selection.fraction");
        assertThat(Runner.committed(StoragePath.local(dir))).containsExactly(1);
    }
}
