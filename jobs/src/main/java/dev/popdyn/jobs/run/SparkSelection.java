package dev.popdyn.jobs.run;

import static org.apache.spark.sql.functions.col;

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

    /**
     * What a plan reads: the evaluated population (cached rows and their Dataset view) of generation g, its N
     * agents, D of them diverged, the largest fitness of a non-diverged agent (−∞ when none) and the truncation
     * ranking's threshold and splitters ({@link SparkStats#ranked}; null keys for other rules).
     */
    record Input(SparkSession spark, ExperimentParams p, JavaRDD<AgentRow> rdd, Dataset<AgentRow> ev, long n,
            long diverged, double fitnessMax, int g, SparkStats.Ranked ranked) {
    }

    /** The Spark plan of one selection rule: the donor pairs of its input. */
    @FunctionalInterface
    interface Plan {
        Outcome select(Input in);
    }

    private static final Map<String, Plan> PLANS = new LinkedHashMap<>();

    static {
        PLANS.put(TruncationSelection.FACTORY.name(), in -> truncation(in, (TruncationSelection) in.p().selection()));
        PLANS.put(BoltzmannSelection.FACTORY.name(), in ->
                boltzmann(in, (BoltzmannSelection) in.p().selection()));
        PLANS.put(TournamentSelection.FACTORY.name(), in -> new Outcome(tournament(in.spark(),
                (TournamentSelection) in.p().selection(), in.p().seed(), in.ev(), in.n(), in.g()), Double.NaN));
        PLANS.put(TTestSelection.FACTORY.name(), in -> new Outcome(ttest(in.spark(),
                (TTestSelection) in.p().selection(), in.p().seed(), in.ev(), in.n(), in.g()), Double.NaN));
        PLANS.put(NoSelection.FACTORY.name(), in -> new Outcome(noDonors(in.spark()), Double.NaN));
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

    static Outcome select(Input in) {
        requirePlan(in.p());
        return PLANS.get(in.p().selection().name()).select(in);
    }

    /** Whether the rule of {@code p} ranks the population (needs {@link SparkStats#ranked}'s threshold). */
    static boolean ranks(ExperimentParams p) {
        return p.selection() instanceof TruncationSelection;
    }

    /**
     * What the rule of {@code p} needs from the ranking of N agents, D of them diverged: {threshold rank, top ranks}
     * — for truncation the first recipient's rank N − r and the donor ranks min(k, N − D); {−1, 0} when nothing.
     */
    static long[] ranking(ExperimentParams p, long n, long diverged) {
        if (p.selection() instanceof TruncationSelection t && t.recipientCount(n, diverged) > 0) {
            return new long[]{n - t.recipientCount(n, diverged), t.donorCount(n, diverged)};
        }
        return new long[]{-1, 0};
    }

    private static Dataset<Row> noDonors(SparkSession spark) {
        return spark.createDataFrame(new ArrayList<Row>(), DONORS);
    }

    /**
     * Truncation without a global sort: the bottom r agents are those whose ranking key
     * ({@link RankSketch#truncationKey}, then id) is at or above the key at rank N − r ({@link SparkStats.Ranked}'s
     * threshold); the top ranks are cut into buckets by the splitter keys, whose exact ranks give each bucket's first
     * rank. Each top agent goes to its bucket, each recipient i sends its donor rank ρᵢ (core's draw) to the bucket
     * holding rank ρᵢ; one executor per bucket sorts its keys and answers the requests. One shuffle, no action.
     */
    private static Outcome truncation(Input in, TruncationSelection t) {
        long n = in.n();
        long diverged = in.diverged();
        long r = t.recipientCount(n, diverged);
        if (r == 0) {
            return new Outcome(noDonors(in.spark()), Double.NaN);
        }
        long k = t.donorCount(n, diverged);
        long seed = in.p().seed();
        int g = in.g();
        RankSketch.Key threshold = in.ranked().threshold();
        RankSketch.Key[] splitters = in.ranked().splitters();
        long[] first = new long[splitters.length + 1];
        for (int b = 1; b < first.length; b++) {
            first[b] = in.ranked().splitterRanks()[b - 1] + 1;
        }
        JavaRDD<Row> pairs = in.rdd().flatMapToPair(a -> {
            double key = RankSketch.truncationKey(a.getFitness());
            long id = a.getAgentId();
            List<Tuple2<Integer, long[]>> out = new ArrayList<>(2);
            int b = bucket(splitters, key, id);
            if (first[b] < k) {
                out.add(new Tuple2<>(b, new long[]{TOP, Double.doubleToRawLongBits(key), id}));
            }
            if (threshold.compareTo(key, id) <= 0) {
                long rho = t.donorRank(seed, g, id, n, diverged);
                out.add(new Tuple2<>(bucketOfRank(first, rho), new long[]{REQUEST, rho, id}));
            }
            return out.iterator();
        }).groupByKey().flatMap(x -> answer(x._2(), first[x._1()]).iterator());
        return new Outcome(in.spark().createDataFrame(pairs, DONORS), Double.NaN);
    }

    private static final long TOP = 0;
    private static final long REQUEST = 1;

    /** The bucket of a key: the number of splitters below it. */
    private static int bucket(RankSketch.Key[] splitters, double v, long id) {
        int from = 0;
        int to = splitters.length;
        while (from < to) {
            int mid = (from + to) >>> 1;
            if (splitters[mid].compareTo(v, id) < 0) {
                from = mid + 1;
            } else {
                to = mid;
            }
        }
        return from;
    }

    /** The bucket holding rank ρ: the last b with first[b] ≤ ρ. */
    private static int bucketOfRank(long[] first, long rho) {
        int b = 0;
        int to = first.length - 1;
        while (b < to) {
            int mid = (b + to + 1) >>> 1;
            if (first[mid] <= rho) {
                b = mid;
            } else {
                to = mid - 1;
            }
        }
        return b;
    }

    /** One bucket: its top agents sorted by key (rank = first + position) answer the requests' donor ranks. */
    private static List<Row> answer(Iterable<long[]> entries, long first) {
        List<long[]> tops = new ArrayList<>();
        List<long[]> requests = new ArrayList<>();
        for (long[] e : entries) {
            (e[0] == TOP ? tops : requests).add(e);
        }
        tops.sort((x, y) -> RankSketch.compare(Double.longBitsToDouble(x[1]), x[2], Double.longBitsToDouble(y[1]),
                y[2]));
        List<Row> out = new ArrayList<>(requests.size());
        for (long[] q : requests) {
            out.add(RowFactory.create(q[2], tops.get((int) (q[1] - first))[2]));
        }
        return out;
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

    /**
     * Boltzmann selection: the weights per canonical block ({@code max f} from the statistics' moments), their block
     * sums collected (O(N/4096) values), then each drawn target resolved inside its block by a cogroup.
     */
    private static Outcome boltzmann(Input in, BoltzmannSelection b) {
        SparkSession spark = in.spark();
        long seed = in.p().seed();
        Dataset<AgentRow> ev = in.ev();
        long n = in.n();
        int g = in.g();
        double fmax = in.fitnessMax();
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
