package dev.popdyn.jobs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.jobs.ReportTestRuns;
import dev.popdyn.jobs.SparkTestSession;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Popdyn}: a run made through the API in the caller's session equals the run {@link dev.popdyn.jobs.run.Runner}
 * makes of the same config (the command line's path), and an opened run shows committed generations only.
 */
class PopdynApiTest {
    /** The shared small run's experiment ({@link ReportTestRuns#CONFIG}) with its own execution settings. */
    private static final String CONFIG = ReportTestRuns.CONFIG + "execution { partitions = 2, theta-every = 2 }\n";

    @TempDir
    Path tmp;

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8);

    @Test
    void runThroughTheApiEqualsTheRunnersRunOfTheSameConfig() {
        SparkSession spark = SparkTestSession.get();
        PopdynRun run = Popdyn.run(spark, CONFIG, tmp.resolve("api-run").toString(), QUIET);
        assertThat(run.config().sha256()).isEqualTo(ExperimentParams.parse(CONFIG).sha256());
        assertThat(run.provenance().configSha256()).isEqualTo(run.config().sha256());
        assertThat(run.provenance().population()).isEqualTo(64);
        assertThat(run.summary().count()).isEqualTo(ReportTestRuns.GENERATIONS);
        assertThat(run.agents().count()).isEqualTo((long) ReportTestRuns.POPULATION * ReportTestRuns.GENERATIONS);
        assertThat(run.lineage().count()).isEqualTo((long) ReportTestRuns.POPULATION * ReportTestRuns.GENERATIONS);
        // ReportTestRuns.small() runs the same experiment through Runner (the command line's path): same rows.
        PopdynRun reference = Popdyn.open(spark, ReportTestRuns.small().toString());
        String cols = "generation, fitness_max, fitness_mean, exploited";
        assertThat(rows(run.summary().selectExpr(cols.split(", ")).orderBy("generation")))
                .isEqualTo(rows(reference.summary().selectExpr(cols.split(", ")).orderBy("generation")));
        assertThat(rows(run.agents().selectExpr("generation", "agent_id", "fitness").orderBy("generation",
                "agent_id"))).isEqualTo(rows(reference.agents().selectExpr("generation", "agent_id", "fitness")
                .orderBy("generation", "agent_id")));
    }

    @Test
    void configFileAndTextGiveTheSameExperiment() throws IOException {
        Path file = tmp.resolve("exp.conf");
        Files.writeString(file, CONFIG);
        assertThat(Popdyn.isConfigText(CONFIG)).isTrue();
        assertThat(Popdyn.isConfigText(file.toString())).isFalse();
        PopdynRun run = Popdyn.run(SparkTestSession.get(), file.toString(), tmp.resolve("file-run").toString(),
                QUIET);
        assertThat(run.provenance().configSha256()).isEqualTo(ExperimentParams.parse(CONFIG).sha256());
    }

    @Test
    void openShowsOnlyCommittedGenerations() throws IOException {
        Path copy = tmp.resolve("copy");
        ReportTestRuns.copy(ReportTestRuns.small(), copy);
        // Generation 5's folders stay on disk without their marker, as after a crash before the commit.
        Files.delete(copy.resolve(RunDirectory.COMMITTED).resolve("5"));
        assertThat(copy.resolve("agents").resolve("generation=5")).isDirectory();
        PopdynRun run = Popdyn.open(SparkTestSession.get(), copy.toUri().toString());
        assertThat(Path.of(run.dir())).isEqualTo(copy);
        assertThat(run.summary().count()).isEqualTo(4);
        assertThat(run.agents().selectExpr("max(generation)").first().getInt(0)).isEqualTo(4);
        assertThat(run.agents().count()).isEqualTo(4L * ReportTestRuns.POPULATION);
        assertThat(run.lineage().selectExpr("max(generation)").first().getInt(0)).isEqualTo(4);
        assertThat(SparkTestSession.get().read().parquet(copy.resolve("agents").toString()).count())
                .as("a plain read of the table folder also sees the uncommitted generation")
                .isEqualTo(5L * ReportTestRuns.POPULATION);
    }

    @Test
    void badInputIsOneMessage() {
        SparkSession spark = SparkTestSession.get();
        assertThatThrownBy(() -> Popdyn.open(spark, tmp.toString())).isInstanceOf(UserError.class)
                .hasMessageContaining("not a run directory");
        assertThatThrownBy(() -> Popdyn.run(spark, CONFIG.replace("population = 64", "population = -1"),
                tmp.resolve("bad").toString(), QUIET)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("population");
        assertThat(tmp.resolve("bad")).doesNotExist();
        assertThatThrownBy(() -> Popdyn.run(spark, CONFIG, ReportTestRuns.small().toString(), QUIET))
                .isInstanceOf(UserError.class).hasMessageContaining("already holds a run of this config");
    }

    private static List<String> rows(org.apache.spark.sql.Dataset<Row> df) {
        return df.collectAsList().stream().map(Row::toString).toList();
    }
}
