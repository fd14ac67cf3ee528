package dev.popdyn.jobs;

import dev.popdyn.jobs.snapshot.StoragePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.report.RunReport;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.RunSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed {@code data/sample-run/} cannot go stale silently: it has this popdyn's schema version, the config
 * hash of {@code conf/examples/sample-run.conf}, every generation committed and queryable, stays under 2 MB, and the
 * report renders on it. Regenerate it with {@code data/regenerate-sample-run.sh}.
 */
class ReportSampleRunTest {
    static final Path SAMPLE = Path.of("..", "data", "sample-run");
    static final Path CONF = Path.of("..", "conf", "examples", "sample-run.conf");

    @TempDir
    Path tmp;

    @Test
    void sampleRunMatchesItsConfigAndTheSchema() throws IOException {
        RunDirectory rd = new RunDirectory(StoragePath.local(SAMPLE));
        RunManifest m = RunManifest.read(rd);
        assertThat(m.schemaVersion()).isEqualTo(RunSchema.SCHEMA_VERSION);
        ExperimentParams p = ExperimentParams.fromConfig(ConfigLoader.load(CONF, List.of()));
        assertThat(m.configSha256()).as("data/sample-run is stale: run data/regenerate-sample-run.sh")
                .isEqualTo(p.sha256());
        assertThat(m.params().sha256()).isEqualTo(p.sha256());
        assertThat(rd.committedGenerations()).hasSize(p.generations());

        SparkSession spark = SparkTestSession.get();
        RunViews.register(spark, StoragePath.local(SAMPLE));
        Row counts = spark.sql("SELECT (SELECT count(*) FROM agents), (SELECT count(*) FROM lineage), "
                + "(SELECT count(*) FROM summary)").first();
        assertThat(counts.getLong(0)).isEqualTo((long) p.population() * p.generations());
        assertThat(counts.getLong(1)).isEqualTo((long) p.population() * p.generations());
        assertThat(counts.getLong(2)).isEqualTo(p.generations());

        long bytes;
        try (Stream<Path> s = Files.walk(SAMPLE)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(bytes).isLessThan(2L << 20);
    }

    @Test
    void reportRendersOnTheSampleRun() throws IOException {
        Path out = tmp.resolve("sample.html");
        RunReport.write(SparkTestSession.get(), StoragePath.local(SAMPLE), StoragePath.local(out));
        String html = Files.readString(out);
        assertThat(ReportTest.plots(html)).containsKeys("fitness", "density-reg", "density-lr", "schedule-reg");
        assertThat(html).contains("reg* = 1.22222");
    }
}
