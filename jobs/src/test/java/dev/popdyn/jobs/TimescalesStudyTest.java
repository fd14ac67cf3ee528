package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code popdyn study timescales} end to end in-process on a tiny two-layer instance (d = m = 8, 1000 steps, two
 * values of ε): one run per ε without selection, the {@code timescales/} table with drop times, plateau levels near
 * R₁ and the fitted exponents, the figure with one panel per degree; bad input is one error line.
 */
class TimescalesStudyTest {
    @TempDir
    Path tmp;

    @Test
    void tinyStudyRunsEndToEndAndWritesTheTable() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path conf = tmp.resolve("tiny.conf");
        Files.writeString(conf, """
                seed = 1, population = 3, generations = 2
                model { name = two-layer, dim = 8, width = 8, target = [0.0, 0.6, 0.8], activation = [0.0, 1.0, 0.1] }
                fast { steps = 500, lr = 0.1 }
                hyper { eps { lo = 0.01, hi = 1, scale = log } }
                selection { rule = truncation }
                trajectory.every = 5
                execution { partitions = 2 }
                """);
        Path out = tmp.resolve("study");
        CliRun.Result r = CliRun.cli("study", "timescales", conf.toString(), "--eps", "0.03,0.01", "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("selection none").contains("degree 2: t_2 ∝ eps^b")
                .contains("table: " + out.resolve("timescales")).contains("figure: " + out.resolve("timescales.png"));
        BufferedImage figure = ImageIO.read(out.resolve("timescales.png").toFile());
        assertThat(figure.getWidth()).as("one 560-pixel panel per degree with a drop (1 and 2; degree 0 has none)")
                .isEqualTo(2 * 560);
        assertThat(Files.isDirectory(out.resolve("runs/eps=0.03/trajectory/generation=2"))).isTrue();

        List<Row> rows = spark.read().parquet(out.resolve("timescales").toString()).orderBy("degree", "eps")
                .collectAsList();
        assertThat(rows).hasSize(6);
        for (Row row : rows) {
            int l = row.getInt(row.fieldIndex("degree"));
            assertThat(row.getLong(row.fieldIndex("agents"))).isEqualTo(3);
            assertThat(row.getDouble(row.fieldIndex("plateau_theory"))).isCloseTo(new double[]{0.5, 0.32, 0}[l],
                    within(1e-12));
            double drop = row.getDouble(row.fieldIndex("drop_time"));
            if (l == 0) {
                assertThat(drop).as("φ₀ = 0: nothing to learn").isNaN();
                continue;
            }
            assertThat(row.getLong(row.fieldIndex("agents_dropped"))).as("at least half dropped").isGreaterThan(1);
            assertThat(drop).isPositive().isLessThan(12.5);
        }
        Row l1 = rows.get(2);
        assertThat(l1.getDouble(l1.fieldIndex("plateau_observed"))).isCloseTo(0.32, within(0.05));
        Row l2small = rows.get(4);
        Row l2large = rows.get(5);
        assertThat(l2large.getDouble(l2large.fieldIndex("drop_time")))
                .isGreaterThan(l2small.getDouble(l2small.fieldIndex("drop_time")));
        assertThat(l2large.getDouble(l2large.fieldIndex("exponent"))).isPositive();
        assertThat(l2large.getInt(l2large.fieldIndex("fit_points"))).isEqualTo(2);
    }

    @Test
    void otherModelsAreRefusedWithOneErrorLine() throws Exception {
        Path conf = tmp.resolve("q.conf");
        Files.writeString(conf, "model { name = quadratic, dim = 2 }\n");
        CliRun.Result r = CliRun.cli("study", "timescales", conf.toString(), "--out", tmp.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: model.name");
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }
}
