package dev.popdyn.jobs;

import dev.popdyn.jobs.snapshot.StoragePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.run.Runner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents whose per-agent learning rate is far beyond the quadratic's stability limit (η(1 + ρ) &gt; 2; here the
 * categorical level η = 1000 for 200 plain gradient steps, so θ overflows to ±∞/NaN) are marked {@code diverged}
 * with fitness −∞, are all replaced at the next selection by non-diverged donors, and never poison the summary: its
 * fitness statistics stay finite and its {@code diverged} column equals the number of agents with status
 * {@code diverged}. (Unstable rates whose θ stays finite but huge are not "diverged"; see docs/errors.md.)
 */
class DivergenceTest {
    @TempDir
    Path tmp;

    static final ExperimentParams P = ExperimentParams.parse("""
            seed = 17
            population = 200
            generations = 3
            model { name = quadratic, dim = 2 }
            fast { steps = 200, lr = 0.05, temperature = 0 }
            hyper {
              lr { type = categorical, levels = [0.05, 1000] }
              reg { lo = 0, hi = 1 }
            }
            selection { rule = truncation, fraction = 0.2 }
            """);

    @Test
    void divergedAgentsAreMarkedReplacedAndKeptOutOfTheStatistics() {
        SparkSession spark = SparkTestSession.get();
        Path dir = tmp.resolve("div");
        new Runner(spark, new PrintStream(new ByteArrayOutputStream())).run(P, new ExecutionParams(2, 0, 1, "unused", "spark"),
                StoragePath.local(dir));
        RunViews.register(spark, StoragePath.local(dir));

        List<Row> perGen = spark.sql("""
                select a.generation, a.n_div, a.min_div_fitness, s.diverged, s.fitness_mean, s.fitness_std,
                       s.fitness_min, s.fitness_max, s.fitness_q05, s.fitness_q50, s.fitness_q95
                from (select generation, sum(if(status = 'diverged', 1, 0)) as n_div,
                             max(if(status = 'diverged', fitness, null)) as min_div_fitness
                      from agents group by generation) a
                join summary s on s.generation = a.generation order by a.generation""").collectAsList();
        assertThat(perGen).hasSize(3);
        assertThat(perGen.get(0).getLong(1)).as("agents diverged in generation 1").isGreaterThan(20);
        for (Row r : perGen) {
            assertThat(r.getDouble(3)).as("summary.diverged, generation %s", r.get(0)).isEqualTo(r.getLong(1));
            if (r.getLong(1) > 0) {
                assertThat(r.getDouble(2)).as("fitness of a diverged agent").isEqualTo(Double.NEGATIVE_INFINITY);
            }
            for (int k = 4; k < r.length(); k++) {
                assertThat(Double.isFinite(r.getDouble(k))).as("summary column %d of generation %s: %s", k, r.get(0),
                        r.get(k)).isTrue();
            }
        }

        long notReplaced = spark.sql("""
                select count(*) from agents a join lineage l
                  on a.generation = l.generation and a.agent_id = l.agent_id
                where a.status = 'diverged' and (l.event = 'keep' or l.donor_id is null)""").first().getLong(0);
        assertThat(notReplaced).as("diverged agents kept by selection").isZero();
        long badDonors = spark.sql("""
                select count(*) from lineage l join agents d
                  on d.generation = l.generation and d.agent_id = l.donor_id
                where d.status = 'diverged'""").first().getLong(0);
        assertThat(badDonors).as("diverged donors").isZero();
        long inherited = spark.sql("""
                select count(*) from agents a join agents b on b.generation = a.generation + 1
                  and b.agent_id = a.agent_id
                where a.status = 'diverged' and b.age > 1""").first().getLong(0);
        assertThat(inherited).as("diverged agents that survived into the next generation").isZero();
    }
}
