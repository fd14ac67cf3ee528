package dev.popdyn.jobs.run;

import static org.apache.spark.sql.functions.col;

import dev.popdyn.core.stats.Canonical;
import dev.popdyn.core.stats.Moments;
import dev.popdyn.core.stats.Quantiles;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Summary statistics and ranks on the Spark side with the single-JVM engine's exact arithmetic and O(N/4096) values
 * on the driver, in two passes over the evaluated population (docs/design.md §2):
 * <ol>
 *   <li>{@link #summaries}, the action that materialises (and caches) the evaluated population: each partition lays
 *   its rows out by id and returns the moments of the canonical blocks it holds whole (Welford in id order); the at
 *   most two blocks cut by its range edges travel as raw values to one executor, which joins and sums them; the
 *   driver merges the O(N/4096) block moments in block order (Chan et al.). The same pass returns every column's
 *   {@link RankSketch.Sketch} (column 0 fitness over non-diverged agents, 1 + k λ coordinate k over all agents,
 *   1 + h the truncation ranking key when the rule ranks).</li>
 *   <li>{@link #ranked}: one refinement pass resolves the exact type-7 quantiles of every column, the key at the
 *   truncation threshold rank and the exact ranks of the truncation splitters ({@link RankSketch}).</li>
 * </ol>
 * Stateless.
 */
final class SparkStats {
    private SparkStats() {
    }

    /** The slim columns statistics need: agentId, fitness, status, hyper. */
    static Dataset<Row> slim(Dataset<AgentRow> ev) {
        return ev.select(col("agentId"), col("fitness"), col("status"), col("hyper"));
    }

    /**
     * A block's share of one partition: the block's moments when the partition holds the whole block, else its raw
     * values (agent ids {@code start … start + count − 1}) to be joined with the other partitions' shares.
     */
    static final class Piece implements Serializable {
        private static final long serialVersionUID = 1L;
        final long start;
        final int count;
        final Moments[] whole;
        final double[] fitness;
        final byte[] status;
        final double[] hyper;

        Piece(long start, int count, Moments[] whole, double[] fitness, byte[] status, double[] hyper) {
            this.start = start;
            this.count = count;
            this.whole = whole;
            this.fitness = fitness;
            this.status = status;
            this.hyper = hyper;
        }
    }

    /** One partition's rows counted and its columns sketched. */
    record Sketches(long rows, RankSketch.Sketch[] columns) implements Serializable {
    }

    /**
     * What the materialising pass found: the number of rows, the moments of every column and every column's
     * sketches (by column, then partition).
     */
    record Summaries(long n, Moments[] moments, List<List<RankSketch.Sketch>> sketches) {
    }

    /**
     * Moments of fitness (non-diverged agents) and of each λ coordinate (all agents) in canonical order, and the
     * sketches of the first {@code columns} columns, from the population placed by {@link IdRanges}: one job (its
     * first stage computes and caches {@code ev} when it is persisted and not yet computed).
     */
    static Summaries summaries(JavaRDD<AgentRow> ev, IdRanges ids, int h, int columns) {
        long n = ids.n();
        List<Tuple2<Long, Serializable>> parts = ev.mapPartitionsToPair(rows -> {
            int part = TaskContext.getPartitionId();
            RankSketch.Layout l = RankSketch.Layout.of(rows, ids.lo(part), ids.lo(part + 1), h);
            List<Tuple2<Long, Serializable>> out = pieces(l, n);
            RankSketch.Sketch[] sk = new RankSketch.Sketch[columns];
            for (int c = 0; c < columns; c++) {
                sk[c] = l.sketch(c, l.sorted(c));
            }
            out.add(new Tuple2<>(-1L - part, new Sketches(l.rows, sk)));
            return out.iterator();
        }).groupByKey().mapValues(vs -> combine(vs, h)).collect();
        List<Tuple2<Long, Serializable>> sorted = new ArrayList<>(parts);
        sorted.sort((a, b) -> Long.compare(a._1(), b._1()));
        Moments[] total = fresh(h);
        List<List<RankSketch.Sketch>> sketches = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            sketches.add(new ArrayList<>());
        }
        long rows = 0;
        for (Tuple2<Long, Serializable> t : sorted) {
            if (t._2() instanceof Sketches s) {
                rows += s.rows();
                for (int c = 0; c < columns; c++) {
                    sketches.get(c).add(s.columns()[c]);
                }
            } else {
                for (int k = 0; k <= h; k++) {
                    total[k].merge(((Piece) t._2()).whole[k]);
                }
            }
        }
        return new Summaries(rows, total, sketches);
    }

    /** The pieces of the canonical blocks a partition's range meets: whole blocks' moments, cut blocks' values. */
    private static List<Tuple2<Long, Serializable>> pieces(RankSketch.Layout l, long n) {
        int h = l.h;
        long lo = l.lo;
        long hi = lo + l.size;
        List<Tuple2<Long, Serializable>> out = new ArrayList<>();
        for (long b = Canonical.block(lo); l.size > 0 && b <= Canonical.block(hi - 1); b++) {
            long first = b * Canonical.BLOCK;
            long from = Math.max(lo, first);
            long to = Math.min(hi, first + Canonical.BLOCK);
            int a = (int) (from - lo);
            int e = (int) (to - lo);
            if (from == first && to == Math.min(n, first + Canonical.BLOCK)) {
                out.add(new Tuple2<>(b, new Piece(from, e - a, accumulate(l.fitness, l.status, l.hyper, h, a, e),
                        null, null, null)));
            } else {
                out.add(new Tuple2<>(b, new Piece(from, e - a, null, Arrays.copyOfRange(l.fitness, a, e),
                        Arrays.copyOfRange(l.status, a, e), Arrays.copyOfRange(l.hyper, a * h, e * h))));
            }
        }
        return out;
    }

    /** A block's moments from its pieces (joined in id order), or a partition's sketches as they are. */
    private static Serializable combine(Iterable<Serializable> values, int h) {
        List<Piece> l = new ArrayList<>();
        for (Serializable v : values) {
            if (v instanceof Sketches) {
                return v;
            }
            l.add((Piece) v);
        }
        if (l.size() == 1 && l.get(0).whole != null) {
            return l.get(0);
        }
        l.sort((x, y) -> Long.compare(x.start, y.start));
        int count = l.stream().mapToInt(x -> x.count).sum();
        double[] fit = new double[count];
        byte[] st = new byte[count];
        double[] hy = new double[count * h];
        int at = 0;
        for (Piece x : l) {
            System.arraycopy(x.fitness, 0, fit, at, x.count);
            System.arraycopy(x.status, 0, st, at, x.count);
            System.arraycopy(x.hyper, 0, hy, at * h, x.count * h);
            at += x.count;
        }
        return new Piece(l.get(0).start, count, accumulate(fit, st, hy, h, 0, count), null, null, null);
    }

    /** Welford over slots [a, e) in id order: fitness of non-diverged agents, every λ coordinate of all agents. */
    private static Moments[] accumulate(double[] fit, byte[] st, double[] hy, int h, int a, int e) {
        Moments[] m = fresh(h);
        for (int i = a; i < e; i++) {
            if (st[i] == 0) {
                m[0].add(fit[i]);
            }
            for (int k = 0; k < h; k++) {
                m[1 + k].add(hy[i * h + k]);
            }
        }
        return m;
    }

    private static Moments[] fresh(int h) {
        Moments[] m = new Moments[1 + h];
        for (int k = 0; k <= h; k++) {
            m[k] = new Moments();
        }
        return m;
    }

    /**
     * What the refinement pass found: the quantiles {@link Quantiles#PROBS} of every column (row k; NaN when the
     * column is empty), the key at the truncation threshold rank (null when none was asked) and the truncation
     * splitter keys with the exact number of ranking keys below each.
     */
    record Ranked(double[][] quantiles, RankSketch.Key threshold, RankSketch.Key[] splitters, long[] splitterRanks) {
    }

    /**
     * Quantiles of every column and, when {@code thresholdRank ≥ 0}, the truncation ranking's key at that rank and
     * splitters for its top {@code topRanks} ranks: the sample keys of the ranking column up to the first one with
     * at least {@code topRanks} keys at or below it, with their exact ranks. One job, none when nothing is asked.
     */
    static Ranked ranked(JavaRDD<AgentRow> ev, IdRanges ids, Summaries s, long thresholdRank, long topRanks) {
        Moments[] m = s.moments();
        int cols = m.length;
        int h = cols - 1;
        List<RankSketch.Query> queries = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            long n = m[c].count();
            if (n == 0) {
                continue;
            }
            TreeSet<Long> ranks = new TreeSet<>();
            for (double p : Quantiles.PROBS) {
                ranks.add(Quantiles.lowerRank(p, n));
                ranks.add(Quantiles.upperRank(p, n));
            }
            queries.addAll(RankSketch.queries(c, RankSketch.Merged.of(s.sketches().get(c)),
                    ranks.stream().mapToLong(Long::longValue).toArray()));
        }
        int quantileQueries = queries.size();
        RankSketch.Key[] splitters = new RankSketch.Key[0];
        if (thresholdRank >= 0) {
            RankSketch.Merged ranking = RankSketch.Merged.of(s.sketches().get(cols));
            queries.addAll(RankSketch.queries(cols, ranking, new long[]{thresholdRank}));
            int last = Math.min(ranking.upperIndex(topRanks - 1), ranking.v().length - 1);
            splitters = new RankSketch.Key[last + 1];
            for (int i = 0; i <= last; i++) {
                splitters[i] = new RankSketch.Key(ranking.v()[i], ranking.id()[i]);
            }
        }
        Map<Integer, Serializable> found = refine(ev, ids, h, queries, cols, splitters);
        Map<Long, Double> resolved = new HashMap<>();
        for (int j = 0; j < quantileQueries; j++) {
            RankSketch.Query q = queries.get(j);
            RankSketch.Key[] keys = (RankSketch.Key[]) found.get(j);
            for (int i = 0; i < keys.length; i++) {
                resolved.put(key(q.column(), q.ranks()[i]), keys[i].v());
            }
        }
        double[][] out = new double[cols][Quantiles.PROBS.length];
        for (int c = 0; c < cols; c++) {
            long n = m[c].count();
            for (int k = 0; k < Quantiles.PROBS.length; k++) {
                double p = Quantiles.PROBS[k];
                out[c][k] = n == 0 ? Double.NaN : Quantiles.interpolate(p, n,
                        resolved.get(key(c, Quantiles.lowerRank(p, n))),
                        resolved.get(key(c, Quantiles.upperRank(p, n))));
            }
        }
        if (thresholdRank < 0) {
            return new Ranked(out, null, splitters, new long[0]);
        }
        RankSketch.Key threshold = ((RankSketch.Key[]) found.get(queries.size() - 1))[0];
        return new Ranked(out, threshold, splitters, (long[]) found.get(queries.size()));
    }

    private static long key(int column, long rank) {
        return ((long) column << 40) | rank;
    }

    /**
     * The refinement pass: per query the keys of its ranks (gathered and sorted by one executor per query), under
     * key {@code queries.size()} the number of keys of {@code splitColumn} below each splitter (summed per
     * partition, integer sums).
     */
    private static Map<Integer, Serializable> refine(JavaRDD<AgentRow> ev, IdRanges ids, int h,
            List<RankSketch.Query> queries, int splitColumn, RankSketch.Key[] splitters) {
        int nq = queries.size();
        if (nq == 0 && splitters.length == 0) {
            return Map.of();
        }
        List<Tuple2<Integer, Serializable>> found = ev.mapPartitionsToPair(rows -> {
            int part = TaskContext.getPartitionId();
            RankSketch.Layout l = RankSketch.Layout.of(rows, ids.lo(part), ids.lo(part + 1), h);
            Map<Integer, int[]> sorted = new HashMap<>();
            List<Tuple2<Integer, Serializable>> out = new ArrayList<>();
            for (int j = 0; j < nq; j++) {
                RankSketch.Query q = queries.get(j);
                out.add(new Tuple2<>(j, RankSketch.gather(l, sorted.computeIfAbsent(q.column(), l::sorted), q)));
            }
            if (splitters.length > 0) {
                int[] order = sorted.computeIfAbsent(splitColumn, l::sorted);
                long[] below = new long[splitters.length];
                for (int i = 0; i < below.length; i++) {
                    below[i] = l.lowerBound(splitColumn, order, splitters[i].v(), splitters[i].id());
                }
                out.add(new Tuple2<>(nq, below));
            }
            return out.iterator();
        }).groupByKey().map(t -> new Tuple2<Integer, Serializable>(t._1(), t._1() < nq
                ? RankSketch.resolve(queries.get(t._1()), chunks(t._2())) : sum(t._2()))).collect();
        Map<Integer, Serializable> out = new HashMap<>();
        for (Tuple2<Integer, Serializable> t : found) {
            out.put(t._1(), t._2());
        }
        return out;
    }

    private static List<RankSketch.Chunk> chunks(Iterable<Serializable> values) {
        List<RankSketch.Chunk> l = new ArrayList<>();
        values.forEach(v -> l.add((RankSketch.Chunk) v));
        return l;
    }

    private static long[] sum(Iterable<Serializable> values) {
        long[] total = null;
        for (Serializable v : values) {
            long[] x = (long[]) v;
            if (total == null) {
                total = new long[x.length];
            }
            for (int i = 0; i < x.length; i++) {
                total[i] += x[i];
            }
        }
        return total;
    }
}
