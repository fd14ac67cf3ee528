package dev.popdyn.jobs.data;

import dev.popdyn.core.data.DataSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Shared helpers of the data tests: the shipped Iris file and DataFrames of a prepared data set's sections. */
final class DataTestSupport {
    /** The repository's data/iris.csv (tests run in jobs/). */
    static final Path IRIS = Path.of("..", "data", "iris.csv").toAbsolutePath().normalize();

    private DataTestSupport() {
    }

    /** A copy of iris.csv keeping the header and the data lines that pass {@code keep}. */
    static Path irisSubset(Path dir, String name, Predicate<String> keep) throws Exception {
        List<String> lines = Files.readAllLines(IRIS);
        List<String> out = new ArrayList<>();
        out.add(lines.get(0));
        for (String l : lines.subList(1, lines.size())) {
            if (!l.isBlank() && keep.test(l)) {
                out.add(l);
            }
        }
        return Files.write(dir.resolve(name), out);
    }

    /** (label, features) rows of the training or validation section, features as MLlib vectors. */
    static Dataset<Row> frame(SparkSession spark, DataSet ds, boolean validation, boolean raw) {
        double[] x = validation ? ds.validationX() : ds.trainX();
        int[] y = validation ? ds.validationY() : ds.trainY();
        int p = ds.features();
        double[] mean = ds.mean();
        double[] scale = ds.scale();
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < y.length; r++) {
            double[] v = new double[p];
            for (int j = 0; j < p; j++) {
                v[j] = raw ? x[r * p + j] * scale[j] + mean[j] : x[r * p + j];
            }
            rows.add(RowFactory.create((double) y[r], Vectors.dense(v)));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType)
                .add("features", SQLDataTypes.VectorType());
        return spark.createDataFrame(rows, schema);
    }
}
