package dev.popdyn.jobs.run;

import static org.apache.spark.sql.functions.col;

import dev.popdyn.core.stats.Canonical;
import dev.popdyn.core.stats.Moments;
import dev.popdyn.core.stats.OrderStatistics;
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
 * Summary statistics on the Spark side with the single-JVM engine's exact arithmetic and O(1) driver memory:
 * moments per canonical block (agents in id order, Welford) merged in block order on the driver (O(N/4096) small
 * objects), and exact type-7 quantiles of every column by histogram refinement ({@link OrderStatistics}: usually
 * two passes for all columns together, no sort). Column 0 is fitness over non-diverged agents, column 1 + k is λ
 * coordinate k over all agents. Stateless.
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

    /**
     * Moments of fitness (non-diverged agents) and of each λ coordinate (all agents), in canonical order (each
     * block summed in id order, blocks merged in block order), from the population placed by {@link IdRanges}: each
     * partition lays its rows out by id and computes the moments of the blocks it holds whole; only the (at most two)
     * blocks cut by its range edges travel as raw values, so the shuffle carries O(N/4096 + P·4096) values instead
     * of N rows.
     */
    static Moments[] moments(JavaRDD<AgentRow> ev, IdRanges ids, int h) {
        long n = ids.n();
        List<Tuple2<Long, Piece>> pieces = ev.mapPartitionsToPair(rows -> {
            int part = TaskContext.getPartitionId();
            long lo = ids.lo(part);
            long hi = ids.lo(part + 1);
            int size = (int) (hi - lo);
            double[] fit = new double[size];
            byte[] st = new byte[size];
            double[] hy = new double[size * h];
            while (rows.hasNext()) {
                AgentRow r = rows.next();
                int k = (int) (r.getAgentId() - lo);
                fit[k] = r.getFitness();
                st[k] = r.getStatus();
                System.arraycopy(r.getHyper(), 0, hy, k * h, h);
            }
            List<Tuple2<Long, Piece>> out = new ArrayList<>();
            for (long b = Canonical.block(lo); size > 0 && b <= Canonical.block(hi - 1); b++) {
                long first = b * Canonical.BLOCK;
                long from = Math.max(lo, first);
                long to = Math.min(hi, first + Canonical.BLOCK);
                int a = (int) (from - lo);
                int e = (int) (to - lo);
                if (from == first && to == Math.min(n, first + Canonical.BLOCK)) {
                    out.add(new Tuple2<>(b, new Piece(from, e - a, accumulate(fit, st, hy, h, a, e), null, null,
                            null)));
                } else {
                    out.add(new Tuple2<>(b, new Piece(from, e - a, null, Arrays.copyOfRange(fit, a, e),
                            Arrays.copyOfRange(st, a, e), Arrays.copyOfRange(hy, a * h, e * h))));
                }
            }
            return out.iterator();
        }).groupByKey().mapValues(ps -> {
            List<Piece> l = new ArrayList<>();
            ps.forEach(l::add);
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
        }).collect();
        List<Tuple2<Long, Piece>> sorted = new ArrayList<>(pieces);
        sorted.sort((a, b) -> Long.compare(a._1(), b._1()));
        Moments[] total = fresh(h);
        for (Tuple2<Long, Piece> t : sorted) {
            for (int k = 0; k <= h; k++) {
                total[k].merge(t._2().whole[k]);
            }
        }
        return total;
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
     * Exact quantiles {@link Quantiles#PROBS} of every column (row k of the result; NaN when the column is empty),
     * given the columns' moments (for counts and ranges).
     */
    static double[][] quantiles(JavaRDD<AgentRow> ev, Moments[] m) {
        int cols = m.length;
        int h = cols - 1;
        JavaRDD<double[]> values = ev.map(r -> {
            double[] v = new double[cols];
            v[0] = r.getStatus() == 0 ? r.getFitness() : Double.NaN;
            System.arraycopy(r.getHyper(), 0, v, 1, h);
            return v;
        });
        List<OrderStatistics.Query> queries = new ArrayList<>();
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
            queries.add(OrderStatistics.start(c, m[c].min(), m[c].max(), n,
                    ranks.stream().mapToLong(Long::longValue).toArray()));
        }
        Map<Long, Double> resolved = new HashMap<>();
        while (!queries.isEmpty()) {
            List<OrderStatistics.Query> qs = queries;
            List<OrderStatistics.Pass> zero = new ArrayList<>();
            for (OrderStatistics.Query q : qs) {
                zero.add(new OrderStatistics.Pass(q));
            }
            List<OrderStatistics.Pass> passes = values.treeAggregate(new ArrayList<>(zero), (acc, v) -> {
                for (int k = 0; k < qs.size(); k++) {
                    OrderStatistics.Query q = qs.get(k);
                    double x = v[q.column()];
                    if (q.contains(x)) {
                        acc.get(k).add(q, x);
                    }
                }
                return acc;
            }, (a, b) -> {
                for (int k = 0; k < a.size(); k++) {
                    a.get(k).merge(b.get(k));
                }
                return a;
            });
            queries = OrderStatistics.refine(qs, passes, resolved);
        }
        double[][] out = new double[cols][Quantiles.PROBS.length];
        for (int c = 0; c < cols; c++) {
            long n = m[c].count();
            for (int k = 0; k < Quantiles.PROBS.length; k++) {
                double p = Quantiles.PROBS[k];
                out[c][k] = n == 0 ? Double.NaN : Quantiles.interpolate(p, n,
                        resolved.get(OrderStatistics.key(c, Quantiles.lowerRank(p, n))),
                        resolved.get(OrderStatistics.key(c, Quantiles.upperRank(p, n))));
            }
        }
        return out;
    }
}
