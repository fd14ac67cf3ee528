package dev.popdyn.jobs;

import dev.popdyn.jobs.snapshot.StoragePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.select.NoSelection;
import dev.popdyn.core.select.Selections;
import dev.popdyn.jobs.run.Runner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Spark job gives bit-identical tables for 1, 4 and 16 partitions, and the same population, lineage and
 * summaries as the single-JVM {@link Population} engine, for every selection rule of the registry.
 */
class SparkEquivalenceTest {
    @TempDir
    Path tmp;

    static ExperimentParams params(String rule) {
        return ExperimentParams.parse("""
                seed = 7
                population = 300
                generations = 3
                model { name = quadratic, dim = 3 }
                fast { steps = 5, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 }, lr { lo = 0.001, hi = 0.1, scale = log } }
                fitness { estimator = window, window = 3 }
                selection { rule = %s, fraction = 0.25, alpha = 2.0, rate = 0.5, size = 2, window = 3, pvalue = 0.5 }
                mutation { sigma = 0.2, resample = 0.05 }
                """.formatted(rule));
    }

    static Path run(SparkSession spark, ExperimentParams p, Path dir, int partitions) {
        new Runner(spark, new PrintStream(new ByteArrayOutputStream())).run(p,
                new ExecutionParams(partitions, 0, 2, "unused", "spark"), StoragePath.local(dir));
        return dir;
    }

    static Path run(SparkSession spark, ExperimentParams p, Path dir, ExecutionParams exec) {
        new Runner(spark, new PrintStream(new ByteArrayOutputStream())).run(p, exec, StoragePath.local(dir));
        return dir;
    }

    static List<Row> table(SparkSession spark, Path dir, String table, String order) {
        return spark.read().parquet(dir.resolve(table).toString()).orderBy("generation", order).collectAsList();
    }

    /** Every registered selection rule, so a new rule is covered without editing this test. */
    static List<String> rules() {
        return Selections.registry().names();
    }

    @ParameterizedTest
    @MethodSource("rules")
    void partitionsDoNotChangeResultsAndMatchCoreEngine(String rule) {
        SparkSession spark = SparkTestSession.get();
        ExperimentParams p = params(rule);
        Path d1 = run(spark, p, tmp.resolve("p1"), 1);
        Path d4 = run(spark, p, tmp.resolve("p4"), 4);
        Path d16 = run(spark, p, tmp.resolve("p16"), 16);
        for (String[] t : new String[][]{{"agents", "agent_id"}, {"lineage", "agent_id"}}) {
            List<Row> a = table(spark, d1, t[0], t[1]);
            assertThat(table(spark, d4, t[0], t[1])).isEqualTo(a);
            assertThat(table(spark, d16, t[0], t[1])).isEqualTo(a);
        }
        List<Row> s1 = spark.read().parquet(d1.resolve("summary").toString()).orderBy("generation")
                .drop("ms_fast", "ms_slow", "ms_write").collectAsList();
        assertThat(spark.read().parquet(d16.resolve("summary").toString()).orderBy("generation")
                .drop("ms_fast", "ms_slow", "ms_write").collectAsList()).isEqualTo(s1);

        try (Population pop = new Population(p, 2)) {
            List<GenerationResult> core = pop.run();
            assertThat(core).hasSize(3);
            long exploitedSomewhere = 0;
            for (GenerationResult r : core) {
                int g = r.generation();
                List<Row> agents = spark.read().parquet(d4.resolve("agents/generation=" + g).toString())
                        .orderBy("agent_id").collectAsList();
                List<Row> lineage = spark.read().parquet(d4.resolve("lineage/generation=" + g).toString())
                        .orderBy("agent_id").collectAsList();
                Row summary = spark.read().parquet(d4.resolve("summary/generation=" + g).toString()).first();
                AgentBatch ev = r.evaluated();
                for (int i = 0; i < ev.n; i++) {
                    Row a = agents.get(i);
                    assertThat(a.getLong(a.fieldIndex("agent_id"))).isEqualTo(ev.ids[i]);
                    assertThat((Double) a.getDouble(a.fieldIndex("fitness"))).isEqualTo((Double) ev.fitness[i]);
                    Row hyper = a.getStruct(a.fieldIndex("hyper"));
                    assertThat(hyper.getDouble(hyper.fieldIndex("lr"))).isEqualTo(ev.hyper[i * 2]);
                    assertThat(hyper.getDouble(hyper.fieldIndex("reg"))).isEqualTo(ev.hyper[i * 2 + 1]);
                    if (g % 2 == 0 || g == 3) {
                        List<Double> theta = a.getList(a.fieldIndex("theta"));
                        for (int k = 0; k < ev.d; k++) {
                            assertThat(theta.get(k)).isEqualTo(ev.theta[i * ev.d + k]);
                        }
                    }
                    Row l = lineage.get(i);
                    long donor = r.lineage().donorId[i];
                    if (donor < 0) {
                        assertThat(l.isNullAt(l.fieldIndex("donor_id"))).isTrue();
                    } else {
                        exploitedSomewhere++;
                        assertThat(l.getLong(l.fieldIndex("donor_id"))).isEqualTo(donor);
                    }
                    Row after = l.getStruct(l.fieldIndex("hyper_after"));
                    assertThat(after.getDouble(after.fieldIndex("reg"))).isEqualTo(r.next().hyper[i * 2 + 1]);
                    assertThat(l.getString(l.fieldIndex("event")))
                            .isEqualTo(dev.popdyn.core.engine.Lineage.eventName(r.lineage().event[i]));
                }
                for (String c : r.summary().names()) {
                    if (!c.startsWith("ms_")) {
                        assertThat((Double) summary.getDouble(summary.fieldIndex(c))).as(rule + " g" + g + " " + c)
                                .isEqualTo((Double) r.summary().get(c));
                    }
                }
            }
            assertThat(exploitedSomewhere > 0).as("some agent exploited a donor")
                    .isEqualTo(!(p.selection() instanceof NoSelection));
        }
    }

