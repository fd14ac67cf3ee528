package dev.popdyn.jobs;

import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.popdyn.jobs.CliRun.Result;
import dev.popdyn.jobs.api.Popdyn;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every writer of a run or study directory takes its {@link RunLock}, not only {@code run}, {@code resume},
 * {@code sweep} and {@code prune} ({@code RunLockTest}): the {@code study limit}, {@code study timescales} and
 * {@code study estimators} commands, {@code replay} (it writes {@code RUN/replay-ID/}) and {@link Popdyn#run}. With
 * the lock held by another writer each is refused with one {@code error:} line (exit 2) or a {@link UserError}
 * naming that owner, and writes nothing beside the lock.
 */
class WriterLockTest {
    @TempDir
    static Path tmp;
    static Path quadratic;
    static Path twoLayer;

    private static final String QUADRATIC = """
            seed = 5
            population = 24
            generations = 3
            model { name = quadratic, dim = 2 }
            fast { steps = 2, lr = 0.05, temperature = 0.1 }
            hyper { reg { lo = 0, hi = 3 } }
            """;

    @BeforeAll
    static void setUp() throws Exception {
        quadratic = tmp.resolve("small.conf");
        Files.writeString(quadratic, QUADRATIC);
        twoLayer = tmp.resolve("two-layer.conf");
        Files.copy(Path.of("..", "conf", "examples", "timescales.conf"), twoLayer);
    }

    private static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static String owner() {
        return "popdyn run (pid " + ProcessHandle.current().pid() + " on " + RunLock.hostName();
    }

    private static void assertRefused(Result r, StoragePath dir) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("is writing to it", owner());
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(dir.children()).extracting(StoragePath::name).containsExactly(RunLock.FILE);
    }

    @Test
    void everyStudyCommandIsRefusedWhileAnotherWriterHoldsItsDirectory() {
        List<List<String>> studies = List.of(
                List.of("limit", quadratic.toString(), "--sizes", "10,20", "--seeds", "1"),
                List.of("timescales", twoLayer.toString(), "--eps", "1"),
                List.of("estimators", quadratic.toString(), "--seeds", "1,2", "--estimators", "instant"));
        for (List<String> study : studies) {
            Path out = tmp.resolve("study-" + study.get(0));
            StoragePath dir = StoragePath.local(out);
            try (RunLock held = RunLock.acquire(dir, "run", sink())) {
                String[] args = new String[study.size() + 3];
                args[0] = "study";
                for (int i = 0; i < study.size(); i++) {
                    args[i + 1] = study.get(i);
                }
                args[study.size() + 1] = "--out";
                args[study.size() + 2] = out.toString();
                assertRefused(cli(args), dir);
            }
        }
    }

    @Test
    void replayWhichWritesIntoTheRunIsRefusedWhileAnotherWriterHoldsIt() throws Exception {
        Path run = tmp.resolve("replayed");
        Result made = cli("run", quadratic.toString(), "--out", run.toString());
        assertThat(made.code()).as(made.err()).isZero();
        StoragePath dir = StoragePath.local(run);
        List<String> before = dir.children().stream().map(StoragePath::name).sorted().toList();
        try (RunLock held = RunLock.acquire(dir, "run", sink())) {
            Result r = cli("replay", run.toString());
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: ").contains("is writing to it", owner());
        }
        assertThat(dir.children().stream().map(StoragePath::name).sorted().toList()).isEqualTo(before);
        Result replayed = cli("replay", run.toString());
        assertThat(replayed.code()).as(replayed.err()).isZero();
        assertThat(dir.children()).extracting(StoragePath::name).anyMatch(n -> n.startsWith("replay-"))
                .doesNotContain(RunLock.FILE);
    }

    @Test
    void theApisRunIsRefusedWhileAnotherWriterHoldsItsDirectoryAndReleasesItsOwnLock() {
        Path out = tmp.resolve("api-run");
        StoragePath dir = StoragePath.local(out);
        try (RunLock held = RunLock.acquire(dir, "run", sink())) {
            assertThatThrownBy(() -> Popdyn.run(SparkTestSession.get(), QUADRATIC, out.toString(), sink()))
                    .isInstanceOf(UserError.class).hasMessageContaining("is writing to it")
                    .hasMessageContaining(owner());
            assertThat(dir.children()).extracting(StoragePath::name).containsExactly(RunLock.FILE);
        }
        Popdyn.run(SparkTestSession.get(), QUADRATIC, out.toString(), sink());
        assertThat(dir.resolve(RunLock.FILE).exists()).as("released after the run").isFalse();
    }
}
