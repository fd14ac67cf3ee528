package dev.popdyn.jobs;

import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command-line cases that used to end in a stack trace or a misleading message (issue 21): each now gives one
 * {@code error:} line naming the option, exit code 2, and writes nothing — or does what the option says.
 */
class ReliabilityTest {
    @TempDir
    static Path tmp;
    static Path conf;
    static Path run;

    @BeforeAll
    static void smallRun() throws Exception {
        SparkTestSession.get();
        conf = tmp.resolve("small.conf");
        Files.writeString(conf, """
                seed = 9
                population = 40
                generations = 3
                model { name = quadratic, dim = 2 }
                fast { steps = 2, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { partitions = 2 }
                """);
        run = tmp.resolve("run");
        Result r = cli("run", conf.toString(), "--out", run.toString(), "--until", "2");
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static void assertRejected(Result r, String... mentions) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ");
        for (String m : mentions) {
            assertThat(r.err()).contains(m);
        }
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }

    @Test
    void reportOutIntoAnExistingDirectoryWritesReportHtmlThere() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("reports"));
        Result r = cli("report", run.toString(), "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(dir.resolve("report.html")).isRegularFile();
        assertThat(Files.readString(dir.resolve("report.html"))).startsWith("<!DOCTYPE html>");
        assertThat(r.out()).contains(dir.resolve("report.html").toString());
    }

    @Test
    void aBogusMasterIsOneErrorLineBeforeSparkStarts() {
        assertRejected(cli("query", run.toString(), "select 1", "--master", "bogus"), "--master: 'bogus'",
                "local[*]");
        assertRejected(cli("run", conf.toString(), "--out", tmp.resolve("never-m").toString(), "--master",
                "local[x]"), "--master");
        assertThat(tmp.resolve("never-m")).doesNotExist();
    }

    @Test
    void resumeUntilAGenerationAlreadyCommittedSaysSo() throws Exception {
        Map<String, String> before = HostileInputTest.tree(run);
        Result r = cli("resume", run.toString(), "--until", "1");
        assertRejected(r, "--until: value 1 is not after generation 2", "an integer > 2");
        assertThat(r.out()).doesNotContain("stopped after generation 1");
        assertRejected(cli("resume", run.toString(), "--until", "2"), "--until: value 2");
        assertThat(HostileInputTest.tree(run)).isEqualTo(before);
    }

    @Test
    void aConfigRefusedAfterDataPreparationLeavesNoDataSetBehind() throws Exception {
        Path iris = Path.of("..", "data", "iris.csv").toAbsolutePath().normalize();
        Path cacheRoot = tmp.resolve("cache-root");
        Path bad = Files.writeString(tmp.resolve("mlp-bad.conf"), """
                seed = 1
                population = 0
                generations = 1
                data { path = "%s", label = species }
                model { name = mlp, hidden = [4] }
                execution { out = "%s" }
                """.formatted(iris, cacheRoot));
        assertRejected(cli("run", bad.toString(), "--out", tmp.resolve("never-d").toString()), "population");
        assertThat(cacheRoot).doesNotExist();
        assertThat(tmp.resolve("never-d")).doesNotExist();
    }

    @Test
    void exportOfAReluMlpRunWritesAPopdynMlpModel() throws Exception {
        Path iris = Path.of("..", "data", "iris.csv").toAbsolutePath().normalize();
        Path relu = Files.writeString(tmp.resolve("relu.conf"), """
                seed = 2
                population = 6
                generations = 1
                data { path = "%s", label = species }
                model { name = mlp, hidden = [3], activation = relu, batch = 16 }
                fast { dynamics = momentum, steps = 2 }
                hyper { lr { lo = 0.01, hi = 0.1, scale = log } }
                execution { partitions = 1, out = "%s" }
                """.formatted(iris, tmp.resolve("relu-runs")));
        Path reluRun = tmp.resolve("relu-run");
        Result r = cli("run", relu.toString(), "--out", reluRun.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Result e = cli("export", reluRun.toString(), "--out", tmp.resolve("relu-model").toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("as PopdynMlpModel to ");
        assertThat(dev.popdyn.jobs.data.PopdynMlpModel.load(tmp.resolve("relu-model").toString()).activation())
                .isEqualTo("relu");
    }

    @Test
    void validateOfAConfigWithDataWritesNothingAndPrintsTheRunsHash() throws Exception {
        Path iris = Path.of("..", "data", "iris.csv").toAbsolutePath().normalize();
        Path cacheRoot = tmp.resolve("validate-root");
        Path c = Files.writeString(tmp.resolve("mlp-ok.conf"), """
                seed = 1
                population = 4
                generations = 1
                data { path = "%s", label = species }
                model { name = mlp, hidden = [4] }
                execution { out = "%s" }
                """.formatted(iris, cacheRoot));
        Result v = cli("validate", c.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(cacheRoot).doesNotExist();
        assertThat(v.out()).contains("model.data = .data/iris-");
        Result again = cli("validate", c.toString());
        assertThat(again.out()).as(again.err()).isEqualTo(v.out());
    }

    @Test
    void anEmptyOutNamesTheOption() {
        assertRejected(cli("run", conf.toString(), "--out", ""), "--out: empty path");
        assertRejected(cli("report", run.toString(), "--out", ""), "--out: empty path");
    }

    @Test
    void aRunWhoseOutHasASpaceAndANonAsciiCharacterRunsQueriesResumesAndReportsInThatFolder() throws Exception {
        Path dir = tmp.resolve("my run \u00fc\u6f22");
        Result first = cli("run", conf.toString(), "--out", dir.toString(), "--until", "1");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(dir.resolve("run.json")).isRegularFile();
        assertThat(dir.resolve("agents").resolve("generation=1")).isDirectory();
        Result resumed = cli("resume", dir.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("after generation 1/3").doesNotContain("%20");
        String sql = "select * from agents where generation <= 2 order by generation, agent_id";
        Result q = cli("query", "--csv", "--limit", "0", dir.toString(), sql);
        assertThat(q.code()).as(q.err()).isZero();
        assertThat(q.out()).as("the same run in a plain folder")
                .isEqualTo(cli("query", "--csv", "--limit", "0", run.toString(), sql).out());
        Result count = cli("query", "--csv", dir.toString(), "select count(*) from agents");
        assertThat(count.out()).contains("\n120");
        Result report = cli("report", dir.toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(dir.resolve("report.html")).isRegularFile();
        assertThat(cli("verify", dir.toString()).code()).isZero();
        try (var siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("%"));
        }
    }
}