    /**
     * The in-process engine (execution.engine = local) writes the Spark engine's run directory row for row: agents,
     * lineage, the last state checkpoint and the summaries (timings aside), for every selection rule.
     */
    @ParameterizedTest
    @MethodSource("rules")
    void localEngineWritesTheSparkEnginesTables(String rule) {
        SparkSession spark = SparkTestSession.get();
        ExperimentParams p = params(rule);
        Path spark4 = run(spark, p, tmp.resolve("spark"), new ExecutionParams(4, 0, 2, "unused", "spark"));
        Path local = run(spark, p, tmp.resolve("local"), new ExecutionParams(0, 1, 2, "unused", "local"));
        for (String[] t : new String[][]{{"agents", "agent_id"}, {"lineage", "agent_id"}, {"state", "agentId"}}) {
            List<Row> expected = table(spark, spark4, t[0], t[1]);
            assertThat(expected).as(t[0]).isNotEmpty();
            assertThat(table(spark, local, t[0], t[1])).as(rule + " " + t[0]).isEqualTo(expected);
        }
        assertThat(spark.read().parquet(local.resolve("summary").toString()).orderBy("generation")
                .drop("ms_fast", "ms_slow", "ms_write").collectAsList()).as(rule + " summary")
                .isEqualTo(spark.read().parquet(spark4.resolve("summary").toString()).orderBy("generation")
                        .drop("ms_fast", "ms_slow", "ms_write").collectAsList());
    }

    /**
     * Moments are summed per canonical block of 4096 ids: with N = 9000 and 3 partitions (ranges 0–2999,
     * 3000–5999, 6000–8999) every block is cut by a partition edge, with 1 partition every block is whole; both
     * summaries equal the core engine's. The in-process engine on 2 threads writes its tables as 2 parts in
     * parallel, row for row those of the Spark engine.
     */
    @Test
    void blocksCutByPartitionEdgesGiveTheCoreSummary() {
        SparkSession spark = SparkTestSession.get();
        ExperimentParams p = ExperimentParams.parse("""
                seed = 5
                population = 9000
                generations = 2
                model { name = quadratic, dim = 2 }
                fast { steps = 2, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                selection { rule = truncation, fraction = 0.2 }
                """);
        Path d1 = run(spark, p, tmp.resolve("b1"), 1);
        Path d3 = run(spark, p, tmp.resolve("b3"), 3);
        try (Population pop = new Population(p, 2)) {
            List<GenerationResult> core = pop.run();
            for (GenerationResult r : core) {
                for (Path d : List.of(d1, d3)) {
                    Row summary = spark.read().parquet(d.resolve("summary/generation=" + r.generation()).toString())
                            .first();
                    for (String c : r.summary().names()) {
                        if (!c.startsWith("ms_")) {
                            assertThat((Double) summary.getDouble(summary.fieldIndex(c)))
                                    .as(d.getFileName() + " g" + r.generation() + " " + c)
                                    .isEqualTo((Double) r.summary().get(c));
                        }
                    }
                }
            }
        }
        Path local = run(spark, p, tmp.resolve("local2"), new ExecutionParams(0, 2, 2, "unused", "local"));
        assertThat(local.resolve("agents/generation=2/part-00001.parquet")).as("two parallel parts").exists();
        for (String[] t : new String[][]{{"agents", "agent_id"}, {"lineage", "agent_id"}, {"state", "agentId"}}) {
            assertThat(table(spark, local, t[0], t[1])).as("local, 2 write parts: " + t[0])
                    .isEqualTo(table(spark, d3, t[0], t[1]));
        }
    }
}
