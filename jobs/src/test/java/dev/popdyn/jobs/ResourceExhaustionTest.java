package dev.popdyn.jobs;

import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.CliRun.Result;
import dev.popdyn.jobs.snapshot.MiniHdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exhausted resources and I/O failures (issue 21.6, docs/errors.md): out of memory in a child JVM with a small heap,
 * a full disk as an HDFS space quota ({@code DSQuotaExceededException}, in-process {@link MiniHdfs}), a read-only
 * file system as HDFS safe mode. Each is one {@code error:} line with its fix and its own exit code (4 resources,
 * 5 I/O), a run that failed before its first generation leaves no directory, committed generations stay intact and
 * {@code resume} after the fix gives the tables of an uninterrupted run; {@code --verbose} adds the stack trace.
 */
class ResourceExhaustionTest {
    @TempDir
    static Path tmp;
    static Path conf;
    static MiniHdfs hdfs;

    @BeforeAll
    static void setUp() throws Exception {
        SparkTestSession.get();
        hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
        conf = tmp.resolve("small.conf");
        Files.writeString(conf, """
                seed = 13
                population = 30
                generations = 3
                model { name = quadratic, dim = 2 }
                fast { steps = 2, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { partitions = 2 }
                """);
    }

    @AfterAll
    static void tearDown() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    private static DistributedFileSystem dfs() throws java.io.IOException {
        return hdfs.cluster().getFileSystem();
    }

    private static void assertOneErrorLine(Result r, int code, String... mentions) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(code);
        assertThat(r.err()).startsWith("error: ").contains(mentions);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }

    @Test
    void aFullDiskBeforeTheFirstGenerationIsExitCode4AndLeavesNoDirectory() throws Exception {
        org.apache.hadoop.fs.Path full = new org.apache.hadoop.fs.Path("/full");
        dfs().mkdirs(full);
        dfs().setQuota(full, HdfsConstants.QUOTA_DONT_SET, 1);
        Result r = cli("run", conf.toString(), "--out", hdfs.uri() + "/full/x");
        assertOneErrorLine(r, 4, "no space left: ", "DiskSpace quota of /full is exceeded", "free space or raise the quota",
                "popdyn resume");
        assertThat(dfs().exists(new org.apache.hadoop.fs.Path("/full/x"))).isFalse();

        Result verbose = cli("run", conf.toString(), "--out", hdfs.uri() + "/full/x", "--verbose");
        assertThat(verbose.code()).isEqualTo(4);
        assertThat(verbose.err()).startsWith("error: no space left: ").contains("DSQuotaExceededException", "\tat ");
        assertThat(dfs().exists(new org.apache.hadoop.fs.Path("/full/x"))).isFalse();
    }

    @Test
    void aDiskThatFillsMidRunKeepsCommittedGenerationsAndResumeAfterFreeingSpaceMatchesAnUninterruptedRun()
            throws Exception {
        String run = hdfs.uri() + "/quota/x";
        Result first = cli("run", conf.toString(), "--out", run, "--until", "1");
        assertThat(first.code()).as(first.err()).isZero();
        org.apache.hadoop.fs.Path quota = new org.apache.hadoop.fs.Path("/quota");
        dfs().setQuota(quota, HdfsConstants.QUOTA_DONT_SET, 1);
        Result full = cli("resume", run);
        assertThat(full.code()).as(full.out() + full.err()).isEqualTo(4);
        List<String> errors = full.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("no space left: ", "popdyn resume");
        assertThat(full.err()).doesNotContain("\tat dev.popdyn");
        assertThat(cli("query", "--csv", run, "select max(generation) from agents").out()).contains("\n1");

        dfs().setQuota(quota, HdfsConstants.QUOTA_DONT_SET, HdfsConstants.QUOTA_RESET);
        Result resumed = cli("resume", run);
        assertThat(resumed.code()).as(resumed.err()).isZero();
        Path local = tmp.resolve("uninterrupted");
        assertThat(cli("run", conf.toString(), "--out", local.toString()).code()).isZero();
        for (String sql : List.of("select * from agents order by generation, agent_id",
                "select * from lineage order by generation, agent_id")) {
            assertThat(cli("query", "--csv", "--limit", "0", run, sql).out()).as(sql)
                    .isEqualTo(cli("query", "--csv", "--limit", "0", local.toString(), sql).out());
        }
    }

    @Test
    void aReadOnlyFileSystemIsExitCode5AndWritesNothing() throws Exception {
        dfs().setSafeMode(HdfsConstants.SafeModeAction.SAFEMODE_ENTER);
        try {
            Result r = cli("run", conf.toString(), "--out", hdfs.uri() + "/ro/x");
            assertOneErrorLine(r, 5, "I/O failure: ", "safe mode", "reachable and writable");
        } finally {
            dfs().setSafeMode(HdfsConstants.SafeModeAction.SAFEMODE_LEAVE);
        }
        assertThat(dfs().exists(new org.apache.hadoop.fs.Path("/ro"))).isFalse();
    }

    @Test
    void outOfMemoryIsExitCode4WithTheMemorySettingAndLeavesNoStub() throws Exception {
        Path big = Files.writeString(tmp.resolve("big.conf"), """
                seed = 1
                population = 2000000
                generations = 2
                model { name = quadratic, dim = 200 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { engine = local, partitions = 1 }
                """);
        for (boolean verbose : new boolean[] {false, true}) {
            Path out = tmp.resolve("oom-" + verbose);
            Path log = tmp.resolve("oom-" + verbose + ".log");
            List<String> args = new ArrayList<>(List.of("run", big.toString(), "--out", out.toString()));
            if (verbose) {
                args.add("--verbose");
            }
            Process p = smallHeapPopdyn(log, args).start();
            int code = Subprocesses.waitFor(p, 300, log);
            List<String> lines = Files.readAllLines(log);
            assertThat(code).as(String.join("\n", lines)).isEqualTo(4);
            List<String> errors = lines.stream().filter(l -> l.startsWith("error:")).toList();
            assertThat(errors).as(String.join("\n", lines)).hasSize(1);
            assertThat(errors.get(0)).startsWith("error: out of memory (Java heap space)")
                    .contains("POPDYN_DRIVER_MEMORY", "popdyn resume");
            assertThat(lines.stream().anyMatch(l -> l.startsWith("\tat "))).as(String.join("\n", lines))
                    .isEqualTo(verbose);
            assertThat(out).as("no stub run directory").doesNotExist();
        }
    }

    /** The popdyn CLI in a child JVM with a 640 MB heap (Spark's local mode needs about 450 MB to start). */
    private static ProcessBuilder smallHeapPopdyn(Path log, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Subprocesses.java());
        cmd.add("-Xmx640m");
        cmd.addAll(Subprocesses.jvmFlags());
        cmd.add("-Dlog4j2.configurationFile=" + Subprocesses.root().resolve("conf/log4j2.properties"));
        cmd.add("-Dspark.ui.enabled=false");
        cmd.add("-cp");
        cmd.add(Subprocesses.testClasspath());
        cmd.add("dev.popdyn.jobs.Main");
        cmd.addAll(args);
        return Subprocesses.logged(new ProcessBuilder(cmd), log);
    }
}
