package dev.popdyn.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.popdyn.core.data.DataSet;
import dev.popdyn.core.data.DataSplit;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.jobs.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPrepTest {
    @TempDir
    Path tmp;

    private final SparkSession spark = SparkTestSession.get();

    private static Config conf(Path path, String extra) {
        return ConfigFactory.parseString("data { path = \"" + path + "\", label = species\n" + extra + " }");
    }

    @Test
    void preparesIrisFromCsvAndParquetIdentically() {
        Path f = DataPrep.prepare(spark, conf(DataTestSupport.IRIS, "validation-fraction = 0.3"), tmp);
        DataSet ds = DataSet.read(f);
        assertThat(ds.trainRows() + ds.validationRows()).isEqualTo(150);
        long expectedVal = 0;
        for (int i = 0; i < 150; i++) {
            expectedVal += DataSplit.isValidation(1, i, 0.3) ? 1 : 0;
        }
        assertThat((long) ds.validationRows()).isEqualTo(expectedVal);
        assertThat(ds.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(ds.featureNames()).containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
        int p = ds.features();
        for (int j = 0; j < p; j++) {
            double s = 0;
            double s2 = 0;
            for (int r = 0; r < ds.trainRows(); r++) {
                double v = ds.trainX()[r * p + j];
                s += v;
                s2 += v * v;
            }
            int n = ds.trainRows();
            assertThat(s / n).isCloseTo(0.0, within(1e-12));
            assertThat((s2 - s * s / n) / (n - 1)).isCloseTo(1.0, within(1e-12));
        }
        assertThat(f.getFileName().toString()).isEqualTo("iris-" + ds.sha256().substring(0, 12) + ".pdds");
        assertThat(DataPrep.prepare(spark, conf(DataTestSupport.IRIS, "validation-fraction = 0.3"), tmp))
                .isEqualTo(f);

        DataFiles.ship(spark, f);
        String name = f.getFileName().toString();
        assertThat(DataFiles.local(name)).isNotNull();
        assertThat(DataSet.open(tmp.resolve("not-here").resolve(name).toString()).sha256())
                .as("an executor-style path that does not exist resolves through SparkFiles")
                .isEqualTo(ds.sha256());

        Path pq = tmp.resolve("iris.parquet");
        spark.read().option("header", "true").option("inferSchema", "true").csv(DataTestSupport.IRIS.toString())
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(pq.toString());
        DataSet fromParquet = DataSet.read(DataPrep.prepare(spark, conf(pq, "validation-fraction = 0.3"),
                tmp.resolve("pq")));
        assertThat(fromParquet.sha256()).isEqualTo(ds.sha256());

        Config withFeatures = conf(DataTestSupport.IRIS, "features = [petal_width, sepal_length]");
        DataSet two = DataSet.read(DataPrep.prepare(spark, withFeatures, tmp.resolve("two")));
        assertThat(two.featureNames()).containsExactly("petal_width", "sepal_length");
        assertThat(DataPrep.withDataFile(withFeatures, f).getString("model.data")).isEqualTo(f.toString());
    }

    @Test
    void badInputsGiveErrorsNamingTheKeyColumnAndFile() throws Exception {
        assertThatThrownBy(() -> DataPrep.prepare(spark, conf(DataTestSupport.IRIS, "label = kind"), tmp))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("data.label: column 'kind' not found in").hasMessageContaining("iris.csv");
        assertThatThrownBy(() -> DataPrep.prepare(spark, conf(DataTestSupport.IRIS, "features = [sepal_length, "
                + "petal_area]"), tmp)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("data.features: column 'petal_area' not found");

        Path text = Files.writeString(tmp.resolve("text.csv"), "a,b,species\n1,x,s\n2,y,t\n3,z,s\n");
        assertThatThrownBy(() -> DataPrep.prepare(spark, conf(text, "features = [a, b]"), tmp))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("data.features: column 'b' of").hasMessageContaining("is not numeric");

        Path empty = Files.createFile(tmp.resolve("empty.csv"));
        assertThatThrownBy(() -> DataPrep.prepare(spark, conf(empty, ""), tmp))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("data.path")
                .hasMessageContaining("empty.csv is empty");
        Path header = Files.writeString(tmp.resolve("header.csv"), "a,species\n");
        assertThatThrownBy(() -> DataPrep.prepare(spark, conf(header, ""), tmp))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("holds no rows");

        Path setosa = DataTestSupport.irisSubset(tmp, "setosa.csv", l -> l.endsWith("setosa"));
        assertThatThrownBy(() -> DataPrep.prepare(spark, conf(setosa, ""), tmp))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("data.label: column 'species' of").hasMessageContaining("only one class");

        Path missing = Files.writeString(tmp.resolve("missing.csv"), "a,species\n1,s\n,t\n3,t\n");
        assertThatThrownBy(() -> DataPrep.prepare(spark, conf(missing, ""), tmp))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("column 'a'")
                .hasMessageContaining("missing");

        assertThatThrownBy(() -> DataPrep.prepare(spark, conf(tmp.resolve("nope.csv"), ""), tmp))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("data.path: file not found");
        assertThatThrownBy(() -> DataPrep.prepare(spark, conf(DataTestSupport.IRIS, "colour = red"), tmp))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("data.colour: unknown key");
    }
}
