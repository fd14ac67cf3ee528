package dev.popdyn.jobs.run;

import dev.popdyn.core.fitness.KernelFitness;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * The evaluated population of a generation, with population-level fitness completed on Spark: for
 * {@code fitness.estimator = kernel} the binned Nadaraya–Watson estimate of {@link KernelFitness}, by shuffles only
 * (the bin table can be large for small h and D > 1, so nothing goes through the driver):
 * <ol>
 *   <li>bin sums: non-diverged agents keyed by bin, {@code groupByKey}, each bin sorted by agent id and summed
 *   sequentially from 0.0 (the canonical order of the core engine);</li>
 *   <li>neighbourhood sums: each bin sends (offset index t, sum, count) to the (at most) 3^D bins that count it,
 *   {@code groupByKey} on the target, contributions sorted by t and summed sequentially;</li>
 *   <li>a join of the agents (keyed by their bin) with the neighbourhood sums; f̂ = S/n.</li>
 * </ol>
 * The arithmetic is exactly that of {@link KernelFitness#complete}, so results are bit-identical to the single-JVM
 * engine for any partitioning. Stateless.
 */
final class SparkKernelFitness {
    private SparkKernelFitness() {
    }

    /**
     * The fast phase's output with the kernel estimate filled in ({@code fitness.estimator = kernel}): lazy, no job
     * runs here; {@code fast} is read twice (bin sums and the final join), so the caller persists it.
     */
    static JavaRDD<AgentRow> evaluate(JavaRDD<AgentRow> fast, String configText) {
        String text = configText;
        JavaPairRDD<Long, AgentRow> byBin = fast.mapToPair(r -> new Tuple2<>(kernel(text)
                .bin(r.getHyper(), 0), r));
        JavaPairRDD<Long, double[]> binSums = byBin.filter(t -> t._2().getStatus() == 0)
                .mapValues(r -> new double[]{r.getAgentId(), r.getFitnessInstant()})
                .groupByKey()
                .mapValues(vals -> {
                    List<double[]> l = new ArrayList<>();
                    vals.forEach(l::add);
                    l.sort((x, y) -> Double.compare(x[0], y[0]));
                    double s = 0.0;
                    for (double[] v : l) {
                        s += v[1];
                    }
                    return new double[]{s, l.size()};
                });
        JavaPairRDD<Long, double[]> neighbourhood = binSums.flatMapToPair(t -> {
            KernelFitness k = kernel(text);
            List<Tuple2<Long, double[]>> out = new ArrayList<>();
            int offsets = k.offsets();
            for (int o = 0; o < offsets; o++) {
                long target = k.offset(t._1(), offsets - 1 - o);
                if (target >= 0) {
                    out.add(new Tuple2<>(target, new double[]{o, t._2()[0], t._2()[1]}));
                }
            }
            return out.iterator();
        }).groupByKey().mapValues(vals -> {
            List<double[]> l = new ArrayList<>();
            vals.forEach(l::add);
            l.sort((x, y) -> Double.compare(x[0], y[0]));
            double s = 0.0;
            long c = 0;
            for (double[] v : l) {
                s += v[1];
                c += (long) v[2];
            }
            return new double[]{s, c};
        });
        return byBin.leftOuterJoin(neighbourhood).map(t -> {
            AgentRow r = t._2()._1();
            if (r.getStatus() == 0) {
                double[] sc = t._2()._2().get();
                r.setFitness(sc[0] / (long) sc[1]);
            }
            return r;
        });
    }

    private static KernelFitness kernel(String text) {
        return (KernelFitness) ExecutorParams.of(text).estimator();
    }
}
