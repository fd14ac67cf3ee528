package dev.popdyn.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.popdyn.core.data.DataSet;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.jobs.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data the models cannot learn from is refused with one {@link InvalidConfigException} naming the key and the
 * column, before anything is written: an infinite feature value, a non-scalar label column, a table too wide to
 * prepare. A relative {@code data.path} is found beside the config file that sets it.
 */
class DataValidationTest {
    @TempDir
    Path tmp;

    private final SparkSession spark = SparkTestSession.get();

    private static Config conf(Path path, String label) {
        return ConfigFactory.parseString("data { path = \"" + path + "\", label = " + label + " }");
    }

    private InvalidConfigException refused(Config c) {
        Path cache = tmp.resolve("cache");
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> DataPrep.prepare(spark, c, cache));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        assertThat(cache).doesNotExist();
        return e;
    }

    @Test
    void anInfiniteFeatureValueIsRefusedNamingTheColumn() throws Exception {
        Path f = DataTestSupport.irisSubset(tmp, "inf.csv", l -> true);
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        String[] cells = lines.get(17).split(",");
        cells[2] = "Infinity";
        lines.set(17, String.join(",", cells));
        Files.write(f, lines);
        InvalidConfigException e = refused(conf(f, "species"));
        assertThat(e.key()).isEqualTo("data.features");
        assertThat(e.getMessage()).contains("'petal_length'").contains("1 infinite value");
    }

    @Test
    void aStructLabelColumnIsRefusedNamingIt() {
        Path p = tmp.resolve("struct.parquet");
        Dataset<Row> df = spark.range(40).selectExpr("named_struct('a', id, 'b', id * 2) AS target",
                "cast(id AS double) AS x", "cast(id % 7 AS double) AS z");
        df.write().parquet(p.toString());
        InvalidConfigException e = refused(conf(p, "target"));
        assertThat(e.key()).isEqualTo("data.label");
        assertThat(e.getMessage()).contains("'target'").contains("not a scalar").contains("struct<");
    }

    @Test
    void aHundredThousandColumnCsvIsRefusedWithOneLine() throws Exception {
        int n = 100_000;
        StringBuilder header = new StringBuilder("y");
        StringBuilder row0 = new StringBuilder("0");
        StringBuilder row1 = new StringBuilder("1");
        for (int j = 0; j < n; j++) {
            header.append(",c").append(j);
            row0.append(",").append(j % 3);
            row1.append(",").append(j % 5);
        }
        Path f = Files.writeString(tmp.resolve("wide.csv"), header + "\n" + row0 + "\n" + row1 + "\n");
        InvalidConfigException e = refused(conf(f, "y"));
        assertThat(e.key()).isEqualTo("data.features");
        assertThat(e.getMessage()).contains("100000 feature columns").contains(String.valueOf(DataPrep.MAX_FEATURES));
    }

    @Test
    void aRelativeDataPathIsFoundBesideTheConfigFileNotInTheWorkingDirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("project"));
        Files.copy(DataTestSupport.IRIS, dir.resolve("flowers.csv"));
        Path confFile = Files.writeString(dir.resolve("exp.conf"),
                "data { path = flowers.csv, label = species }\n");
        assertThat(Path.of("flowers.csv")).doesNotExist();
        Config c = ConfigLoader.load(confFile, List.of());
        Path out = DataPrep.prepare(spark, c, tmp.resolve("cache"));
        assertThat(DataSet.read(out).trainRows() + DataSet.read(out).validationRows()).isEqualTo(150);
        assertThat(c.getString("data.path")).isEqualTo("flowers.csv");
    }
}
