package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunIntegrity;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code execution.checkpoint-every = 3} on a 7-generation run: the state checkpoint is written at generations 3, 6
 * and 7 only, each marker says whether it holds one, and an older checkpoint is dropped once a newer one is
 * committed. A run stopped with {@code --until 5} (a non-checkpoint generation) and resumed — by either engine,
 * having been started by the other — restarts from generation 3's checkpoint, recomputes 4 and 5 without rewriting
 * them (their markers and file names stay as they were) and ends with every table, state included, equal to an
 * uninterrupted run's. A lost in-memory state re-runs its generation from the newest checkpoint the same way.
 * The window fitness (m = 2) makes the fitness history, restored from the checkpoint, matter.
 */
class CheckpointEveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExperimentParams P = ExperimentParams.parse("""
            seed = 23
            population = 90
            generations = 7
            model { name = quadratic, dim = 2 }
            fast { steps = 3, lr = 0.05, temperature = 0.1 }
            fitness { estimator = window, window = 2 }
            hyper { reg { lo = 0, hi = 3 } }
            selection { rule = truncation, fraction = 0.25 }
            """);
    private static final ExecutionParams SPARK = new ExecutionParams(3, 0, 2, "unused", "spark", 3);
    private static final ExecutionParams LOCAL = SPARK.withEngine("local");

    @TempDir
    static Path tmp;
    static Path full;

    @BeforeAll
    static void uninterrupted() {
        full = tmp.resolve("full");
        runner(new ByteArrayOutputStream()).run(P, SPARK, StoragePath.local(full));
    }

    private static Runner runner(ByteArrayOutputStream log) {
        return new Runner(SparkTestSession.get(), new PrintStream(log, true));
    }

    @Test
    void checkpointsAtMultiplesAndTheLastOnlyTheNewestKept() throws IOException {
        assertThat(stateFolders(full)).containsExactly("generation=7");
        Map<Integer, Boolean> facts = checkpointFacts(full);
        assertThat(facts).containsEntry(7, true);
        facts.remove(7);
        assertThat(facts.values()).as("3 and 6 dropped after 6 and 7 committed").containsOnly(false);
        assertThat(RunIntegrity.verifyFully(SparkTestSession.get(), new RunDirectory(StoragePath.local(full))))
                .isPositive();
    }

    @Test
    void untilANonCheckpointGenerationThenResumeEqualsTheUninterruptedRunAcrossEngines() throws IOException {
        SparkSession spark = SparkTestSession.get();
        for (ExecutionParams[] order : new ExecutionParams[][]{{LOCAL, SPARK}, {SPARK, LOCAL}}) {
            String what = order[0].engine() + " then " + order[1].engine();
            Path cut = tmp.resolve("cut-" + order[0].engine());
            runner(new ByteArrayOutputStream()).run(P, order[0], StoragePath.local(cut), 5);
            assertThat(stateFolders(cut)).as(what).containsExactly("generation=3");
            assertThat(checkpointFacts(cut)).as(what).isEqualTo(Map.of(1, false, 2, false, 3, true, 4, false,
                    5, false));
            Map<String, String> before = snapshot(cut, 4, 5);

            ByteArrayOutputStream log = new ByteArrayOutputStream();
            runner(log).resume(StoragePath.local(cut), P, order[1]);
            assertThat(log.toString()).as(what).contains("after generation 5/7 (from the state checkpoint of "
                    + "generation 3, re-running generations 4-5 without writing)")
                    .contains("gen 4 re-run (committed before, not written again)")
                    .contains("gen 5 re-run (committed before, not written again)")
                    .doesNotContain("gen 3 re-run");
            assertThat(snapshot(cut, 4, 5)).as(what + ": generations 4 and 5 not rewritten")
                    .containsExactlyInAnyOrderEntriesOf(before);
            for (String t : List.of("agents", "lineage", "summary")) {
                assertThat(Subprocesses.table(spark, cut, t)).as(what + ": " + t)
                        .isEqualTo(Subprocesses.table(spark, full, t));
            }
            assertThat(KillMidWriteTest.state(spark, cut, 7)).as(what + ": state")
                    .isEqualTo(KillMidWriteTest.state(spark, full, 7));
            assertThat(checkpointFacts(cut)).as(what).isEqualTo(checkpointFacts(full));
        }
    }

    @Test
    void lostInMemoryStateReRunsFromTheNewestCheckpoint() {
        SparkSession spark = SparkTestSession.get();
        Path lost = tmp.resolve("lost");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setProperty("popdyn.test.lose-state-before-generation", "5");
        try {
            runner(log).run(P, SPARK, StoragePath.local(lost));
        } finally {
            System.clearProperty("popdyn.test.lose-state-before-generation");
        }
        assertThat(log.toString()).contains("gen 5: failed from the in-memory state")
                .contains("re-running it from the state checkpoint of generation 3");
        for (String t : List.of("agents", "lineage")) {
            assertThat(Subprocesses.table(spark, lost, t)).as(t).isEqualTo(Subprocesses.table(spark, full, t));
        }
    }

    private static List<String> stateFolders(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve("state"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Each committed generation's {@code state_checkpoint} marker fact. */
    private static Map<Integer, Boolean> checkpointFacts(Path run) throws IOException {
        Map<Integer, Boolean> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(run.resolve("_committed"))) {
            for (Path m : s.toList()) {
                JsonNode n = JSON.readTree(m.toFile());
                out.put(n.get("generation").asInt(), n.get(RunDirectory.STATE_CHECKPOINT).asBoolean());
            }
        }
        return out;
    }

    /** The bytes of generations' markers and the names of their table files (new on any rewrite). */
    private static Map<String, String> snapshot(Path run, int... gens) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (int g : gens) {
            out.put("_committed/" + g, Files.readString(run.resolve("_committed/" + g)));
            for (String t : List.of("agents", "lineage", "summary")) {
                List<String> names = new ArrayList<>();
                try (Stream<Path> s = Files.list(run.resolve(t).resolve("generation=" + g))) {
                    s.forEach(p -> names.add(p.getFileName().toString()));
                }
                out.put(t + "/" + g, String.join(",", names.stream().sorted().toList()));
            }
        }
        return out;
    }
}
