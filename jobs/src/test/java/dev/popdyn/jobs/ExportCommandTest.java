package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code popdyn export} as a user runs it: a PBT run of logistic agents on the Iris CSV, then the best agent exported
 * as an MLlib {@code LogisticRegressionModel} that Spark ML loads and applies to the raw CSV columns with the accuracy
 * popdyn reported; a run of another model is refused with exit code 2.
 */
class ExportCommandTest {
    @TempDir
    Path tmp;

    static int cli(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void bestLogisticAgentLoadsInSparkMlWithTheReportedAccuracy() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path iris = Path.of("..", "data", "iris.csv").toAbsolutePath().normalize();
        Path conf = tmp.resolve("logistic.conf");
        Files.writeString(conf, """
                seed = 2
                population = 8
                generations = 3
                data { path = "%s", label = species, validation-fraction = 0.3 }
                model { name = logistic, batch = 16 }
                fast { dynamics = momentum, steps = 60, lr = 0.2 }
                hyper { l2 { lo = 0.00001, hi = 0.01, scale = log } }
                execution { out = "%s", partitions = 2 }
                """.formatted(iris, tmp.resolve("cache")));
        Path run = tmp.resolve("run");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(cli(out, err, "run", conf.toString(), "--out", run.toString())).as(err.toString()).isZero();
        out.reset();
        assertThat(cli(out, err, "export", run.toString(), "--out", tmp.resolve("model").toString()))
                .as(err.toString()).isZero();
        String said = out.toString(StandardCharsets.UTF_8);
        assertThat(said).contains("LogisticRegressionModel");
        double reported = Double.parseDouble(said.replaceAll("(?s).*accuracy ([0-9.]+)\\).*", "$1"));

        LogisticRegressionModel m = LogisticRegressionModel.load(tmp.resolve("model").toString());
        Dataset<Row> data = spark.read().option("header", true).option("inferSchema", true).csv(iris.toString());
        Dataset<Row> features = new VectorAssembler().setInputCols(new String[]{"sepal_length", "sepal_width",
            "petal_length", "petal_width"}).setOutputCol("features").transform(data);
        List<Row> predicted = m.transform(features).select("species", "prediction").collectAsList();
        List<String> classes = List.of("setosa", "versicolor", "virginica");
        long correct = predicted.stream()
                .filter(r -> classes.indexOf(r.getString(0)) == (int) r.getDouble(1)).count();
        double accuracy = correct / (double) predicted.size();
        assertThat(reported).isGreaterThan(0.8);
        assertThat(accuracy).as("MLlib accuracy on all 150 rows vs popdyn's validation accuracy")
                .isGreaterThan(reported - 0.1);

        out.reset();
        err.reset();
        assertThat(cli(out, err, "export", Path.of("..", "data", "sample-run").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: model.name: export needs model");
    }
}
