package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.engine.Trajectory;
import dev.popdyn.core.params.ExperimentParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job's {@code trajectory/} table: recording leaves agents, lineage and summaries unchanged, and its rows
 * equal the single-JVM engine's {@link GenerationResult#trajectory()} bit for bit.
 */
class TrajectoryTableTest {
    @TempDir
    Path tmp;

    static final String CONF = """
            seed = 11, population = 30, generations = 2
            model { name = two-layer, dim = 6, width = 5, gradient = online, batch = 8, init-scale = 0.3 }
            fast { steps = 20, lr = 0.05 }
            hyper { eps { lo = 0.1, hi = 1, scale = log } }
            selection { rule = truncation, fraction = 0.25 }
            """;

    @Test
    void recordingChangesNothingAndSparkEqualsCore() {
        SparkSession spark = SparkTestSession.get();
        ExperimentParams off = ExperimentParams.parse(CONF);
        ExperimentParams on = ExperimentParams.parse(CONF + "trajectory.every = 7\n");
        Path dOff = SparkEquivalenceTest.run(spark, off, tmp.resolve("off"), 3);
        Path dOn = SparkEquivalenceTest.run(spark, on, tmp.resolve("on"), 4);
        assertThat(Files.exists(dOff.resolve("trajectory"))).isFalse();
        for (String[] t : new String[][]{{"agents", "agent_id"}, {"lineage", "agent_id"}}) {
            assertThat(SparkEquivalenceTest.table(spark, dOn, t[0], t[1]))
                    .isEqualTo(SparkEquivalenceTest.table(spark, dOff, t[0], t[1]));
        }
        assertThat(spark.read().parquet(dOn.resolve("summary").toString()).orderBy("generation")
                .drop("ms_fast", "ms_slow", "ms_write").collectAsList())
                .isEqualTo(spark.read().parquet(dOff.resolve("summary").toString()).orderBy("generation")
                        .drop("ms_fast", "ms_slow", "ms_write").collectAsList());

        List<Row> rows = spark.read().parquet(dOn.resolve("trajectory").toString())
                .orderBy("generation", "agent_id", "step").collectAsList();
        assertThat(rows.get(0).schema().fieldNames()).containsExactly("agent_id", "step", "risk", "mean_overlap",
                "mean_abs_overlap", "max_abs_overlap", "mean_a", "generation");
        try (Population pop = new Population(on, 2)) {
            List<Trajectory.Point> core = pop.run().stream().flatMap(r -> r.trajectory().stream()).toList();
            assertThat(rows).hasSize(core.size()).hasSize(30 * 2 * 3);
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                Trajectory.Point p = core.get(i);
                assertThat(r.getInt(r.fieldIndex("generation"))).isEqualTo(p.generation());
                assertThat(r.getLong(0)).isEqualTo(p.agentId());
                assertThat(r.getLong(1)).isEqualTo(p.step());
                double[] want = {p.risk(), p.meanOverlap(), p.meanAbsOverlap(), p.maxAbsOverlap(), p.meanA()};
                for (int j = 0; j < want.length; j++) {
                    assertThat(Double.doubleToRawLongBits(r.getDouble(2 + j)))
                            .as("row %d column %d", i, 2 + j).isEqualTo(Double.doubleToRawLongBits(want[j]));
                }
            }
        }
    }
}
