package dev.popdyn.jobs.run;

import static org.apache.spark.sql.functions.col;

import dev.popdyn.core.stats.Canonical;
import dev.popdyn.core.stats.Moments;
import dev.popdyn.core.stats.OrderStatistics;
import dev.popdyn.core.stats.Quantiles;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

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

    /** One block's moments (public: Spark's encoders only accept public classes). */
    public static final class BlockMoments implements Serializable {
        private static final long serialVersionUID = 1L;
        final long block;
        final Moments[] moments;

        BlockMoments(long block, Moments[] moments) {
            this.block = block;
            this.moments = moments;
        }
    }

    /** The slim columns statistics need: agentId, fitness, status, hyper. */
    static Dataset<Row> slim(Dataset<AgentRow> ev) {
        return ev.select(col("agentId"), col("fitness"), col("status"), col("hyper"));
    }

    /** Moments of fitness (non-diverged agents) and of each λ coordinate (all agents), in canonical order. */
    static Moments[] moments(Dataset<Row> slim, int h) {
        MapFunction<Row, Long> block = r -> Canonical.block(r.getLong(0));
        MapGroupsFunction<Long, Row, BlockMoments> perBlock = (b, rows) -> {
            List<double[]> l = new ArrayList<>();
            while (rows.hasNext()) {
                Row r = rows.next();
                double[] v = new double[3 + h];
                v[0] = r.getLong(0);
                v[1] = r.getDouble(1);
                v[2] = r.getByte(2);
                List<Double> hy = r.getList(3);
                for (int k = 0; k < h; k++) {
                    v[3 + k] = hy.get(k);
                }
                l.add(v);
            }
            l.sort((x, y) -> Double.compare(x[0], y[0]));
            Moments[] m = new Moments[1 + h];
            for (int k = 0; k <= h; k++) {
                m[k] = new Moments();
            }
            for (double[] v : l) {
                if (v[2] == 0) {
                    m[0].add(v[1]);
                }
                for (int k = 0; k < h; k++) {
                    m[1 + k].add(v[3 + k]);
                }
            }
            return new BlockMoments(b, m);
        };
        List<BlockMoments> blocks = new ArrayList<>(slim.groupByKey(block, Encoders.LONG())
                .mapGroups(perBlock, Encoders.javaSerialization(BlockMoments.class)).collectAsList());
        blocks.sort((a, b) -> Long.compare(a.block, b.block));
        Moments[] total = new Moments[1 + h];
        for (int k = 0; k <= h; k++) {
            total[k] = new Moments();
        }
        for (BlockMoments bm : blocks) {
            for (int k = 0; k <= h; k++) {
                total[k].merge(bm.moments[k]);
            }
        }
        return total;
    }

    /**
     * Exact quantiles {@link Quantiles#PROBS} of every column (row k of the result; NaN when the column is empty),
     * given the columns' moments (for counts and ranges).
     */
    static double[][] quantiles(Dataset<Row> slim, Moments[] m) {
        int cols = m.length;
        int h = cols - 1;
        JavaRDD<double[]> values = slim.javaRDD().map(r -> {
            double[] v = new double[cols];
            v[0] = r.getByte(2) == 0 ? r.getDouble(1) : Double.NaN;
            List<Double> hy = r.getList(3);
            for (int k = 0; k < h; k++) {
                v[1 + k] = hy.get(k);
            }
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
