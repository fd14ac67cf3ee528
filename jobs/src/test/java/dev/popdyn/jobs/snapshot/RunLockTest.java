package dev.popdyn.jobs.snapshot;

import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.popdyn.jobs.CliRun.Result;
import dev.popdyn.jobs.SparkTestSession;
import dev.popdyn.jobs.UserError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's lock of a run directory ({@link RunLock}) on the local file system and on HDFS (an in-process
 * {@link MiniHdfs}): of concurrent writers exactly one gets it, a second {@code run} or {@code resume} is one
 * {@code error:} line naming the owner and changes nothing, a lock whose owner is provably gone (same host, pid dead
 * or reused) is taken over with a warning, and one of another host never is.
 */
class RunLockTest {
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
                seed = 5
                population = 24
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

    private static void assertRejected(Result r, String... mentions) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(mentions);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }

    private static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Eight threads race for one directory's lock; returns how many got it. */
    private static int race(StoragePath dir) throws Exception {
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch tried = new CountDownLatch(n);
        List<Future<Boolean>> got = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                got.add(pool.submit(() -> {
                    start.await();
                    RunLock lock = null;
                    try {
                        lock = RunLock.acquire(dir, "run", sink());
                    } catch (UserError e) {
                        assertThat(e.getMessage()).contains("is writing to it", "pid "
                                + ProcessHandle.current().pid());
                    } finally {
                        tried.countDown();
                    }
                    if (lock == null) {
                        return false;
                    }
                    tried.await(60, TimeUnit.SECONDS);
                    lock.close();
                    return true;
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : got) {
                winners += f.get(120, TimeUnit.SECONDS) ? 1 : 0;
            }
            return winners;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ofConcurrentWritersExactlyOneGetsTheLockOnLocalDiskAndOnHdfs() throws Exception {
        StoragePath local = StoragePath.local(tmp.resolve("race"));
        StoragePath onHdfs = StoragePath.of("--out", hdfs.uri() + "/race");
        for (int round = 0; round < 3; round++) {
            assertThat(race(local)).as("local round " + round).isEqualTo(1);
            assertThat(race(onHdfs)).as("hdfs round " + round).isEqualTo(1);
        }
        assertThat(local.resolve(RunLock.FILE).exists()).isFalse();
        assertThat(onHdfs.resolve(RunLock.FILE).exists()).isFalse();
    }

    @Test
    void aSecondRunOrResumeIsRefusedNamingTheOwnerAndChangesNothing() throws Exception {
        for (String base : List.of(tmp.resolve("held").toUri().toString(), hdfs.uri() + "/held")) {
            String run = base + "/run";
            Result first = cli("run", conf.toString(), "--out", run, "--until", "1");
            assertThat(first.code()).as(first.err()).isZero();
            StoragePath dir = StoragePath.of("--out", run);
            assertThat(dir.resolve(RunLock.FILE).exists()).as("released after the run").isFalse();
            long pid = ProcessHandle.current().pid();
            try (RunLock held = RunLock.acquire(dir, "run", sink())) {
                String before = dir.resolve(RunLock.FILE).readString();
                assertRejected(cli("resume", run), "is writing to it", "popdyn run (pid " + pid + " on "
                        + RunLock.hostName());
                StoragePath fresh = StoragePath.of("--out", base + "/fresh");
                try (RunLock other = RunLock.acquire(fresh, "sweep", sink())) {
                    assertRejected(cli("run", conf.toString(), "--out", base + "/fresh"),
                            "popdyn sweep (pid " + pid);
                    assertThat(fresh.children()).extracting(StoragePath::name).containsExactly(RunLock.FILE);
                }
                assertThat(dir.resolve(RunLock.FILE).readString()).isEqualTo(before);
                assertThat(new RunDirectory(dir).committedGenerations()).containsExactly(1);
            }
            Result resumed = cli("resume", run);
            assertThat(resumed.code()).as(resumed.err()).isZero();
            assertThat(new RunDirectory(dir).committedGenerations()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aLockWhoseOwnerIsProvablyGoneIsTakenOverAndOneOfAnotherHostIsNot() throws Exception {
        Path run = tmp.resolve("stale");
        assertThat(cli("run", conf.toString(), "--out", run.toString(), "--until", "1").code()).isZero();
        Path lock = run.resolve(RunLock.FILE);

        Files.writeString(lock, owner("elsewhere.example", 1, "2020-01-01T00:00:00Z"));
        assertRejected(cli("resume", run.toString(), "--until", "2"), "popdyn run (pid 1 on elsewhere.example",
                "delete the lock if that process is gone");
        assertThat(Files.readString(lock)).contains("elsewhere.example");

        Files.writeString(lock, owner(RunLock.hostName(), deadPid(), "2020-01-01T00:00:00Z"));
        Result dead = cli("resume", run.toString(), "--until", "2");
        assertThat(dead.code()).as(dead.err()).isZero();
        assertThat(dead.err()).contains("warning: ", "stale lock of popdyn run");
        assertThat(lock).doesNotExist();

        // This test's own pid, but the lock predates the process: the pid was reused, the owner is gone.
        Files.writeString(lock, owner(RunLock.hostName(), ProcessHandle.current().pid(), "2000-01-01T00:00:00Z"));
        Result reused = cli("resume", run.toString());
        assertThat(reused.code()).as(reused.err()).isZero();
        assertThat(reused.err()).contains("stale lock");
        assertThat(lock).doesNotExist();
        assertThat(new RunDirectory(StoragePath.local(run)).committedGenerations()).containsExactly(1, 2, 3);
    }

    @Test
    void aLiveOwnerOnThisHostIsNeverTakenOver() {
        StoragePath dir = StoragePath.local(tmp.resolve("live"));
        try (RunLock held = RunLock.acquire(dir, "resume", sink())) {
            assertThatThrownBy(() -> RunLock.acquire(dir, "run", sink())).isInstanceOf(UserError.class)
                    .hasMessageContaining("popdyn resume (pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("wait for it to end");
        }
        assertThat(dir.resolve(RunLock.FILE).exists()).isFalse();
    }

    private static String owner(String host, long pid, String since) {
        return "{\"command\":\"run\",\"pid\":" + pid + ",\"host\":\"" + host + "\",\"started_at\":\"" + since + "\"}";
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
