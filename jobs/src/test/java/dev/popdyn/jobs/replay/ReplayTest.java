package dev.popdyn.jobs.replay;

import dev.popdyn.jobs.snapshot.StoragePath;
import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popdyn.jobs.CliRun.Result;
import dev.popdyn.jobs.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code popdyn replay} on run directories written by the Spark job: the ancestry comes from the Parquet lineage,
 * the schedule files are written beside (not into) the tables, and the replayed fitness matches the recorded one —
 * every generation without selection; through the first exploit of the chain with truncation and momentum dynamics,
 * differing right after it.
 */
class ReplayTest {
    @TempDir
    Path tmp;

    private static final String BASE = """
            seed = 5
            population = 8
            generations = 3
            model { name = quadratic, dim = 2 }
            fast { steps = 5, lr = 0.05, temperature = 0.1 }
            hyper { reg { lo = 0, hi = 3 } }
            execution { partitions = 2 }
            """;

    private Path run(String name, String extra) throws Exception {
        Path conf = tmp.resolve(name + ".conf");
        Files.writeString(conf, BASE + extra);
        Path dir = tmp.resolve(name);
        Result r = cli("run", conf.toString(), "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return dir;
    }

    @Test
    void withoutSelectionTheBestAgentIsReproducedEveryGenerationAndFilesAreWritten() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path dir = run("none", "fitness { estimator = window, window = 2 }\nselection { rule = none }\n"
                + "mutation { mode = all }\n");
        long best = spark.read().parquet(dir.resolve("agents/generation=3").toString())
                .orderBy(org.apache.spark.sql.functions.col("fitness").desc()).first().getLong(0);
        Result r = cli("replay", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("replay of agent " + best + " (3 generations)").doesNotContain("differs")
                .contains("never switches");
        assertThat(r.out().lines().filter(l -> l.endsWith("  exact")).count()).isEqualTo(3);

        Path folder = dir.resolve("replay-" + best);
        JsonNode j = new ObjectMapper().readTree(folder.resolve("schedule.json").toFile());
        assertThat(j.path("schedule")).hasSize(3);
        List<Row> rows = spark.read().parquet(folder.resolve("schedule.parquet").toString()).orderBy("generation")
                .collectAsList();
        assertThat(rows).hasSize(3);
        for (Row row : rows) {
            int g = row.getInt(row.fieldIndex("generation"));
            assertThat(row.<Boolean>getAs("exact")).isTrue();
            assertThat(row.<Long>getAs("ancestor_id")).isEqualTo(best);
            double reg = spark.read().parquet(dir.resolve("agents/generation=" + g).toString())
                    .filter("agent_id = " + best).select("hyper.reg").first().getDouble(0);
            assertThat(row.getStruct(row.fieldIndex("hyper")).getDouble(0)).isEqualTo(reg);
            assertThat(j.path("schedule").get(g - 1).path("hyper").path("reg").asDouble()).isEqualTo(reg);
        }
        assertThat(dir.resolve("agents").toFile().list()).allMatch(n -> n.startsWith("generation="));
    }

    @Test
    void withTruncationAndMomentumExactThroughTheFirstExploitThenDiffers() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path dir = run("trunc", "fast { dynamics = momentum, momentum = 0.9 }\n"
                + "selection { rule = truncation, fraction = 0.5 }\n");
        long agent = spark.read().parquet(dir.resolve("lineage/generation=2").toString())
                .filter("donor_id is not null").orderBy("agent_id").first().getLong(0);
        ScheduleReplay.Result r = ScheduleReplay.run(spark, StoragePath.local(dir), agent);
        assertThat(r.firstSwitch()).isBetween(1, 2);
        for (ScheduleReplay.Generation g : r.generations()) {
            int gen = g.original().generation();
            if (gen <= r.firstSwitch()) {
                assertThat(g.exact()).as("generation " + gen).isTrue();
            } else if (gen == r.firstSwitch() + 1) {
                assertThat(g.fitnessInstant()).as("generation " + gen).isNotEqualTo(g.original().fitnessInstant());
            }
        }
        assertThat(r.generations().get(2).original().ancestorId()).isEqualTo(agent);
        assertThat(r.generations().get(1).original().ancestorId()).isNotEqualTo(agent);

        Result bad = cli("replay", dir.toString(), "--agent", "99");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: --agent: 99 is out of range");
    }
}
