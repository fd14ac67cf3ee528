package dev.popdyn.bench;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.timescales.PowerLawFit;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code study limit} numbers with the single-JVM engine (bit-identical W1 to the Spark job): final-generation
 * W1 per N × seed for a config file, and the least-squares slope of log W1 vs log N with its standard error, plus
 * the wall time per run. Plain {@code main}; run from the repository root after
 * {@code mvn -B -Pbench -pl bench -am package -DskipTests}: {@code java -cp bench/target/popdyn-bench.jar
 * dev.popdyn.bench.LimitSlopeBench CONF N1,N2,… SEEDS}. Not thread-safe (a program, not a library type).
 */
public final class LimitSlopeBench {
    private LimitSlopeBench() {
    }

    public static void main(String[] args) {
        var base = ConfigFactory.parseFile(Path.of(args[0]).toFile()).resolve();
        String[] sizes = args[1].split(",");
        int seeds = Integer.parseInt(args[2]);
        long seed0 = base.getLong("seed");
        int m = sizes.length * seeds;
        double[] x = new double[m];
        double[] y = new double[m];
        int k = 0;
        for (String s : sizes) {
            long n = Long.parseLong(s);
            double sum = 0;
            for (int r = 0; r < seeds; r++) {
                ExperimentParams p = ExperimentParams.fromConfig(base.withValue("population",
                        ConfigValueFactory.fromAnyRef(n)).withValue("seed", ConfigValueFactory.fromAnyRef(seed0 + r)));
                long t0 = System.nanoTime();
                try (Population pop = new Population(p, 0)) {
                    List<GenerationResult> rs = pop.run();
                    double w = rs.get(rs.size() - 1).summary().get("w1_reference");
                    System.out.printf(Locale.ROOT, "N = %d, seed = %d: W1 = %.6g  (%.1f s)%n", n, seed0 + r, w,
                            (System.nanoTime() - t0) / 1e9);
                    x[k] = n;
                    y[k++] = w;
                    sum += w;
                }
            }
            System.out.printf(Locale.ROOT, "N = %d: mean W1 = %.6g%n", n, sum / seeds);
        }
        PowerLawFit f = PowerLawFit.of(x, y);
        System.out.printf(Locale.ROOT, "slope %.4f ± %.4f over %d points%n", f.exponent(), f.stderr(), f.points());
    }
}
