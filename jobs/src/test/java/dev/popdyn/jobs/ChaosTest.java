package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos (issue 21.8; tag {@code cluster}, run by {@code .ci/run}): a run in a child JVM is killed with SIGKILL at
 * seeded random moments — 0 to 20 s after it printed its first line, anywhere in its life, also inside a
 * commit — then started again ({@code run} while no run.json exists, else {@code resume}) and killed again, at least
 * {@value #KILLS} times, and finally resumed to the end. Every table (agents, lineage, summary without its wall-time
 * columns) must then be bit-identical to an undisturbed run of the same config, and no lock may be left behind.
 */
@Tag("cluster")
class ChaosTest {
    static final int KILLS = 6;
    static final int GENERATIONS = 8;
    static final int POPULATION = 1000;
    /** Seed of the kill moments. */
    static final long SEED = 20261129L;

    @TempDir
    Path tmp;

    @Test
    void aRunKilledAtSixRandomMomentsAndResumedEqualsAnUndisturbedRun() throws Exception {
        Path conf = Files.writeString(tmp.resolve("chaos.conf"), """
                seed = 31
                population = %d
                generations = %d
                model { name = quadratic, dim = 8 }
                fast { steps = 40, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { partitions = 3, theta-every = 2, engine = spark }
                """.formatted(POPULATION, GENERATIONS));
        Path reference = tmp.resolve("reference");
        CliRun.Result ref = CliRun.cli("run", conf.toString(), "--out", reference.toString());
        assertThat(ref.code()).as(ref.err()).isZero();

        Path out = tmp.resolve("chaos");
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<String> moments = new ArrayList<>();
        int kills = 0;
        for (int attempt = 0; kills < KILLS && attempt < 3 * KILLS; attempt++) {
            long delayMs = rnd.nextLong(0, 20_000);
            Path log = tmp.resolve("attempt-" + attempt + ".log");
            Process p = start(conf, out, log).start();
            try {
                // The moment is counted from the child's first line ("run DIR" / "resume DIR"), so that it falls
                // in the run's life and not in the JVM's and Spark's start-up.
                Subprocesses.await(() -> !p.isAlive() || startLine(log), 50, 180);
                if (p.waitFor(delayMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    assertThat(p.exitValue()).as(Subprocesses.tail(log)).isZero();
                    if (Runner.committed(StoragePath.local(out)).size() == GENERATIONS) {
                        break;
                    }
                    continue;
                }
                p.destroyForcibly();
                p.waitFor();
            } finally {
                p.destroyForcibly().waitFor();
            }
            kills++;
            moments.add(delayMs + " ms: " + (Files.exists(out.resolve("run.json"))
                    ? Runner.committed(StoragePath.local(out)).size() + " committed" : "no run.json"));
        }
        System.out.println("chaos kills (time after start: state left): " + moments);
        assertThat(kills).as("kills that hit a live run: " + moments).isGreaterThanOrEqualTo(5);
        if (!Files.exists(out.resolve("run.json"))
                || Runner.committed(StoragePath.local(out)).size() < GENERATIONS) {
            Path log = tmp.resolve("final.log");
            assertThat(Subprocesses.waitFor(start(conf, out, log).start(), 600, log)).as(Subprocesses.tail(log))
                    .isZero();
        }
        assertThat(Runner.committed(StoragePath.local(out))).hasSize(GENERATIONS);
        assertThat(out.resolve(RunLock.FILE)).as("lock released").doesNotExist();
        SparkSession spark = SparkTestSession.get();
        for (String t : List.of("agents", "lineage", "summary")) {
            assertThat(Subprocesses.table(spark, out, t)).as(t + " after " + moments)
                    .hasSize(t.equals("summary") ? GENERATIONS : GENERATIONS * POPULATION)
                    .isEqualTo(Subprocesses.table(spark, reference, t));
        }
    }

    private static boolean startLine(Path log) {
        try {
            return Files.readAllLines(log).stream().anyMatch(l -> l.startsWith("run ") || l.startsWith("resume "));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** {@code run} while the directory holds no run.json (killed before it was written), else {@code resume}. */
    private static ProcessBuilder start(Path conf, Path out, Path log) {
        if (Files.exists(out.resolve("run.json"))) {
            return Subprocesses.popdyn(log, List.of(), "resume", out.toString(), "--config", conf.toString(),
                    "--master", "local[2]");
        }
        return Subprocesses.popdyn(log, List.of(), "run", conf.toString(), "--out", out.toString(), "--master",
                "local[2]");
    }
}
