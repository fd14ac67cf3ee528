package dev.popdyn.jobs.run;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.AgentOps;
import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.meanfield.MeanFieldReference;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.stats.Moments;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.popdyn.core.fitness.KernelFitness;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The population on Spark (docs/design.md §2): agents are {@link AgentRow} objects of an RDD whose partition p holds the id
 * range of {@link IdRanges} for the whole run, cached between generations (locally checkpointed, so its lineage
 * stays one generation long). One generation = one {@code mapPartitions} of K fast updates per agent
 * ({@link FastPhaseFunction}); then the slow phase: summary statistics by aggregation in canonical block order
 * ({@link SparkStats}), selection ({@link SparkSelection}) producing (recipient, donor) pairs, exploit and mutation
 * by two narrow {@code zipPartitions} passes ({@link ExploitFunction}: only the pairs and the donors' copies are
 * shuffled, never the population); population-level fitness ({@link SparkKernelFitness}) and W1 to the mean-field
 * reference ({@link SparkReferenceW1}) when configured; then the Parquet snapshot (with the fast phase's risk records
 * when {@code trajectory.every > 0}), the {@code state} checkpoint and the commit marker. The Parquet state is read
 * back only to resume, or to re-run a generation whose cached state was lost with an executor ({@link Runner}).
 * Statistics and selection see the cached rows as a {@code Dataset<AgentRow>} (bean encoder). The driver only ever
 * holds O(N/4096) values. Results are bit-identical to the single-JVM {@link dev.popdyn.core.engine.Population}
 * engine for any number of partitions. Not thread-safe; one run per instance.
 */
public final class SparkEngine {
    private static final Encoder<AgentRow> AGENT = Encoders.bean(AgentRow.class);
    private static final StorageLevel LEVEL = StorageLevel.MEMORY_AND_DISK();
    private static final Encoder<StepRow> STEP = Encoders.bean(StepRow.class);

    private final SparkSession spark;
    private final ExperimentParams p;
    private final ExecutionParams exec;
    private final RunDirectory dir;
    private final String configText;
    private final int partitions;
    private final MeanFieldReference reference;
    private final IdRanges ids;
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
    public JavaRDD<AgentRow> committedState(int g) {
        return spark.read().parquet(dir.generationUri(RunSchema.STATE, g))
                .withColumn("trajectory", lit(null).cast("array<double>")).as(AGENT).javaRDD()
                .mapToPair(a -> new Tuple2<>(a.getAgentId(), a)).partitionBy(ids).values();
    }

    /** Releases the cached state that backs the last generation's {@code next}. */
    public void release() {
        if (held != null) {
            held.unpersist(true);
            held = null;
        }
    }

    /** A generation's summary and the in-memory state that starts the next one. */
    public record Generation(Summary summary, JavaRDD<AgentRow> next) {
    }

