package dev.popdyn.jobs;

import dev.popdyn.jobs.snapshot.StoragePath;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.run.Runner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One small run (N = 64, 5 generations, hyperparameters reg (linear) and lr (log)) produced once per test JVM in the
 * shared session and shared by the report and notebook tests; deleted at JVM exit. Thread-safe (synchronized).
 */
public final class ReportTestRuns {
    public static final int POPULATION = 64;
    public static final int GENERATIONS = 5;
    private static Path small;

    private ReportTestRuns() {
    }

    /** The experiment of the shared small run (no execution section: the same experiment on any engine). */
    public static final String CONFIG = """
            seed = 3
            population = %d
            generations = %d
            model { name = quadratic, dim = 3, center = 1.0, target = 0.5 }
            fast { steps = 10, lr = 0.05, temperature = 0.1 }
            hyper {
              reg { lo = 0, hi = 3, init = "uniform(2, 3)" }
              lr { lo = 0.005, hi = 0.2, scale = log }
            }
            fitness { estimator = window, window = 2 }
            selection { rule = truncation, fraction = 0.25 }
            mutation { sigma = 0.1 }
            """.formatted(POPULATION, GENERATIONS);

    public static ExperimentParams params() {
        return ExperimentParams.parse(CONFIG);
    }

    /** The shared small run directory. */
    public static synchronized Path small() {
        if (small == null) {
            try {
                Path root = Files.createTempDirectory("popdyn-report-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
                Path dir = root.resolve("small-run");
                new Runner(SparkTestSession.get(), new PrintStream(new ByteArrayOutputStream())).run(params(),
                        new ExecutionParams(2, 0, 2, "unused"), StoragePath.local(dir));
                small = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return small;
    }

    /** Copies a directory tree (a run) to {@code target}. */
    public static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static void delete(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
