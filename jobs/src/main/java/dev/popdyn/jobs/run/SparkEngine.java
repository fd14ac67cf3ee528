package dev.popdyn.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.AgentOps;
import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.meanfield.MeanFieldReference;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.stats.Moments;
import dev.popdyn.jobs.snapshot.GenerationWriter;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunSchema;
import dev.popdyn.jobs.snapshot.WrittenFile;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import dev.popdyn.core.fitness.KernelFitness;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The population on Spark (docs/design.md §2): agents are {@link AgentRow} objects of an RDD whose partition p holds the id
 * range of {@link IdRanges} for the whole run, cached between generations (locally checkpointed, so its lineage
 * stays one generation long). One generation = one {@code mapPartitions} of K fast updates per agent
 * ({@link FastPhaseFunction}), materialised by the job that also returns the block moments and rank sketches
 * ({@link SparkStats#summaries}); then the slow phase: one refinement job for exact quantiles and the truncation
 * threshold ({@link SparkStats#ranked}), and one job for selection ({@link SparkSelection}: (recipient, donor)
 * pairs), exploit and mutation by two narrow {@code zipPartitions} passes ({@link ExploitFunction}: only the pairs
 * and the donors' copies are shuffled, never the population) and the offspring counts — 3 jobs before the snapshot
 * ({@link JobCounter} counts them under {@link JobCounter#COMPUTE}); population-level fitness
 * ({@link SparkKernelFitness}) and W1 to the mean-field
 * reference ({@link SparkReferenceW1}) when configured; then the Parquet snapshot (with the fast phase's risk records
 * when {@code trajectory.every > 0}) and the {@code state} checkpoint, written by the tasks that hold the rows in one
 * Spark job, and the summary and commit marker written by the driver ({@link GenerationWriter}). {@link #step} runs
 * these as named phases. The Parquet state is read back only to resume, or to re-run a generation whose cached state
 * was lost with an executor ({@link Runner}).
 * Statistics and selection see the cached rows as a {@code Dataset<AgentRow>} (bean encoder). The driver only ever
 * holds O(N/4096) values. Results are bit-identical to the single-JVM {@link dev.popdyn.core.engine.Population}
 * engine for any number of partitions. Not thread-safe; one run per instance.
 */
public final class SparkEngine implements Engine<JavaRDD<AgentRow>> {
    private static final Encoder<AgentRow> AGENT = Encoders.bean(AgentRow.class);
    private static final StorageLevel LEVEL = StorageLevel.MEMORY_AND_DISK();
    private static final Encoder<StepRow> STEP = Encoders.bean(StepRow.class);
    /** Slots of {@link #offspring}'s totals. */
    private static final int OFF_EXPLOITED = 0;
    private static final int OFF_DISTINCT = 1;
    private static final int OFF_SQUARES = 2;
    private static final int OFF_KEPT = 3;
    private static final int OFF_RESAMPLED = 4;


    private final SparkSession spark;
    private final ExperimentParams p;
    private final ExecutionParams exec;
    private final RunDirectory dir;
    private final String configText;
    private final int partitions;
    private final MeanFieldReference reference;
    private final IdRanges ids;
    private final GenerationWriter writer;
    /** The Hadoop configuration the write tasks open the run directory's file system with. */
    private final Broadcast<SerializableConfiguration> hadoopConf;
    /** The cached, locally checkpointed steps of the last generation: the state {@code next} is a view of. */
    private JavaRDD<StepRow> held;

    public SparkEngine(SparkSession spark, ExperimentParams p, ExecutionParams exec, RunDirectory dir) {
        this.spark = spark;
        this.p = p;
        this.exec = exec;
        this.dir = dir;
        this.configText = p.renderConfig();
        this.reference = MeanFieldReference.forParams(p);
        this.partitions = exec.partitions() > 0 ? exec.partitions()
                : Math.max(1, 2 * spark.sparkContext().defaultParallelism());
        this.ids = new IdRanges(p.population(), partitions);
        this.hadoopConf = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        this.writer = new GenerationWriter(dir, p.hyper(), p.trajectoryEvery() > 0,
                spark.sparkContext().hadoopConfiguration());
        spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(partitions));
        // A broadcast join collects one side on the driver: O(N) rows there. Recipients meet donors by shuffle.
        spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
        spark.conf().set("spark.sql.adaptive.autoBroadcastJoinThreshold", "-1");
    }

    public int partitions() {
        return partitions;
    }

    /**
     * Generation 0, built on the executors (the driver creates no agent): partition p creates the agents of its id
     * range ({@link IdRanges}).
     */
    @Override
    public JavaRDD<AgentRow> initial() {
        String text = configText;
        IdRanges r = ids;
        List<Integer> parts = new ArrayList<>();
        for (int k = 0; k < partitions; k++) {
            parts.add(k);
        }
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(parts, partitions)
                .flatMap(k -> {
                    ExperimentParams ep = ExecutorParams.of(text);
                    List<AgentRow> out = new ArrayList<>();
                    AgentBatch b = AgentOps.newBatch(ep, 1);
                    for (long id = r.lo(k); id < r.lo(k + 1); id++) {
                        AgentOps.init(ep, b, 0, id);
                        out.add(AgentRow.of(b, 0));
                    }
                    return out.iterator();
                });
    }

    /** The state that starts generation g + 1, as committed, placed by {@link IdRanges} (one shuffle). */
    @Override
    public JavaRDD<AgentRow> committedState(int g) {
        return placed(spark.read().parquet(dir.generationUri(RunSchema.STATE, g))
                .withColumn("trajectory", lit(null).cast("array<double>")).as(AGENT).javaRDD());
    }

    /** The fittest agent of committed generation g, from its {@code agents} table (one Spark job). */
    @Override
    public Fittest fittest(int g) {
        List<Row> top = spark.read().parquet(dir.generationUri(RunSchema.AGENTS, g))
                .where("fitness > double('-Infinity')").orderBy(col("fitness").desc(), col("agent_id")).limit(1)
                .collectAsList();
        if (top.isEmpty()) {
            return null;
        }
        Row r = top.get(0);
        double[] hyper = new double[p.hyper().size()];
        for (int k = 0; k < hyper.length; k++) {
            hyper[k] = r.<Row>getAs("hyper").getDouble(k);
        }
        return new Fittest(r.<Long>getAs("agent_id"), r.<Double>getAs("fitness"), hyper);
    }

    /** Releases the cached state that backs the last generation's {@code next}. */
    @Override
    public void release() {
        if (held != null) {
            held.unpersist(true);
            held = null;
        }
    }

    @Override
    public void close() {
        release();
        hadoopConf.destroy();
    }

    /**
     * Runs generation g from {@code start} (placed by {@link IdRanges}: {@link #initial}, {@link #committedState} or
     * the previous generation's {@code next}), writes and commits it. The returned {@code next} state is a view of
     * this generation's cached and locally checkpointed steps (its lineage ends here); the previous generation's are
     * released. If a lost executor takes cached state
     * with it, the generation fails and is to be re-run from {@link #committedState} (see {@link Runner}).
     */
    @Override
    public Step<JavaRDD<AgentRow>> step(JavaRDD<AgentRow> start, int g) {
        return generation(start, g, true);
    }

    /** Runs generation g as {@link #step} does, without the summary and without writing; returns {@code next}. */
    @Override
    public JavaRDD<AgentRow> recompute(JavaRDD<AgentRow> start, int g) {
        return generation(start, g, false).next();
    }

    /** The phases of generation g; the summary, the write and the commit only when {@code write}. */
    private Step<JavaRDD<AgentRow>> generation(JavaRDD<AgentRow> start, int g, boolean write) {
        Stopwatch clock = new Stopwatch();
        spark.sparkContext().setLocalProperty(JobCounter.PHASE, JobCounter.COMPUTE);
        Evaluated ev = evaluate(start, g);
        double msFast = clock.lap();
        Stats st = statistics(ev);
        SparkSelection.Outcome sel = SparkSelection.select(new SparkSelection.Input(spark, p, ev.rdd(), ev.rows(),
                ev.n(), st.diverged(), st.moments()[0].max(), g, st.ranked()));
        Exploited ex = exploit(ev, sel, g);
        double msSlow = clock.lap();
        Summary timed = write ? written(ev, st, ex, g, msFast, msSlow, clock) : null;
        sel.release().run();
        ev.rdd().unpersist(true);
        release();
        held = ex.rdd();
        spark.sparkContext().setLocalProperty(JobCounter.PHASE, null);
        return new Step<>(timed, ex.rdd().map(AgentRow::state));
    }

    /** The write phase: the summary, the generation's tables and its commit; returns the timed summary. */
    private Summary written(Evaluated ev, Stats st, Exploited ex, int g, double msFast, double msSlow,
            Stopwatch clock) {
        Summary s = summarise(ev, st, ex, g);
        spark.sparkContext().setLocalProperty(JobCounter.PHASE, JobCounter.WRITE);
        GenerationWriter.Written written = write(ev, ex, g);
        Summary timed = s.with("ms_fast", msFast).with("ms_slow", msSlow).with("ms_write", clock.lap());
        written.commit(timed);
        return timed;
    }

    /**
     * Writes generation g's population tables in one Spark job: the evaluated rows and the steps are both placed by
     * {@link IdRanges}, so {@code zipPartitions} pairs each id range's rows, and its task writes the part files
     * (agents, trajectory, lineage, state; {@link GenerationWriter.Parts#write}) and returns their facts —
     * O(partitions) records to the driver. No file is read back: the checksums were taken as the bytes were written.
     */
    private GenerationWriter.Written write(Evaluated ev, Exploited ex, int g) {
        GenerationWriter.Parts parts = writer.begin(g, exec.writesTheta(g, p.generations()),
                exec.writesCheckpoint(g, p.generations()));
        Broadcast<SerializableConfiguration> conf = hadoopConf;
        List<WrittenFile> files = ev.rdd().zipPartitions(ex.rdd(), (FlatMapFunction2<Iterator<AgentRow>,
                Iterator<StepRow>, WrittenFile>) (a, st) -> parts.write(TaskContext.getPartitionId(), a, st,
                conf.value().value()).iterator()).collect();
        return writer.written(parts, files);
    }

    /** The evaluated population of a generation: cached rows, their Dataset view, their number and summaries. */
    private record Evaluated(JavaRDD<AgentRow> rdd, Dataset<AgentRow> rows, long n, SparkStats.Summaries summaries) {
    }

    /**
     * Moments and quantiles of fitness (index 0) and of each hyperparameter; agents that diverged; the truncation
     * ranking's threshold and splitters.
     */
    private record Stats(Moments[] moments, double[][] quantiles, long diverged, SparkStats.Ranked ranked) {
    }

    /** The exploited population (cached, locally checkpointed) with its offspring counts and ESS fraction. */
    private record Exploited(JavaRDD<StepRow> rdd, Dataset<StepRow> steps, long exploited, long distinct,
            long resampled, double ess) {
    }

    /**
     * The fast phase ({@link FastPhaseFunction}), then kernel fitness when configured (population-level, placed back
     * by {@link IdRanges}); cached, and materialised by one job that also returns the count, the block moments and
     * the rank sketches ({@link SparkStats#summaries}).
     */
    private Evaluated evaluate(JavaRDD<AgentRow> start, int g) {
        JavaRDD<AgentRow> fast = start.mapPartitions(new FastPhaseFunction(configText, g), true);
        boolean kernel = p.estimator() instanceof KernelFitness;
        if (kernel) {
            fast.persist(LEVEL);
        }
        JavaRDD<AgentRow> rdd = (kernel ? placed(SparkKernelFitness.evaluate(fast, configText)) : fast)
                .persist(LEVEL);
        int h = p.hyper().size();
        SparkStats.Summaries s = SparkStats.summaries(rdd, ids, h, h + 1 + (SparkSelection.ranks(p) ? 1 : 0));
        if (kernel) {
            fast.unpersist(false);
        }
        return new Evaluated(rdd, spark.createDataset(rdd.rdd(), AGENT), s.n(), s);
    }

    /**
     * Quantiles of every column and the truncation ranking's threshold key and splitters ({@link SparkStats#ranked}:
     * one refinement pass), with the moments of {@link #evaluate}.
     */
    private Stats statistics(Evaluated ev) {
        Moments[] m = ev.summaries().moments();
        long diverged = ev.n() - m[0].count();
        long[] ranking = SparkSelection.ranking(p, ev.n(), diverged);
        SparkStats.Ranked ranked = SparkStats.ranked(ev.rdd(), ids, ev.summaries(), ranking[0], ranking[1]);
        return new Stats(m, ranked.quantiles(), diverged, ranked);
    }

    /**
     * Exploit and mutation by two narrow {@code zipPartitions} passes ({@link ExploitFunction}): only the selected
     * pairs and the donors' copies are shuffled; the result is cached and locally checkpointed.
     */
    private Exploited exploit(Evaluated ev, SparkSelection.Outcome sel, int g) {
        JavaPairRDD<Long, Long> marks = sel.donors().javaRDD()
                .flatMapToPair(r -> ExploitFunction.marks(r.getLong(0), r.getLong(1)).iterator())
                .partitionBy(ids);
        JavaPairRDD<Long, ExploitFunction.Donor> copies = JavaPairRDD.fromJavaRDD(
                ev.rdd().zipPartitions(marks.rdd().toJavaRDD(), ExploitFunction.donorCopies(ids))).partitionBy(ids);
        JavaRDD<StepRow> rdd = ev.rdd().zipPartitions(copies.rdd().toJavaRDD(),
                ExploitFunction.apply(ids, configText, g)).persist(LEVEL);
        rdd.rdd().localCheckpoint();
        return offspring(rdd, spark.createDataset(rdd.rdd(), STEP), ev.n(), sel.essFraction());
    }

    /**
     * Exploit, distinct-donor and resample counts of the steps, and the ESS fraction: the selection's own when it
     * has one, else N / Σⱼ cⱼ² over offspring counts ({@link #offspringSquares}). One Spark job: each step is
     * counted under its donor (rows without a donor under −1) by {@code reduceByKey}, and the per-donor totals are
     * summed by {@code treeAggregate} — integer sums, so the result does not depend on the partitioning.
     */
    private static Exploited offspring(JavaRDD<StepRow> rdd, Dataset<StepRow> steps, long n, double selectionEss) {
        long[] c = rdd.mapToPair(s -> new Tuple2<>(s.getDonorId() == null ? -1L : s.getDonorId(),
                        new long[]{1, s.isResampled() ? 1 : 0, s.isDonorKept() ? 1 : 0}))
                .reduceByKey((x, y) -> new long[]{x[0] + y[0], x[1] + y[1], x[2] + y[2]})
                .treeAggregate(new long[5], (acc, t) -> {
                    long[] v = t._2();
                    acc[OFF_RESAMPLED] += v[1];
                    if (t._1() >= 0) {
                        acc[OFF_EXPLOITED] += v[0];
                        acc[OFF_DISTINCT]++;
                        acc[OFF_SQUARES] += v[0] * v[0];
                        acc[OFF_KEPT] += v[2];
                    }
                    return acc;
                }, (x, y) -> {
                    for (int i = 0; i < x.length; i++) {
                        x[i] += y[i];
                    }
                    return x;
                });
        double ess = selectionEss;
        if (Double.isNaN(ess)) {
            ess = n / (double) offspringSquares(n, c[OFF_EXPLOITED], c[OFF_KEPT], c[OFF_SQUARES]);
        }
        return new Exploited(rdd, steps, c[OFF_EXPLOITED], c[OFF_DISTINCT], c[OFF_RESAMPLED], ess);
    }

    /** The generation's {@link Summary}, with W1 to the mean-field reference when there is one. */
    private Summary summarise(Evaluated ev, Stats st, Exploited ex, int g) {
        int h = p.hyper().size();
        Summary s = Summary.of(p.hyper(), ev.n(), st.moments()[0], st.quantiles()[0],
                Arrays.copyOfRange(st.moments(), 1, h + 1), Arrays.copyOfRange(st.quantiles(), 1, h + 1), ex.ess(),
                ex.distinct(), ex.exploited(), ex.resampled(), st.diverged());
        return reference == null ? s : s.with("w1_reference",
                SparkReferenceW1.distance(SparkStats.slim(ev.rows()), reference.targetAt(g - 1), ev.n()));
    }

    /** Rows placed by {@link IdRanges} (one shuffle). */
    private JavaRDD<AgentRow> placed(JavaRDD<AgentRow> rows) {
        return rows.mapToPair(a -> new Tuple2<>(a.getAgentId(), a)).partitionBy(ids).values();
    }

    /** Wall-clock laps in milliseconds, for the summary's {@code ms_*} columns. */
    private static final class Stopwatch {
        private long last = System.nanoTime();

        /** Milliseconds since construction or the previous lap. */
        double lap() {
            long now = System.nanoTime();
            double ms = (now - last) / 1e6;
            last = now;
            return ms;
        }
    }

    /**
     * Σⱼ cⱼ² for offspring counts cⱼ = keepⱼ + copiesⱼ (keepⱼ = 1 when agent j was not replaced): expanding the
     * square, (N − E) + 2·X + Σ copiesⱼ², where E is the number of recipients and X the number of copies whose donor
     * was itself kept. Exact integer arithmetic, independent of partitioning.
     */
    static long offspringSquares(long n, long exploited, long keptDonorCopies, long copiesSquared) {
        return (n - exploited) + 2 * keptDonorCopies + copiesSquared;
    }
}
