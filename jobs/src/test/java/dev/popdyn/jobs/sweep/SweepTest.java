package dev.popdyn.jobs.sweep;

import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.StoragePath;
import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.CliRun.Result;
import dev.popdyn.jobs.SparkTestSession;
import dev.popdyn.jobs.run.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code popdyn sweep} end to end through the command line: a sweep killed after one finished run and run again
 * skips the finished run (files untouched), resumes the interrupted one and ends with tables equal to an
 * uninterrupted sweep run with {@code --parallel 2}; the sweep directory answers {@code popdyn query}; a held lock
 * is refused and a stale one taken over; a run of another config is refused naming the keys, and moved aside with
 * {@code --force}; a failing run gives exit 3 and is recorded; bad grids are rejected before anything is written.
 */
class SweepTest {
    @TempDir
    static Path tmp;
    static Path sweepConf;

    static final String BASE = """
            base {
              population = 16
              generations = 2
              model { name = quadratic, dim = 2 }
              fast { steps = 5, lr = 0.05, temperature = 0.1 }
              hyper { reg { lo = 0, hi = 3 } }
              selection { rule = truncation, fraction = 0.25 }
              execution { partitions = 2, theta-every = 1 }
            }
            """;

    static Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @BeforeAll
    static void conf() throws Exception {
        SparkTestSession.get();
        sweepConf = write("sweep.conf", BASE + """
                grid { "selection.fraction" = [0.5] }
                seeds = [1, 2, 3]
                """);
    }

    static final List<String> KEYS = List.of("selection.fraction=0.5,seed=1", "selection.fraction=0.5,seed=2",
            "selection.fraction=0.5,seed=3");

    @Test
    void killedSweepRestartsSkippingFinishedRunsAndEqualsAnUninterruptedParallelSweep() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path full = tmp.resolve("full");
        Result f = cli("sweep", sweepConf.toString(), "--out", full.toString(), "--parallel", "2");
        assertThat(f.code()).as(f.out() + f.err()).isZero();
        assertThat(f.out()).contains("[selection.fraction=0.5,seed=3] gen 2/2").contains("3 done, 0 failed");

        Path cut = tmp.resolve("cut");
        Result killed = cli("sweep", sweepConf.toString(), "--out", cut.toString(), "--fail-after-runs", "1");
        assertThat(killed.code()).as(killed.out() + killed.err()).isEqualTo(1);
        assertThat(Runner.committed(StoragePath.local(cut.resolve("runs").resolve(KEYS.get(0))))).containsExactly(1, 2);
        assertThat(Runner.committed(StoragePath.local(cut.resolve("runs").resolve(KEYS.get(1))))).containsExactly(1);
        assertThat(cut.resolve("runs").resolve(KEYS.get(2))).doesNotExist();
        assertThat(statuses(spark, cut)).containsExactly("done", "pending", "pending");
        // A real kill leaves the lock of a dead process behind.
        Files.writeString(cut.resolve(".lock"), "{\"pid\":" + deadPid() + ",\"host\":\"" + RunLock.hostName()
                + "\",\"started_at\":\"2020-01-01T00:00:00Z\"}");
        Map<Path, FileTime> before = mtimes(cut.resolve("runs").resolve(KEYS.get(0)));

        Result again = cli("sweep", sweepConf.toString(), "--out", cut.toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.err()).contains("stale lock");
        assertThat(again.out()).contains("(1 already done)").doesNotContain("[" + KEYS.get(0) + "]")
                .contains("[" + KEYS.get(1) + "] resume").contains("after generation 1/2");
        assertThat(mtimes(cut.resolve("runs").resolve(KEYS.get(0)))).isEqualTo(before);
        assertThat(cut.resolve(".lock")).doesNotExist();

        for (String key : KEYS) {
            for (String t : List.of("agents", "lineage")) {
                assertThat(rows(spark, cut, key, t, List.of())).as(key + " " + t)
                        .isEqualTo(rows(spark, full, key, t, List.of()));
            }
            List<String> timing = List.of("ms_fast", "ms_slow", "ms_write");
            assertThat(rows(spark, cut, key, "summary", timing)).isEqualTo(rows(spark, full, key, "summary", timing));
        }
        assertThat(runsTable(spark, cut)).isEqualTo(runsTable(spark, full));
        assertThat(statuses(spark, cut)).containsOnly("done");

