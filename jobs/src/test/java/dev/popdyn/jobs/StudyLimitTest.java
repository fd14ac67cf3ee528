package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.timescales.PowerLawFit;
import dev.popdyn.jobs.study.LimitStudy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code popdyn study limit} on a tiny setting writes the run directories and the limit table and prints a slope. */
class StudyLimitTest {
    @TempDir
    Path tmp;

    @Test
    void tinyStudyWritesLimitTableAndPrintsSlope() throws Exception {
        SparkTestSession.get();
        Path conf = tmp.resolve("limit.conf");
        Files.writeString(conf, """
                seed = 10
                generations = 1
                algorithm = reduced
                model { name = quadratic, dim = 2 }
                fast { temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3, init = "uniform(2, 3)" } }
                fitness { estimator = effective }
                selection { rule = boltzmann, alpha = 10, rate = 1 }
                mutation { sigma = 0.05, mode = all }
                execution { partitions = 2 }
                study { sizes = [50, 5000], seeds = 3 }
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path dir = tmp.resolve("study");
        int code = Main.execute(new String[]{"study", "limit", conf.toString(), "--sizes", "50,400", "--seeds",
            "2", "--out", dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("slope of log W1 vs log N").contains("        50").contains("       400");
        assertThat(dir.resolve("runs/N=400,seed=11/run.json")).exists();
        Dataset<Row> limit = SparkTestSession.get().read().parquet(dir.resolve("limit").toString());
        assertThat(limit.count()).isEqualTo(2 * 2);
        assertThat(limit.columns()).contains("n", "seed", "generation", "w1", "reg_mean", "reg_var");
        assertThat(limit.filter("w1 > 0").count()).isEqualTo(4);
        assertThat(text).contains("N = 400, seed = 11: ran");
    }

    @Test
    void fitRecoversAKnownSlope() {
        double[] n = {10, 100, 1000, 10000};
        double[] w1 = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            w1[i] = 3.0 / Math.sqrt(n[i]);
        }
        PowerLawFit f = PowerLawFit.of(n, w1);
        assertThat(f.exponent()).isCloseTo(-0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f.prefactor()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
