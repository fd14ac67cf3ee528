package dev.popdyn.jobs;

import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it: the happy path (run, query, validate, explain) and bad input — each gives one
 * {@code error:} line naming the key or file, exit code 2, and writes or overwrites nothing.
 */
class CliTest {
    @TempDir
    static Path tmp;
    static Path conf;
    static Path run;
    static String runOut;

    @BeforeAll
    static void smallRun() throws Exception {
        SparkTestSession.get();
        conf = tmp.resolve("small.conf");
        Files.writeString(conf, """
                seed = 3
                population = 100
                generations = 2
                model { name = quadratic, dim = 2 }
                fast { steps = 5, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { partitions = 2 }
                """);
        run = tmp.resolve("run");
        Result r = cli("run", conf.toString(), "--out", run.toString());
        runOut = r.out();
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void runPrintsOneProgressLinePerGenerationAndTheRunDirectory() {
        assertThat(runOut).contains("gen 1/2").contains("gen 2/2").contains("reg ").contains("exploited 20")
                .contains("done: " + run.toAbsolutePath());
        assertThat(run.resolve("run.json")).exists();
        assertThat(run.resolve("_committed/2")).exists();
    }

    /** The closing line names the fittest agent of the last generation as the agents table has it. */
    @Test
    void runClosesWithTheFittestAgentAndTheCommandsToTryNext() {
        Result best = cli("query", "--csv", run.toString(), "select agent_id, fitness, hyper.reg from agents "
                + "where generation = 2 order by fitness desc, agent_id limit 1");
        String[] v = best.out().lines().skip(1).findFirst().orElseThrow().split(",");
        assertThat(runOut).contains(String.format(java.util.Locale.ROOT, "fittest agent %s of generation 2: "
                + "fitness %.6g, reg %.6g", v[0], Double.parseDouble(v[1]), Double.parseDouble(v[2])));
        assertThat(runOut).contains("next: popdyn report " + run.toAbsolutePath(), "popdyn query "
                + run.toAbsolutePath());
    }

    @Test
    void queryPrintsAnAlignedTableAndCsv() {
        Result r = cli("query", run.toString(),
                "select generation, count(*) as n, avg(hyper.reg) as reg from agents group by generation "
                        + "order by generation");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("generation").contains("100").contains("(2 rows)");
        Result c = cli("query", "--csv", run.toString(), "select generation, n from summary order by generation");
        assertThat(c.out()).startsWith("generation,n").contains("1,100.0").contains("2,100.0");
    }

    @Test
    void validateAndExplain() {
        Result v = cli("validate", conf.toString());
        assertThat(v.code()).isZero();
        assertThat(v.out()).contains("population = 100").contains("ok: ");
        Result e = cli("explain", "quadratic");
        assertThat(e.code()).isZero();
        assertThat(e.out()).contains("selection.fraction").contains("(0, 0.5]").contains("model.center")
                .contains("hyper.<name>.scale");
        Result bad = cli("explain", "nosuchmodel");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: model: unknown model 'nosuchmodel'");
    }

    private static void assertRejected(Result r, String mentions) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(mentions);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void missingConfigFile() {
        Path out = tmp.resolve("never1");
        assertRejected(cli("run", tmp.resolve("nope.conf").toString(), "--out", out.toString()), "nope.conf");
        assertThat(out).doesNotExist();
    }

    @Test
    void validationErrorNamesTheKeyAndWritesNothing() {
        Path out = tmp.resolve("never2");
        assertRejected(cli("run", conf.toString(), "--set", "selection.fraction=0.7", "--out", out.toString()),
                "selection.fraction: value 0.7 is out of range");
        assertThat(out).doesNotExist();
        assertRejected(cli("validate", conf.toString(), "--set", "hyper.reg.lo=5"), "hyper.reg");
    }

    @Test
    void hoconSyntaxErrorGivesTheLine() throws Exception {
        Path broken = tmp.resolve("broken.conf");
        Files.writeString(broken, "population = 10\nfast { steps = \n");
        assertRejected(cli("validate", broken.toString()), "broken.conf");
    }

    @Test
    void outputDirectoryHoldingAnotherRunIsNotOverwritten() throws Exception {
        Path json = run.resolve("run.json");
        String before = Files.readString(json);
        FileTime mtime = Files.getLastModifiedTime(json);
        assertRejected(cli("run", conf.toString(), "--set", "seed=4", "--out", run.toString()),
                "already holds a different run (config differs in seed)");
        assertRejected(cli("run", conf.toString(), "--out", run.toString()), "popdyn resume");
        assertThat(Files.readString(json)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(json)).isEqualTo(mtime);
    }

    @Test
    void nonEmptyDirectoryThatIsNotARun() throws Exception {
        Path d = tmp.resolve("stuff");
        Files.createDirectories(d);
        Files.writeString(d.resolve("notes.txt"), "mine");
        assertRejected(cli("run", conf.toString(), "--out", d.toString()), "not empty");
        assertThat(d.resolve("run.json")).doesNotExist();
    }

    @Test
    void resumeOrQueryOfSomethingThatIsNotARun() {
        assertRejected(cli("resume", tmp.resolve("nothing").toString()), "not a run directory");
        assertRejected(cli("query", tmp.resolve("nothing").toString(), "select 1"), "no such run directory");
    }

    @Test
    void invalidSql() {
        assertRejected(cli("query", run.toString(), "select nonsense from agents"), "query: ");
        assertRejected(cli("query", run.toString(), "selec * form agents"), "query: ");
    }

    @Test
    void unknownOptionOrCommand() {
        Result r = cli("run", conf.toString(), "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ");
        assertThat(cli("frobnicate").code()).isEqualTo(2);
    }

    /** Every command answers {@code --help} with its own usage (exit 0), even without its required parameters. */
    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"run", "resume", "query", "report", "sweep", "verify", "export",
            "prune"}) {
            Result r = cli(command, "--help");
            assertThat(r.code()).as(command + ": " + r.err()).isZero();
            assertThat(r.out()).as(command).contains("Usage: popdyn " + command);
        }
        Result r = cli("study", "limit", "--help");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Usage: popdyn study limit");
    }
}
