package dev.popdyn.jobs;

import dev.popdyn.jobs.snapshot.StoragePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.run.Runner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver never collects O(N) rows: the bytes that tasks send back to the driver (Spark's task metric
 * {@code resultSize}, which counts every collected row and every broadcast-join side) do not grow with N: a run with
 * 100 000 agents returns about as much to the driver as one with 10 000. What does change with N is bounded: the
 * exact-quantile search may take one more histogram round (a few kB per partition), so the test allows a tenth of
 * what collecting even three numbers per agent would cost.
 */
class DriverMemoryTest {
    @TempDir
    Path tmp;

    /** Collecting just (agent_id, fitness, one λ coordinate) of every agent would cost at least this much. */
    static final double COLLECTED_BYTES_PER_AGENT = 24;

    static final class ResultBytes extends SparkListener {
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
                bytes.addAndGet(end.taskMetrics().resultSize());
            }
        }
    }

    long resultBytes(SparkSession spark, int n, String rule, Path dir) throws Exception {
        ExperimentParams p = ExperimentParams.parse("""
                seed = 5
                population = %d
                generations = 2
                model { name = quadratic, dim = 1 }
                fast { steps = 1, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                selection { rule = %s }
                """.formatted(n, rule));
        ResultBytes l = new ResultBytes();
        spark.sparkContext().listenerBus().waitUntilEmpty();
        spark.sparkContext().addSparkListener(l);
        try {
            new Runner(spark, new PrintStream(new ByteArrayOutputStream())).run(p,
                    new ExecutionParams(4, 0, 0, "unused", "spark"), StoragePath.local(dir));
            spark.sparkContext().listenerBus().waitUntilEmpty();
            return l.bytes.get();
        } finally {
            spark.sparkContext().removeSparkListener(l);
        }
    }

    @Test
    void bytesReturnedToTheDriverDoNotGrowWithPopulationSize() throws Exception {
        SparkSession spark = SparkTestSession.get();
        for (String rule : new String[]{"truncation", "boltzmann"}) {
            long small = resultBytes(spark, 10_000, rule, tmp.resolve(rule + "-small"));
            long large = resultBytes(spark, 100_000, rule, tmp.resolve(rule + "-large"));
            System.out.printf("%s: driver result bytes N=1e4 %d, N=1e5 %d%n", rule, small, large);
            double perAgentGeneration = (large - small) / (90_000.0 * 2);
            assertThat(perAgentGeneration).as(rule + ": extra driver bytes per extra agent and generation")
                    .isLessThan(0.1 * COLLECTED_BYTES_PER_AGENT);
            assertThat((double) large).as(rule).isLessThan(1.5 * small);
        }
    }
}
