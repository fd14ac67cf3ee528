package dev.popdyn.jobs;

import static dev.popdyn.jobs.CliRun.cli;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popdyn.jobs.CliRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code popdyn prune}: θ snapshots the policy does not keep are removed (θ null, every other column and row
 * unchanged, the kept θ unchanged), a superseded state checkpoint — as a crash between a newer checkpoint's commit
 * and the old one's deletion leaves it — is dropped and the newest kept, the markers are updated so that
 * {@code verify} passes, and the printed number of bytes freed equals the shrinkage of the table folders. Bad
 * policies and runs that may be live are refused with one error line, nothing changed; an interrupted swap is undone.
 */
class PruneTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 50;
    private static final Pattern FREED = Pattern.compile("freed (\\d+) bytes");

    @TempDir
    Path tmp;

    private Path conf() throws IOException {
        return Files.writeString(tmp.resolve("prune.conf"), """
                seed = 31
                population = %d
                generations = 5
                model { name = quadratic, dim = 3 }
                fast { steps = 2, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { partitions = 2, theta-every = 1, checkpoint-every = 2 }
                """.formatted(N));
    }

    private Path run(String name, String... more) throws IOException {
        Path dir = tmp.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("run", conf().toString(), "--out", dir.toString()));
        args.addAll(List.of(more));
        Result r = cli(args.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isZero();
        return dir;
    }

    @Test
    void keepLastRemovesEarlierThetaAndTheSupersededCheckpointAndVerifyPasses() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path run = run("last", "--until", "4");
        Path saved = tmp.resolve("saved-state-4");
        copyTree(run.resolve("state/generation=4"), saved);
        String marker4 = Files.readString(run.resolve("_committed/4"));
        assertThat(cli("resume", run.toString()).code()).isZero();
        assertThat(run.resolve("state/generation=4")).doesNotExist();
        copyTree(saved, run.resolve("state/generation=4"));
        Files.writeString(run.resolve("_committed/4"), marker4);
        assertThat(cli("verify", run.toString()).code()).as("the superseded checkpoint is intact").isZero();

        List<Row> rest = agents(spark, run).drop("theta").collectAsList();
        List<Row> theta5 = agents(spark, run).where("generation = 5").select("agent_id", "theta").collectAsList();
        assertThat(nonNullTheta(spark, run)).containsExactly(1, 2, 3, 4, 5);
        long tablesBefore = bytes(run.resolve("agents")) + bytes(run.resolve("state"));

        Result r = cli("prune", run.toString(), "--keep-theta", "last");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("θ removed from 4 generations (1, 2, 3, 4)")
                .contains("superseded state checkpoints dropped: 1 (4)");
        long tablesAfter = bytes(run.resolve("agents")) + bytes(run.resolve("state"));
        assertThat(freed(r)).isEqualTo(tablesBefore - tablesAfter).isPositive();

        assertThat(nonNullTheta(spark, run)).containsExactly(5);
        assertThat(agents(spark, run).drop("theta").collectAsList()).isEqualTo(rest);
        assertThat(agents(spark, run).where("generation = 5").select("agent_id", "theta").collectAsList())
                .isEqualTo(theta5);
        for (int g = 1; g <= 5; g++) {
            var m = JSON.readTree(run.resolve("_committed/" + g).toFile());
            assertThat(m.get("theta_written").asBoolean()).as("theta_written " + g).isEqualTo(g == 5);
            assertThat(m.get("state_checkpoint").asBoolean()).as("state_checkpoint " + g).isEqualTo(g == 5);
        }
        try (Stream<Path> s = Files.list(run.resolve("state"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("generation=5");
        }
        assertThat(run.resolve("_staging")).doesNotExist();
        Result v = cli("verify", run.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(KillMidWriteTest.duckDb(run, "agents")).containsExactly(5L * N, 5L);

        Result again = cli("prune", run.toString(), "--keep-theta", "last");
        assertThat(freed(again)).as("nothing left to free").isZero();
    }

    @Test
    void everyKThenNone() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path run = run("every");
        Result r = cli("prune", run.toString(), "--keep-theta", "every-2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(nonNullTheta(spark, run)).containsExactly(2, 4, 5);
        Result none = cli("prune", run.toString(), "--keep-theta", "none");
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(none.out()).contains("θ removed from 3 generations (2, 4, 5)").contains("'popdyn export' needs it");
        assertThat(nonNullTheta(spark, run)).isEmpty();
        assertThat(agents(spark, run).count()).isEqualTo(5L * N);
        assertThat(cli("verify", run.toString()).code()).isZero();
    }

    @Test
    void badPoliciesAndPossiblyLiveRunsAreRefusedChangingNothing() throws Exception {
        Path run = run("refused", "--until", "3");
        var before = HostileInputTest.tree(run);
        for (String bad : List.of("bogus", "every-0", "every-x")) {
            Result r = cli("prune", run.toString(), "--keep-theta", bad);
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: --keep-theta: '" + bad + "' is not a retention policy (all, "
                    + "last, none or every-K with K >= 1)");
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
        }
        Result live = cli("prune", run.toString(), "--keep-theta", "last");
        assertThat(live.code()).isEqualTo(2);
        assertThat(live.err()).startsWith("error: ").contains("run is not complete (3/5 generations)")
                .contains("--not-running");
        assertThat(HostileInputTest.tree(run)).isEqualTo(before);
        Result forced = cli("prune", run.toString(), "--keep-theta", "last", "--not-running");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(nonNullTheta(SparkTestSession.get(), run)).containsExactly(3);
        assertThat(cli("verify", run.toString()).code()).isZero();
    }

    /** A prune killed after moving a table aside and before replacing the marker is undone by the next prune. */
    @Test
    void anInterruptedSwapIsUndone() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path run = run("swap");
        List<Row> all = agents(spark, run).collectAsList();
        Path swap = Files.createDirectories(run.resolve("_staging/prune/agents-2"));
        copyTree(run.resolve("agents/generation=3"), swap.resolve("new"));
        Files.move(run.resolve("agents/generation=2"), swap.resolve("old"));
        Result r = cli("prune", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(agents(spark, run).collectAsList()).isEqualTo(all);
        assertThat(run.resolve("_staging")).doesNotExist();
        assertThat(cli("verify", run.toString()).code()).isZero();
    }

    private static org.apache.spark.sql.Dataset<Row> agents(SparkSession spark, Path run) {
        return spark.read().parquet(run.resolve("agents").toString()).orderBy("generation", "agent_id");
    }

    private static List<Integer> nonNullTheta(SparkSession spark, Path run) {
        return spark.read().parquet(run.resolve("agents").toString()).where(col("theta").isNotNull())
                .select("generation").distinct().orderBy("generation").collectAsList().stream()
                .map(r -> r.getInt(0)).toList();
    }

    private static long freed(Result r) {
        Matcher m = FREED.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