    /**
     * Runs generation g from {@code start} (placed by {@link IdRanges}: {@link #initial}, {@link #committedState} or
     * the previous generation's {@code next}), writes and commits it. The returned {@code next} state is a view of
     * this generation's cached and locally checkpointed steps (its lineage ends here); the previous generation's are
     * released. If a lost executor takes cached state
     * with it, the generation fails and is to be re-run from {@link #committedState} (see {@link Runner}).
     */
    public Generation step(JavaRDD<AgentRow> start, int g) {
        long t0 = System.nanoTime();
        JavaRDD<AgentRow> fast = start.mapPartitions(new FastPhaseFunction(configText, g), true);
        Dataset<AgentRow> kernel = p.estimator() instanceof KernelFitness
                ? SparkKernelFitness.evaluate(spark.createDataset(fast.rdd(), AGENT), p, configText) : null;
        JavaRDD<AgentRow> evRdd = (kernel == null ? fast
                : kernel.javaRDD().mapToPair(a -> new Tuple2<>(a.getAgentId(), a)).partitionBy(ids).values())
                .persist(LEVEL);
        long n = evRdd.count();
        if (kernel != null) {
            kernel.unpersist();
        }
        Dataset<AgentRow> ev = spark.createDataset(evRdd.rdd(), AGENT);
        long t1 = System.nanoTime();

        int h = p.hyper().size();
        Moments[] m = SparkStats.moments(evRdd, ids, h);
        long ok = m[0].count();
        long diverged = n - ok;
        double[][] q = SparkStats.quantiles(evRdd, m);
        double[] fq = q[0];
        Moments[] hm = new Moments[h];
        double[][] hq = new double[h][];
        for (int k = 0; k < h; k++) {
            hm[k] = m[1 + k];
            hq[k] = q[1 + k];
        }

        SparkSelection.Outcome sel = SparkSelection.select(spark, p, ev, n, diverged, g);
        JavaPairRDD<Long, Long> marks = sel.donors().javaRDD()
                .flatMapToPair(r -> ExploitFunction.marks(r.getLong(0), r.getLong(1)).iterator())
                .partitionBy(ids);
        JavaPairRDD<Long, ExploitFunction.Donor> copies = JavaPairRDD.fromJavaRDD(
                evRdd.zipPartitions(marks.rdd().toJavaRDD(), ExploitFunction.donorCopies(ids))).partitionBy(ids);
        JavaRDD<StepRow> stepRdd = evRdd.zipPartitions(copies.rdd().toJavaRDD(),
                ExploitFunction.apply(ids, configText, g)).persist(LEVEL);
        stepRdd.rdd().localCheckpoint();
        Dataset<StepRow> steps = spark.createDataset(stepRdd.rdd(), STEP);

        Row counts = steps.groupBy(col("donorId")).agg(count(lit(1)).as("copies"),
                        sum(when(col("resampled"), 1L).otherwise(0L)).as("resampled"))
                .agg(sum(when(col("donorId").isNotNull(), col("copies")).otherwise(0L)),
                        count(col("donorId")),
                        sum(when(col("donorId").isNotNull(), col("copies").multiply(col("copies")))
                                .otherwise(0L)),
                        sum(col("resampled")))
                .first();
        long exploited = counts.isNullAt(0) ? 0 : counts.getLong(0);
        long distinct = counts.getLong(1);
        long resampled = counts.isNullAt(3) ? 0 : counts.getLong(3);
        double ess = sel.essFraction();
        if (Double.isNaN(ess)) {
            long copiesSquared = counts.isNullAt(2) ? 0 : counts.getLong(2);
            long keptDonorCopies = steps.filter(col("donorKept")).count();
            ess = n / (double) offspringSquares(n, exploited, keptDonorCopies, copiesSquared);
        }
        long t2 = System.nanoTime();

        Summary s = Summary.of(p.hyper(), n, m[0], fq, hm, hq, ess, distinct, exploited, resampled, diverged);
        if (reference != null) {
            s = s.with("w1_reference", SparkReferenceW1.distance(SparkStats.slim(ev), reference.targetAt(g - 1), n));
        }
        boolean theta = exec.writesTheta(g, p.generations());
        RunSchema.agents(ev, p.hyper(), theta).write().mode(SaveMode.Overwrite)
                .parquet(dir.generationUri(RunSchema.AGENTS, g));
        RunSchema.lineage(steps, p.hyper()).write().mode(SaveMode.Overwrite)
                .parquet(dir.generationUri(RunSchema.LINEAGE, g));
        steps.select(col("agentId"), col("theta"), col("hyper"), col("history"), col("historyCount"),
                col("optState"), col("age"), col("status"), col("fitness"), col("fitnessInstant"))
                .write().mode(SaveMode.Overwrite).parquet(dir.generationUri(RunSchema.STATE, g));
        if (p.trajectoryEvery() > 0) {
            RunSchema.trajectory(ev).write().mode(SaveMode.Overwrite)
                    .parquet(dir.generationUri(RunSchema.TRAJECTORY, g));
        }
        long t3 = System.nanoTime();
        s = s.with("ms_fast", (t1 - t0) / 1e6).with("ms_slow", (t2 - t1) / 1e6).with("ms_write", (t3 - t2) / 1e6);
        spark.createDataFrame(List.of(RowFactory.create(boxed(s.values()))), RunSchema.summary(p.hyper()))
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.generationUri(RunSchema.SUMMARY, g));

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("agents_rows", n);
        facts.put("lineage_rows", n);
        facts.put("state_rows", n);
        facts.put("summary_rows", 1);
        facts.put("theta_written", theta);
        facts.putAll(dir.integrityFacts(g));
        dir.commit(g, facts);
        dir.dropStateBefore(g);
        sel.release().run();
        evRdd.unpersist(true);
        release();
        held = stepRdd;
        return new Generation(s, stepRdd.map(AgentRow::state));
    }

    /**
     * Σⱼ cⱼ² for offspring counts cⱼ = keepⱼ + copiesⱼ (keepⱼ = 1 when agent j was not replaced): expanding the
     * square, (N − E) + 2·X + Σ copiesⱼ², where E is the number of recipients and X the number of copies whose donor
     * was itself kept. Exact integer arithmetic, independent of partitioning.
     */
    static long offspringSquares(long n, long exploited, long keptDonorCopies, long copiesSquared) {
        return (n - exploited) + 2 * keptDonorCopies + copiesSquared;
    }

    private static Object[] boxed(double[] v) {
        Object[] o = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i];
        }
        return o;
    }
}
