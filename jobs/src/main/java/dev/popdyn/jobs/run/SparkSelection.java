package dev.popdyn.jobs.run;

import static org.apache.spark.sql.functions.asc;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.core.select.BoltzmannSelection;
import dev.popdyn.core.select.NoSelection;
import dev.popdyn.core.select.Selections;
import dev.popdyn.core.select.TTestSelection;
import dev.popdyn.core.select.TournamentSelection;
import dev.popdyn.core.select.TruncationSelection;
import dev.popdyn.core.stats.Canonical;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The selection rules of {@code core.select} mapped onto Spark: one plan per rule, looked up by the rule's registry
 * name ({@link Selections}); each produces the table of (recipient_id, donor_id) pairs through aggregations and
 * shuffles, never collecting O(N) rows on the driver, with exactly the donors the single-JVM rule picks (same
 * per-agent streams, same canonical sums, same tie-breaking). A rule without a plan is rejected by
 * {@link #requirePlan} before a run starts. Stateless and thread-safe.
 */
public final class SparkSelection {
    static final StructType DONORS = new StructType()
            .add("recipient_id", DataTypes.LongType, false)
            .add("donor_id", DataTypes.LongType, false);

    /**
     * Donor pairs, for Boltzmann the ESS fraction of the weights (NaN otherwise), and what to unpersist once the
     * generation is written.
     */
    record Outcome(Dataset<Row> donors, double essFraction, Runnable release) {
        Outcome(Dataset<Row> donors, double essFraction) {
            this(donors, essFraction, () -> { });
        }
    }

    /** The Spark plan of one selection rule: the donor pairs of generation g of N agents, D of them diverged. */
    @FunctionalInterface
    interface Plan {
        Outcome select(SparkSession spark, ExperimentParams p, Dataset<AgentRow> ev, long n, long diverged, int g);
    }

    private static final Map<String, Plan> PLANS = new LinkedHashMap<>();

    static {
        PLANS.put(TruncationSelection.FACTORY.name(), (spark, p, ev, n, diverged, g) ->
                truncation(spark, (TruncationSelection) p.selection(), p.seed(), ev, n, diverged, g));
        PLANS.put(BoltzmannSelection.FACTORY.name(), (spark, p, ev, n, diverged, g) ->
                boltzmann(spark, (BoltzmannSelection) p.selection(), p.seed(), ev, n, g));
        PLANS.put(TournamentSelection.FACTORY.name(), (spark, p, ev, n, diverged, g) -> new Outcome(
                tournament(spark, (TournamentSelection) p.selection(), p.seed(), ev, n, g), Double.NaN));
        PLANS.put(TTestSelection.FACTORY.name(), (spark, p, ev, n, diverged, g) -> new Outcome(
                ttest(spark, (TTestSelection) p.selection(), p.seed(), ev, n, g), Double.NaN));
        PLANS.put(NoSelection.FACTORY.name(), (spark, p, ev, n, diverged, g) -> new Outcome(noDonors(spark),
                Double.NaN));
    }

    private SparkSelection() {
    }

    /**
     * Throws an {@link InvalidConfigException} for {@code selection.rule} when the rule of {@code p} has no Spark
     * plan, so such a config fails at validation, before anything runs or is written.
     */
    public static void requirePlan(ExperimentParams p) {
        String rule = p.selection().name();
        if (!PLANS.containsKey(rule)) {
            List<String> planned = Selections.registry().names().stream().filter(PLANS::containsKey).toList();
            throw new InvalidConfigException(Selections.RULE.path(), "rule '" + rule + "' has no Spark plan",
                    "a rule with one: " + String.join(", ", planned));
        }
    }

    static Outcome select(SparkSession spark, ExperimentParams p, Dataset<AgentRow> ev, long n, long diverged,
            int generation) {
        requirePlan(p);
        return PLANS.get(p.selection().name()).select(spark, p, ev, n, diverged, generation);
    }

    private static Dataset<Row> noDonors(SparkSession spark) {
        return spark.createDataFrame(new ArrayList<Row>(), DONORS);
    }

    private static Outcome truncation(SparkSession spark, TruncationSelection t, long seed,
            Dataset<AgentRow> ev, long n, long diverged, int g) {
        long r = t.recipientCount(n, diverged);
        long k = t.donorCount(n, diverged);
        // The sort runs once: its output is cached before zipWithIndex counts the partitions, and the ranked pairs
        // are materialised before the two joins below read them concurrently.
        JavaRDD<Long> sorted = ev.select(col("agentId"), col("fitness"))
                .orderBy(desc("fitness"), asc("agentId")).javaRDD().map(row -> row.getLong(0))
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Long, Long> ranked = sorted.zipWithIndex()
                .filter(x -> x._2() >= n - r || x._2() < k)
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        ranked.count();
        sorted.unpersist(true);
        JavaRDD<Row> recipients = ranked.filter(x -> x._2() >= n - r)
                .map(x -> RowFactory.create(x._1(), t.donorRank(seed, g, x._1(), n, diverged)));
        JavaRDD<Row> top = ranked.filter(x -> x._2() < k).map(x -> RowFactory.create(x._2(), x._1()));
        Dataset<Row> rec = spark.createDataFrame(recipients, new StructType()
                .add("recipient_id", DataTypes.LongType, false).add("donor_rank", DataTypes.LongType, false));
        Dataset<Row> tops = spark.createDataFrame(top, new StructType()
                .add("donor_rank", DataTypes.LongType, false).add("donor_id", DataTypes.LongType, false));
        return new Outcome(rec.join(tops, "donor_rank").select("recipient_id", "donor_id"), Double.NaN,
                ranked::unpersist);
    }

    /** Per-block (ids, weights) in id order. */
    private static final class Block implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final long[] ids;
        final double[] w;

        Block(long[] ids, double[] w) {
            this.ids = ids;
            this.w = w;
        }
    }

    private static Outcome boltzmann(SparkSession spark, BoltzmannSelection b, long seed, Dataset<AgentRow> ev,
            long n, int g) {
        Row mx = ev.filter(col("status").equalTo(0)).agg(org.apache.spark.sql.functions.max("fitness")).first();
        double fmax = mx.isNullAt(0) ? Double.NEGATIVE_INFINITY : mx.getDouble(0);
        JavaPairRDD<Long, Block> blocks = ev.select(col("agentId"), col("fitness"), col("status")).javaRDD()
                .mapToPair(r -> new Tuple2<>(Canonical.block(r.getLong(0)),
                        new double[]{r.getLong(0), r.getDouble(1), r.getByte(2)}))
                .groupByKey()
                .mapValues(vals -> {
                    List<double[]> l = new ArrayList<>();
                    vals.forEach(l::add);
                    l.sort((x, y) -> Double.compare(x[0], y[0]));
                    long[] ids = new long[l.size()];
                    double[] w = new double[l.size()];
                    for (int i = 0; i < w.length; i++) {
                        ids[i] = (long) l.get(i)[0];
                        w[i] = b.weight(l.get(i)[1], l.get(i)[2] != 0, fmax);
                    }
                    return new Block(ids, w);
                }).cache();
        List<Tuple2<Long, double[]>> sums = blocks.mapValues(bl -> {
            double[] w2 = new double[bl.w.length];
            for (int i = 0; i < w2.length; i++) {
                w2[i] = bl.w[i] * bl.w[i];
            }
            return new double[]{Canonical.sum(bl.w, 0, bl.w.length), Canonical.sum(w2, 0, w2.length)};
        }).collect();
        int nb = Canonical.blocks(n);
        double[] s1 = new double[nb];
        double[] s2 = new double[nb];
        for (Tuple2<Long, double[]> t : sums) {
            s1[t._1().intValue()] = t._2()[0];
            s2[t._1().intValue()] = t._2()[1];
        }
        double[] prefix = Canonical.prefix(s1);
        double z = prefix[nb];
        double z2 = Canonical.prefix(s2)[nb];
        if (!(z > 0)) {
            blocks.unpersist();
            return new Outcome(noDonors(spark), Double.NaN);
        }
        Broadcast<double[]> bp = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .broadcast(prefix);
        JavaPairRDD<Long, double[]> targets = ev.select(col("agentId"), col("status")).javaRDD()
                .flatMapToPair(r -> {
                    long id = r.getLong(0);
                    double u = b.draw(seed, g, id, r.getByte(1) != 0);
                    if (Double.isNaN(u)) {
                        return java.util.Collections.emptyIterator();
                    }
                    double target = u * z;
                    int blk = Canonical.findBlock(bp.value(), target);
                    return List.of(new Tuple2<>((long) blk, new double[]{id, target})).iterator();
                });
        JavaRDD<Row> pairs = targets.cogroup(blocks).flatMap(t -> {
            Iterator<Block> bi = t._2()._2().iterator();
            if (!bi.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            Block bl = bi.next();
            double start = bp.value()[t._1().intValue()];
            List<Row> out = new ArrayList<>();
            for (double[] rt : t._2()._1()) {
                int k = Canonical.resolveInBlock(start, bl.w, 0, bl.w.length, rt[1]);
                if (k >= 0) {
                    out.add(RowFactory.create((long) rt[0], bl.ids[k]));
                }
            }
            return out.iterator();
        });
        Dataset<Row> donors = spark.createDataFrame(pairs, DONORS);
        return new Outcome(donors, BoltzmannSelection.essFraction(z, z2, n), blocks::unpersist);
    }

    private static Dataset<Row> tournament(SparkSession spark, TournamentSelection t, long seed,
            Dataset<AgentRow> ev, long n, int g) {
        JavaPairRDD<Long, double[]> own = ev.select(col("agentId"), col("fitness"), col("status")).javaRDD()
                .mapToPair(r -> new Tuple2<>(r.getLong(0), new double[]{r.getDouble(1), r.getByte(2)}));
        JavaPairRDD<Long, Long> challenges = own.flatMapToPair(x -> {
            long[] opp = t.opponents(seed, g, x._1(), n);
            List<Tuple2<Long, Long>> l = new ArrayList<>();
            for (long o : opp) {
                l.add(new Tuple2<>(o, x._1()));
            }
            return l.iterator();
        });
        JavaPairRDD<Long, double[]> best = challenges.join(own)
                .mapToPair(x -> new Tuple2<>(x._2()._1(), new double[]{x._1(), x._2()._2()[0], x._2()._2()[1]}))
                .reduceByKey((a, c) -> TournamentSelection.beats(a[1], (long) a[0], c[1], (long) c[0]) ? a : c);
        JavaRDD<Row> pairs = best.join(own).flatMap(x -> {
            double[] o = x._2()._1();
            double[] me = x._2()._2();
            boolean copy = o[2] == 0 && (me[1] != 0
                    || dev.popdyn.core.stats.Ranking.better(o[1], me[0]));
            return copy ? List.of(RowFactory.create(x._1(), (long) o[0])).iterator()
                    : java.util.Collections.<Row>emptyIterator();
        });
        return spark.createDataFrame(pairs, DONORS);
    }

    private static Dataset<Row> ttest(SparkSession spark, TTestSelection t, long seed, Dataset<AgentRow> ev,
            long n, int g) {
        JavaPairRDD<Long, AgentRow> own = ev.javaRDD().mapToPair(r -> new Tuple2<>(r.getAgentId(), slim(r)));
        JavaPairRDD<Long, Tuple2<Long, AgentRow>> byOpponent = own.flatMapToPair(x -> {
            long o = t.opponent(seed, g, x._1(), n);
            return o < 0 ? java.util.Collections.<Tuple2<Long, AgentRow>>emptyIterator()
                    : List.of(new Tuple2<>(o, x._2())).iterator();
        }).mapToPair(x -> new Tuple2<>(x._1(), new Tuple2<>(x._2().getAgentId(), x._2())));
        JavaRDD<Row> pairs = byOpponent.join(own).flatMap(x -> {
            AgentRow me = x._2()._1()._2();
            AgentRow other = x._2()._2();
            if (other.getStatus() != 0) {
                return java.util.Collections.<Row>emptyIterator();
            }
            boolean copy = me.getStatus() != 0 || t.accept(me.getHistory(), 0, me.getHistoryCount(),
                    other.getHistory(), 0, other.getHistoryCount());
            return copy ? List.of(RowFactory.create(me.getAgentId(), other.getAgentId())).iterator()
                    : java.util.Collections.<Row>emptyIterator();
        });
        return spark.createDataFrame(pairs, DONORS);
    }

    private static AgentRow slim(AgentRow r) {
        AgentRow s = new AgentRow();
        s.setAgentId(r.getAgentId());
        s.setStatus(r.getStatus());
        s.setHistory(Arrays.copyOf(r.getHistory(), r.getHistoryCount()));
        s.setHistoryCount(r.getHistoryCount());
        return s;
    }
}
