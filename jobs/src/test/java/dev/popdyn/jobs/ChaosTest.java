package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos (issue 21.8; tag {@code cluster}, run by {@code .ci/run}): a run in a child JVM is killed with SIGKILL
 * {@value #KILLS} times at seeded random moments spread over its whole life, resumed after each kill, and finally
 * resumed to the end; every table (agents, lineage, summary without its wall-time columns) must then be
 * bit-identical to an undisturbed run of the same config, and no lock may be left behind.
 *
 * <p>The moments are chosen from the observed progress, not from the clock, so that they cannot all fall into the
 * JVM's and Spark's start-up: kill i waits until generation k<sub>i</sub> has committed ({@code _committed/k}),
 * k<sub>i</sub> random around the i-th of {@value #KILLS} evenly spaced points of the run (and after what the
 * previous attempt committed), then kills in one of three ways, in a seeded random order:
 * <ul>
 * <li>{@code after-commit}: a random delay of 0 to {@value #MAX_DELAY_MS} ms after the commit (anywhere in the
 * next generation: its fast phase, selection, or its own commit);</li>
 * <li>{@code staging}: as soon as generation k + 1's tables appear under {@code _staging/}, plus 0 to 60 ms (while
 * its Parquet parts or the summary are written);</li>
 * <li>{@code publish}: inside the commit of generation k + 1, after its tables are staged and before they are moved
 * into place (the child holds there: {@link RunDirectory#PAUSE_BEFORE_PUBLISH}).</li>
 * </ul>
 * Every kill is logged with the generations committed when it struck, and at least 3 must have struck after
 * generation 2 committed. Checkpoints every 3 generations make most resumes re-run generations without writing
 * them. About 2 minutes on an idle 2-core machine.
 */
@Tag("cluster")
class ChaosTest {
    static final int KILLS = 6;
    static final int GENERATIONS = 12;
    static final int POPULATION = 600;
    /** Longest random delay of an {@code after-commit} kill. */
    static final long MAX_DELAY_MS = 1500;
    /** Seed of the kill plan. */
    static final long SEED = 20261129L;
    private static final String[] MODES = {"after-commit", "staging", "publish"};

    @TempDir
    Path tmp;

    @Test
    void aRunKilledAtSixMomentsSpreadOverItsLifeAndResumedEqualsAnUndisturbedRun() throws Exception {
        Path conf = Files.writeString(tmp.resolve("chaos.conf"), """
                seed = 31
                population = %d
                generations = %d
                model { name = quadratic, dim = 8 }
                fast { steps = 30, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { partitions = 3, theta-every = 2, checkpoint-every = 3, engine = spark }
                """.formatted(POPULATION, GENERATIONS));
        Path reference = tmp.resolve("reference");
        CliRun.Result ref = CliRun.cli("run", conf.toString(), "--out", reference.toString());
        assertThat(ref.code()).as(ref.err()).isZero();

        Path out = tmp.resolve("chaos");
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<String> modes = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            modes.add(MODES[i % MODES.length]);
        }
        java.util.Collections.shuffle(modes, new java.util.Random(rnd.nextLong()));
        List<String> log = new ArrayList<>();
        int lateKills = 0;
        for (int i = 0; i < KILLS; i++) {
            int done = committed(out);
            int planned = 1 + (int) Math.round(i * (GENERATIONS - 3.0) / (KILLS - 1)) + rnd.nextInt(2);
            int k = Math.max(done, Math.min(GENERATIONS - 2, Math.max(done + 1, planned)));
            String mode = modes.get(i);
            long delayMs = mode.equals("after-commit") ? rnd.nextLong(MAX_DELAY_MS + 1)
                    : mode.equals("staging") ? rnd.nextLong(61) : 0;
            Path childLog = tmp.resolve("attempt-" + i + ".log");
            List<String> props = mode.equals("publish")
                    ? List.of("-D" + RunDirectory.PAUSE_BEFORE_PUBLISH + "=" + (k + 1)) : List.of();
            Process p = start(conf, out, childLog, props).start();
            try {
                boolean reached = Subprocesses.await(() -> !p.isAlive() || reached(out, mode, k, childLog), 20, 300);
                assertThat(reached && p.isAlive()).as("attempt " + i + " (" + mode + ", k = " + k + ") ended "
                        + "before its moment:\n" + Subprocesses.tail(childLog)).isTrue();
                if (delayMs > 0) {
                    p.waitFor(delayMs, TimeUnit.MILLISECONDS);
                }
                assertThat(p.isAlive()).as("attempt " + i + " ended during its delay").isTrue();
                p.destroyForcibly();
                p.waitFor();
            } finally {
                p.destroyForcibly().waitFor();
            }
            int atKill = committed(out);
            boolean staged = Files.isDirectory(out.resolve(RunDirectory.STAGING).resolve(Integer.toString(atKill + 1)));
            String moment = String.format(Locale.ROOT, "kill %d: %s, k = %d, +%d ms -> %d committed%s", i + 1, mode,
                    k, delayMs, atKill, staged ? ", generation " + (atKill + 1) + " staged" : "");
            System.out.println("chaos " + moment);
            log.add(moment);
            lateKills += atKill >= 2 ? 1 : 0;
        }
        assertThat(log).hasSize(KILLS);
        assertThat(lateKills).as("kills after generation 2 committed: " + log).isGreaterThanOrEqualTo(3);
        assertThat(committed(out)).as("the kills left generations to resume: " + log).isLessThan(GENERATIONS);
        Path finalLog = tmp.resolve("final.log");
        assertThat(Subprocesses.waitFor(start(conf, out, finalLog, List.of()).start(), 600, finalLog))
                .as(Subprocesses.tail(finalLog)).isZero();
        assertThat(Runner.committed(StoragePath.local(out))).hasSize(GENERATIONS);
        assertThat(out.resolve(RunLock.FILE)).as("lock released").doesNotExist();
        SparkSession spark = SparkTestSession.get();
        for (String t : List.of("agents", "lineage", "summary")) {
            assertThat(Subprocesses.table(spark, out, t)).as(t + " after " + log)
                    .hasSize(t.equals("summary") ? GENERATIONS : GENERATIONS * POPULATION)
                    .isEqualTo(Subprocesses.table(spark, reference, t));
        }
    }

    /** Generations committed in {@code out} (0 before run.json exists). */
    private static int committed(Path out) {
        return Files.exists(out.resolve(RunDirectory.RUN_JSON)) ? Runner.committed(StoragePath.local(out)).size() : 0;
    }

    /** Whether the moment of a kill in {@code mode} after generation {@code k} has come. */
    private static boolean reached(Path out, String mode, int k, Path childLog) {
        return switch (mode) {
            case "after-commit" -> committed(out) >= k;
            case "staging" -> committed(out) >= k && stagedAfter(out, k);
            default -> contains(childLog, "generation " + (k + 1) + " staged, pausing");
        };
    }

    /** Whether a generation after {@code k} has tables under {@code _staging/} (being written or published). */
    private static boolean stagedAfter(Path out, int k) {
        try (java.util.stream.Stream<Path> s = Files.list(out.resolve(RunDirectory.STAGING))) {
            return s.anyMatch(d -> d.getFileName().toString().matches("\\d+")
                    && Integer.parseInt(d.getFileName().toString()) > k);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code run} while the directory holds no run.json (killed before it was written), else {@code resume}. */
    private static ProcessBuilder start(Path conf, Path out, Path log, List<String> props) {
        if (Files.exists(out.resolve(RunDirectory.RUN_JSON))) {
            return Subprocesses.popdyn(log, props, "resume", out.toString(), "--config", conf.toString(),
                    "--master", "local[2]");
        }
        return Subprocesses.popdyn(log, props, "run", conf.toString(), "--out", out.toString(), "--master",
                "local[2]");
    }
}