        Result q = cli("query", "--csv", cut.toString(), "select r.run, r.selection_fraction, r.seed, "
                + "r.generations_committed, count(*) as n from runs r join agents a on a.run = r.run "
                + "group by r.run, r.selection_fraction, r.seed, r.generations_committed order by r.run");
        assertThat(q.code()).as(q.err()).isZero();
        assertThat(q.out()).contains("\"selection.fraction=0.5,seed=1\",0.5,1,2,32")
                .contains("\"selection.fraction=0.5,seed=3\",0.5,3,2,32");
        Result s = cli("query", "--csv", cut.toString(), "select count(distinct run) from summary where "
                + "generation = 2 and fitness_max is not null");
        assertThat(s.out()).contains("\n3");
    }

    @Test
    void aSecondSweepOnTheSameDirectoryIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
        Path dir = tmp.resolve("locked");
        Files.createDirectories(dir);
        String lock = "{\"pid\":" + ProcessHandle.current().pid() + ",\"host\":\"" + RunLock.hostName()
                + "\",\"started_at\":\"2030-01-01T00:00:00Z\"}";
        Files.writeString(dir.resolve(".lock"), lock);
        Result r = cli("sweep", sweepConf.toString(), "--out", dir.toString());
        assertRejected(r, "popdyn ? (pid " + ProcessHandle.current().pid());
        assertThat(Files.readString(dir.resolve(".lock"))).isEqualTo(lock);
        assertThat(dir.resolve("runs")).doesNotExist();
        Files.writeString(dir.resolve(".lock"), "{\"pid\":1,\"host\":\"elsewhere.example\"}");
        assertRejected(cli("sweep", sweepConf.toString(), "--out", dir.toString()), "(pid 1 on "
                + "elsewhere.example");
    }

    @Test
    void aRunOfAnotherConfigIsRefusedNamingTheKeysAndForceMovesItAside() throws Exception {
        Path one = write("one.conf", BASE.replace("generations = 2", "generations = 1") + "seeds = [7]\n");
        Path dir = tmp.resolve("changed");
        assertThat(cli("sweep", one.toString(), "--out", dir.toString()).code()).isZero();
        Path run = dir.resolve("runs/seed=7");
        FileTime t = Files.getLastModifiedTime(run.resolve("run.json"));

        Path changed = write("changed.conf", BASE.replace("generations = 2", "generations = 1")
                .replace("lr = 0.05", "lr = 0.07") + "seeds = [7]\n");
        Result r = cli("sweep", changed.toString(), "--out", dir.toString());
        assertRejected(r, "holds a run of a different config (differs in fast.lr)");
        assertThat(r.err()).contains("--force");
        assertThat(Files.getLastModifiedTime(run.resolve("run.json"))).isEqualTo(t);
        assertThat(dir.resolve(".lock")).doesNotExist();

        Result forced = cli("sweep", changed.toString(), "--out", dir.toString(), "--force");
        assertThat(forced.code()).as(forced.out() + forced.err()).isZero();
        assertThat(forced.err()).contains("moved to");
        List<Path> old;
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            old = s.filter(p -> p.getFileName().toString().startsWith("seed=7.old-")).toList();
        }
        assertThat(old).hasSize(1);
        assertThat(Files.readString(old.get(0).resolve("run.json"))).contains("\"fast.lr\" : \"0.05\"");
        assertThat(Files.readString(run.resolve("run.json"))).contains("\"fast.lr\" : \"0.07\"");
        assertThat(Runner.committed(StoragePath.local(run))).containsExactly(1);
    }

    @Test
    void aFailingRunIsRecordedAndTheOthersComplete() throws Exception {
        Path two = write("two.conf", BASE.replace("generations = 2", "generations = 1") + "seeds = [1, 2]\n");
        Path dir = tmp.resolve("failing");
        Result r = cli("sweep", two.toString(), "--out", dir.toString(), "--fail-runs", "seed=1$");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("[seed=1] failed: IllegalStateException: test hook");
        List<Row> rows = SparkTestSession.get().read().parquet(dir.resolve("runs.parquet").toString())
                .orderBy("seed").collectAsList();
        assertThat(rows.get(0).<String>getAs("status")).isEqualTo("failed");
        assertThat(rows.get(0).<String>getAs("error")).contains("fails on purpose");
        assertThat(rows.get(1).<String>getAs("status")).isEqualTo("done");
        assertThat(rows.get(1).<Integer>getAs("generations_committed")).isEqualTo(1);
        assertThat(rows.get(1).<Double>getAs("best_fitness")).isNotNull();
        Result again = cli("sweep", two.toString(), "--out", dir.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("(1 already done)");
    }

    @Test
    void badGridsAreRejectedBeforeAnythingIsWritten() throws Exception {
        Path empty = write("empty.conf", BASE + "grid { \"selection.fraction\" = [0.25], \"fast.lr\" = [] }\n");
        Path dir = tmp.resolve("never");
        assertRejected(cli("sweep", empty.toString(), "--out", dir.toString()), "grid.fast.lr: empty axis");
        Path bad = write("bad.conf", BASE + "grid { \"selection.fraction\" = [0.25, 0.7] }\nseeds = [1]\n");
        assertRejected(cli("sweep", bad.toString(), "--out", dir.toString()),
                "grid point 'selection.fraction=0.7,seed=1': selection.fraction: value 0.7 is out of range");
        assertThat(dir).doesNotExist();
    }

    private static void assertRejected(Result r, String mentions) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(mentions);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static List<String> statuses(SparkSession spark, Path dir) {
        return spark.read().parquet(dir.resolve("runs.parquet").toString()).select("status").collectAsList()
                .stream().map(r -> r.getString(0)).toList();
    }

    private static List<Row> runsTable(SparkSession spark, Path dir) {
        return spark.read().parquet(dir.resolve("runs.parquet").toString()).drop("wall_seconds").collectAsList();
    }

    private static List<Row> rows(SparkSession spark, Path sweep, String key, String table, List<String> drop) {
        return spark.read().parquet(sweep.resolve("runs").resolve(key).resolve(table).toString())
                .drop(drop.toArray(new String[0])).orderBy("generation").collectAsList().stream()
                .sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
    }

    private static Map<Path, FileTime> mtimes(Path dir) throws Exception {
        Map<Path, FileTime> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(p, Files.getLastModifiedTime(p));
            }
        }
        return m;
    }
}
