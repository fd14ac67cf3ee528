package dev.popdyn.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.model.DenseClassifier;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.SparkTestSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs conf/examples/mlp.conf as {@code popdyn run} will once DataPrep is wired in (prepare data.path, set
 * model.data), but on the single-JVM {@link Population} engine, twice: with PBT (truncation selection) and with
 * selection.rule = none (every agent keeps its initial hyperparameters: the fixed-hyperparameter baseline with the
 * same compute). Prints the final validation log-loss and accuracy of the population's best agent and of the median
 * fixed agent; PBT's best must beat the median fixed agent.
 */
class MlpExampleTest {
    static final Path CONF = Path.of("..", "conf", "examples", "mlp.conf").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** Final fitness of every agent and the accuracy of the best one. */
    record Outcome(double[] fitness, double bestAccuracy, double medianAccuracy, double seconds) {
        double best() {
            return Arrays.stream(fitness).max().orElseThrow();
        }

        double median() {
            double[] s = fitness.clone();
            Arrays.sort(s);
            return s[s.length / 2];
        }
    }

    static Outcome run(Config c) {
        ExperimentParams p = ExperimentParams.fromConfig(c);
        DenseClassifier m = (DenseClassifier) p.model();
        long t0 = System.nanoTime();
        try (Population pop = new Population(p, 2)) {
            List<GenerationResult> rs = pop.run();
            AgentBatch last = rs.get(rs.size() - 1).evaluated();
            double[] f = new double[last.n];
            double[] acc = new double[last.n];
            int best = 0;
            for (int i = 0; i < last.n; i++) {
                f[i] = last.status[i] == AgentBatch.OK ? -m.validationLogLoss(last.theta, i * last.d)
                        : Double.NEGATIVE_INFINITY;
                acc[i] = m.accuracy(last.theta, i * last.d);
                if (f[i] > f[best]) {
                    best = i;
                }
            }
            Integer[] order = new Integer[last.n];
            for (int i = 0; i < last.n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(f[a], f[b]));
            return new Outcome(f, acc[best], acc[order[last.n / 2]], (System.nanoTime() - t0) / 1e9);
        }
    }

    @Test
    void pbtBeatsTheMedianFixedAgent() {
        Config raw = ConfigLoader.load(CONF, List.of("data.path = \"" + DataTestSupport.IRIS + "\""));
        Path bin = DataPrep.prepare(SparkTestSession.get(), raw, tmp);
        Config c = DataPrep.withDataFile(raw, bin);
        Outcome pbt = run(c);
        Outcome fixed = run(ConfigLoader.applyOverrides(c, List.of("selection.rule = none")));
        System.out.printf(Locale.ROOT, "mlp.conf PBT:   best log-loss %.4f (accuracy %.3f), median %.4f, %.1f s%n",
                -pbt.best(), pbt.bestAccuracy(), -pbt.median(), pbt.seconds());
        System.out.printf(Locale.ROOT, "mlp.conf fixed: best log-loss %.4f, median agent %.4f (accuracy %.3f), "
                + "%.1f s%n", -fixed.best(), -fixed.median(), fixed.medianAccuracy(), fixed.seconds());
        assertThat(pbt.best()).isGreaterThan(fixed.median());
        assertThat(pbt.median()).isGreaterThan(fixed.median());
    }
}
