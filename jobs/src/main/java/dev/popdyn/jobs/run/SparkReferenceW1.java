package dev.popdyn.jobs.run;

import dev.popdyn.core.meanfield.ReferenceW1;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The summary's {@code w1_reference} on Spark without collecting O(N) values (docs/design.md §2): every agent emits its value
 * along each direction of the {@link ReferenceW1} target (1 in 1-D, 16 projections in 2-D); one distributed sort by
 * (direction, value) and {@code zipWithIndex} give global ranks; rows are grouped into the target's fixed rank blocks
 * ({@link ReferenceW1#BLOCK} ranks; each block also receives the first value of the next block), each block
 * computes its exact partial integral of |F_N − F|, and the driver collects only the O(directions · N/BLOCK)
 * partials and adds them in canonical order ({@link ReferenceW1#combine}). Bit-identical to
 * {@link ReferenceW1#w1} in the single-JVM engine for any partitioning. Stateless.
 */
final class SparkReferenceW1 {
    private static final StructType SCHEMA = new StructType()
            .add("dir", DataTypes.IntegerType, false)
            .add("v", DataTypes.DoubleType, false);

    private SparkReferenceW1() {
    }

    /** W1 (1-D) or sliced W1 (2-D) between the λ of {@code slim}'s n rows (column 3: hyper) and the target. */
    static double distance(Dataset<Row> slim, ReferenceW1 target, long n) {
        int dirs = target.directions();
        JavaRDD<Row> values = slim.javaRDD().flatMap(r -> {
            List<Double> hy = r.getList(3);
            double[] h = new double[hy.size()];
            for (int k = 0; k < h.length; k++) {
                h[k] = hy.get(k);
            }
            List<Row> out = new ArrayList<>(dirs);
            for (int d = 0; d < dirs; d++) {
                out.add(RowFactory.create(d, target.value(d, h, 0)));
            }
            return out.iterator();
        });
        long blocks = ReferenceW1.blocks(n);
        List<Tuple2<Long, Double>> partials = slim.sparkSession().createDataFrame(values, SCHEMA)
                .orderBy("dir", "v").javaRDD().zipWithIndex()
                .flatMapToPair(t -> {
                    int d = t._1().getInt(0);
                    double v = t._1().getDouble(1);
                    long rank = t._2() - d * n;
                    long key = d * blocks + rank / ReferenceW1.BLOCK;
                    List<Tuple2<Long, double[]>> out = new ArrayList<>(2);
                    out.add(new Tuple2<>(key, new double[]{0, v}));
                    if (rank > 0 && rank % ReferenceW1.BLOCK == 0) {
                        out.add(new Tuple2<>(key - 1, new double[]{1, v}));
                    }
                    return out.iterator();
                })
                .groupByKey()
                .map(t -> {
                    double[] vs = new double[ReferenceW1.BLOCK];
                    int len = 0;
                    double next = Double.NaN;
                    for (double[] x : t._2()) {
                        if (x[0] == 1) {
                            next = x[1];
                        } else {
                            vs[len++] = x[1];
                        }
                    }
                    java.util.Arrays.sort(vs, 0, len);
                    int d = (int) (t._1() / blocks);
                    long b = t._1() % blocks;
                    return new Tuple2<>(t._1(), target.partial(d, b, vs, len, n, next));
                })
                .collect();
        double[][] byDir = new double[dirs][(int) blocks];
        for (Tuple2<Long, Double> t : partials) {
            byDir[(int) (t._1() / blocks)][(int) (t._1() % blocks)] = t._2();
        }
        return target.combine(byDir);
    }
}
