package dev.popdyn.jobs.run;

import static org.apache.spark.sql.functions.lit;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.AgentOps;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Lineage;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.snapshot.GenerationWriter;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The in-process engine ({@code execution.engine = local}, or {@code auto} for small populations,
 * {@link ExecutionParams#runsLocally}): the single-JVM reference engine {@link Population} (docs/design.md §2) runs each
 * generation on flat arrays in the driver, and the generation's rows — the same {@link AgentRow} and {@link StepRow}
 * beans the {@link SparkEngine} builds on its executors — are handed as driver-built Datasets to the same
 * {@link GenerationWriter}. Population and Spark engine are bit-identical for any partition or thread count, so the
 * run directory equals the Spark engine's row for row (the {@code ms_*} timings aside) and either engine resumes the
 * other's runs. Holds O(N) agents in the driver: meant for populations that fit there. Not thread-safe; one run per
 * instance; close it to stop the engine's threads.
 */
final class LocalEngine implements Engine<AgentBatch> {
    private static final Encoder<AgentRow> AGENT = Encoders.bean(AgentRow.class);
    private static final Encoder<StepRow> STEP = Encoders.bean(StepRow.class);

    private final SparkSession spark;
    private final ExperimentParams p;
    private final ExecutionParams exec;
    private final RunDirectory dir;
    private final Population population;
    private final GenerationWriter writer;
    /** Partitions of the written Datasets: Spark's default parallelism. */
    private final int slices;

    LocalEngine(SparkSession spark, ExperimentParams p, ExecutionParams exec, RunDirectory dir) {
        this.spark = spark;
        this.p = p;
        this.exec = exec;
        this.dir = dir;
        this.population = new Population(p, exec.threads());
        this.writer = new GenerationWriter(spark, dir, p.hyper(), p.trajectoryEvery() > 0);
        this.slices = Math.max(1, spark.sparkContext().defaultParallelism());
    }

    @Override
    public AgentBatch initial() {
        return population.initial();
    }

    /** The committed {@code state} rows of generation g, in id order, as a batch. */
    @Override
    public AgentBatch committedState(int g) {
        List<AgentRow> rows = new ArrayList<>(spark.read().parquet(dir.generationUri(RunSchema.STATE, g))
                .withColumn("trajectory", lit(null).cast("array<double>")).as(AGENT).collectAsList());
        rows.sort(Comparator.comparingLong(AgentRow::getAgentId));
        AgentBatch b = AgentOps.newBatch(p, rows.size());
        for (int k = 0; k < rows.size(); k++) {
            rows.get(k).into(b, k);
        }
        return b;
    }

    /** Runs generation g with {@link Population#step}, then writes and commits its rows. */
    @Override
    public Step<AgentBatch> step(AgentBatch start, int g) {
        GenerationResult r = population.step(start, g);
        long t0 = System.nanoTime();
        AgentBatch ev = r.evaluated();
        List<AgentRow> evaluated = new ArrayList<>(ev.n);
        List<StepRow> steps = new ArrayList<>(ev.n);
        for (int i = 0; i < ev.n; i++) {
            evaluated.add(AgentRow.of(ev, i));
            steps.add(step(r, i));
        }
        GenerationWriter.Written written = writer.write(g, spark.createDataset(rdd(evaluated), AGENT),
                spark.createDataset(rdd(steps), STEP), ev.n, exec.writesTheta(g, p.generations()),
                exec.writesCheckpoint(g, p.generations()));
        Summary timed = r.summary().with("ms_write", (System.nanoTime() - t0) / 1e6);
        written.commit(timed);
        return new Step<>(timed, r.next());
    }

    /** Runs generation g with {@link Population#step}; writes nothing. */
    @Override
    public AgentBatch recompute(AgentBatch start, int g) {
        return population.step(start, g).next();
    }

    /**
     * Driver rows as an RDD of {@link #slices} partitions: a Dataset over an RDD keeps the rows out of the query plan
     * (a Dataset built from a list is a local relation that Catalyst's rules copy and compare whole, which made a
     * generation's writes take seconds at N = 10⁴).
     */
    private <T> org.apache.spark.rdd.RDD<T> rdd(List<T> rows) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices).rdd();
    }

    /**
     * Agent i's step row: its next-generation state ({@code r.next()}) and lineage event, as {@link ExploitFunction}
     * builds it on Spark (fitness and instant fitness stay the evaluated ones).
     */
    private static StepRow step(GenerationResult r, int i) {
        AgentRow next = AgentRow.of(r.next(), i);
        Lineage lin = r.lineage();
        AgentBatch ev = r.evaluated();
        StepRow s = new StepRow();
        s.setAgentId(next.getAgentId());
        s.setTheta(next.getTheta());
        s.setHyper(next.getHyper());
        s.setHistory(next.getHistory());
        s.setHistoryCount(next.getHistoryCount());
        s.setOptState(next.getOptState());
        s.setAge(next.getAge());
        s.setStatus(next.getStatus());
        s.setFitness(ev.fitness[i]);
        s.setFitnessInstant(ev.fitnessInstant[i]);
        s.setFitnessBefore(ev.fitness[i]);
        s.setHyperBefore(Arrays.copyOfRange(ev.hyper, i * ev.h, (i + 1) * ev.h));
        boolean exploited = lin.donorId[i] >= 0;
        s.setDonorId(exploited ? lin.donorId[i] : null);
        s.setDonorFitness(exploited ? lin.donorFitness[i] : null);
        s.setResampled(lin.event[i] == Lineage.RESAMPLE);
        s.setEvent(Lineage.eventName(lin.event[i]));
        return s;
    }

    @Override
    public void release() {
    }

    @Override
    public void close() {
        population.close();
    }
}
