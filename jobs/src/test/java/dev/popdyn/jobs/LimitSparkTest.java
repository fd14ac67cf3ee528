package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.params.ExperimentParams;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel fitness estimator and the W1 to the mean-field reference on Spark: bit-identical for 1 and 4 partitions
 * (2-D case; 3 partitions only in the 1-D case, to keep the suite short) and to the single-JVM engine (agents' fitness and every summary column, w1_reference included), in 2-D (kernel,
 * sliced W1, reference forced on) and in 1-D with more than one rank block (effective fitness, reference auto).
 */
class LimitSparkTest {
    @TempDir
    Path tmp;

    static ExperimentParams kernel2D() {
        return ExperimentParams.parse("""
                seed = 3
                population = 300
                generations = 2
                model { name = quadratic, dim = 3 }
                fast { steps = 5, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 }, lr { lo = 0.001, hi = 0.1, scale = log } }
                fitness { estimator = kernel, bandwidth = 0.15 }
                selection { rule = boltzmann, alpha = 3.0, rate = 1 }
                mutation { sigma = 0.1, mode = all }
                reference { enabled = true, cells = 30 }
                """);
    }

    static ExperimentParams effective1D() {
        return ExperimentParams.parse("""
                seed = 5
                population = 9000
                generations = 1
                algorithm = reduced
                model { name = quadratic, dim = 2 }
                fast { temperature = 0.1 }
                hyper { reg { lo = 0.01, hi = 3, scale = log, init = "normal(0, 0.3)" } }
                fitness { estimator = effective }
                selection { rule = boltzmann, alpha = 10, rate = 1 }
                mutation { sigma = 0.05, mode = all }
                """);
    }

    @Test
    void kernelAndSlicedW1MatchCoreForAnyPartitioning() {
        check(kernel2D(), true);
    }

    @Test
    void exactW1With3RankBlocksMatchesCore() {
        check(effective1D(), false);
    }

    private void check(ExperimentParams p, boolean compareAgents) {
        SparkSession spark = SparkTestSession.get();
        Path d1 = SparkEquivalenceTest.run(spark, p, tmp.resolve("p1"), compareAgents ? 1 : 3);
        Path d4 = d1;
        if (compareAgents) {
            d4 = SparkEquivalenceTest.run(spark, p, tmp.resolve("p4"), 4);
            List<Row> s1 = spark.read().parquet(d1.resolve("summary").toString()).orderBy("generation")
                    .drop("ms_fast", "ms_slow", "ms_write").collectAsList();
            assertThat(spark.read().parquet(d4.resolve("summary").toString()).orderBy("generation")
                    .drop("ms_fast", "ms_slow", "ms_write").collectAsList()).isEqualTo(s1);
        }
        try (Population pop = new Population(p, 2)) {
            for (GenerationResult r : pop.run()) {
                int g = r.generation();
                Row summary = spark.read().parquet(d4.resolve("summary/generation=" + g).toString()).first();
                for (String c : r.summary().names()) {
                    if (!c.startsWith("ms_")) {
                        assertThat((Double) summary.getDouble(summary.fieldIndex(c))).as("g" + g + " " + c)
                                .isEqualTo((Double) r.summary().get(c));
                    }
                }
                assertThat(r.summary().get("w1_reference")).isFinite().isPositive();
                if (compareAgents) {
                    List<Row> agents = spark.read().parquet(d1.resolve("agents/generation=" + g).toString())
                            .orderBy("agent_id").collectAsList();
                    AgentBatch ev = r.evaluated();
                    int differ = 0;
                    for (int i = 0; i < ev.n; i++) {
                        Row a = agents.get(i);
                        assertThat((Double) a.getDouble(a.fieldIndex("fitness"))).isEqualTo((Double) ev.fitness[i]);
                        if (ev.fitness[i] != ev.fitnessInstant[i]) {
                            differ++;
                        }
                    }
                    assertThat(differ).isGreaterThan(ev.n / 2);
                }
            }
        }
    }
}
