package dev.popdyn.jobs.run;

import static org.apache.spark.sql.functions.col;

import dev.popdyn.core.stats.Canonical;
import dev.popdyn.core.stats.Moments;
import dev.popdyn.core.stats.Quantiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Summary statistics on the Spark side with the single-JVM engine's exact arithmetic: moments per canonical block
 * (agents in id order, Welford) merged in block order on the driver (O(N/4096) values), and exact type-7 quantiles
 * by a distributed sort that fetches only the needed ranks. Stateless.
 */
final class SparkStats {
    private SparkStats() {
    }

    /** Moments of fitness (non-diverged agents) and of each λ coordinate (all agents), in canonical order. */
    static Moments[] moments(Dataset<AgentRow> ev, int h) {
        List<Tuple2<Long, Moments[]>> blocks = ev.javaRDD()
                .mapToPair(r -> {
                    double[] v = new double[3 + h];
                    v[0] = r.getAgentId();
                    v[1] = r.getFitness();
                    v[2] = r.getStatus();
                    System.arraycopy(r.getHyper(), 0, v, 3, h);
                    return new Tuple2<>(Canonical.block(r.getAgentId()), v);
                })
                .groupByKey()
                .mapValues(vals -> {
                    List<double[]> l = new ArrayList<>();
                    vals.forEach(l::add);
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
                    return m;
                })
                .collect();
        List<Tuple2<Long, Moments[]>> sorted = new ArrayList<>(blocks);
        sorted.sort((a, b) -> Long.compare(a._1(), b._1()));
        Moments[] total = new Moments[1 + h];
        for (int k = 0; k <= h; k++) {
            total[k] = new Moments();
        }
        for (Tuple2<Long, Moments[]> t : sorted) {
            for (int k = 0; k <= h; k++) {
                total[k].merge(t._2()[k]);
            }
        }
        return total;
    }

    /** Exact quantiles {@link Quantiles#PROBS} of a one-column numeric Dataset with n rows (NaN when n = 0). */
    static double[] quantiles(Dataset<Row> oneColumn, long n) {
        double[] out = new double[Quantiles.PROBS.length];
        if (n == 0) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        Set<Long> ranks = new TreeSet<>();
        for (double p : Quantiles.PROBS) {
            ranks.add(Quantiles.lowerRank(p, n));
            ranks.add(Quantiles.upperRank(p, n));
        }
        String c = oneColumn.columns()[0];
        List<Tuple2<Row, Long>> got = oneColumn.orderBy(col(c)).javaRDD().zipWithIndex()
                .filter(t -> ranks.contains(t._2())).collect();
        java.util.Map<Long, Double> byRank = new java.util.HashMap<>();
        for (Tuple2<Row, Long> t : got) {
            byRank.put(t._2(), t._1().getDouble(0));
        }
        for (int k = 0; k < out.length; k++) {
            double p = Quantiles.PROBS[k];
            out[k] = Quantiles.interpolate(p, n, byRank.get(Quantiles.lowerRank(p, n)),
                    byRank.get(Quantiles.upperRank(p, n)));
        }
        return out;
    }
}
