package dev.popdyn.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.SparkTestSession;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Spark jobs that compute one generation on the Spark engine (before its snapshot is written), counted by
 * {@link JobCounter} for every generation of a run, so that a change adding a job fails here (issue 18: each job
 * costs the scheduler's latency). The default config (truncation, instant fitness) and window fitness take three:
 * the pass that materialises the fast phase with moments and rank sketches, the refinement pass, and the pass that
 * selects, exploits and mutates (materialising the next state) with the offspring counts; Boltzmann adds the
 * collection of its weights' block sums.
 */
class JobCountTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"truncation, instant, 3", "truncation, window, 3", "boltzmann, instant, 4", "tournament, instant, 3",
            "ttest, window, 3", "none, instant, 3"})
    void jobsPerGenerationBeforeTheWrite(String rule, String estimator, int jobs) throws Exception {
        SparkSession spark = SparkTestSession.get();
        ExperimentParams p = ExperimentParams.parse("""
                seed = 3
                population = 6000
                generations = 3
                model { name = quadratic, dim = 2 }
                fast { steps = 2, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                fitness { estimator = %s }
                selection { rule = %s }
                """.formatted(estimator, rule));
        JobCounter counter = JobCounter.on(spark.sparkContext());
        try {
            new Runner(spark, new PrintStream(new ByteArrayOutputStream())).run(p,
                    new ExecutionParams(4, 0, 0, "unused", "spark"), StoragePath.local(tmp.resolve(rule)));
            spark.sparkContext().listenerBus().waitUntilEmpty();
            for (int g = 1; g <= 3; g++) {
                assertThat(counter.jobs(Runner.jobGroup(g), JobCounter.COMPUTE)).as("%s generation %d", rule, g)
                        .isEqualTo(jobs);
                assertThat(counter.jobs(Runner.jobGroup(g), JobCounter.WRITE)).as("%s generation %d", rule, g)
                        .isPositive();
            }
        } finally {
            counter.remove(spark.sparkContext());
        }
    }
}
