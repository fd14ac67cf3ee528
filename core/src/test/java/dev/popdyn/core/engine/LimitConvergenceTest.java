package dev.popdyn.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ExperimentParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Propagation of chaos on the quadratic model: particle runs with Boltzmann selection (ν = 1) and Gaussian mutation
 * of every agent approach the discrete replicator–mutator reference as N grows; and the {@code reduced} algorithm
 * (Gibbs draws) agrees with the full fast dynamics at large K.
 */
class LimitConvergenceTest {
    static ExperimentParams limit(int n, long seed) {
        return ExperimentParams.parse("""
                seed = %d
                population = %d
                generations = 8
                algorithm = reduced
                model { name = quadratic, dim = 4, center = 1.0, target = 0.5 }
                fast { temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3, init = "uniform(2, 3)" } }
                fitness { estimator = effective }
                selection { rule = boltzmann, alpha = 20, rate = 1 }
                mutation { sigma = 0.05, mode = all }
                """.formatted(seed, n));
    }

    static double finalW1(ExperimentParams p) {
        try (Population pop = new Population(p, 2)) {
            List<GenerationResult> rs = pop.run();
            for (GenerationResult r : rs) {
                assertThat(r.summary().get("w1_reference")).isFinite().isPositive();
            }
            return rs.get(rs.size() - 1).summary().get("w1_reference");
        }
    }

    @Test
    void w1ToTheReferenceShrinksFromHundredToTenThousandAgents() {
        for (long seed = 1; seed <= 3; seed++) {
            double small = finalW1(limit(100, seed));
            double large = finalW1(limit(10_000, seed));
            assertThat(large).as("seed %d: W1(N=1e4) = %s, W1(N=1e2) = %s", seed, large, small).isLessThan(small);
        }
    }

    @Test
    void noReferenceUnlessTheSlowStepMatches() {
        ExperimentParams p = ExperimentParams.parse("""
                population = 50
                generations = 2
                hyper { reg { lo = 0, hi = 3 } }
                """);
        try (Population pop = new Population(p, 1)) {
            assertThat(pop.run().get(1).summary().get("w1_reference")).isNaN();
        }
    }

    static ExperimentParams fastVsReduced(String algorithm, int steps, long seed) {
        return ExperimentParams.parse("""
                seed = %d
                population = 1000
                generations = 4
                algorithm = %s
                model { name = quadratic, dim = 4, center = 1.0, target = 0.5 }
                fast { steps = %d, lr = 0.004, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                fitness { estimator = instant }
                selection { rule = boltzmann, alpha = 4, rate = 1 }
                mutation { sigma = 0.05, mode = all }
                """.formatted(seed, algorithm, steps));
    }

    static double finalRegMean(ExperimentParams p) {
        try (Population pop = new Population(p, 2)) {
            List<GenerationResult> rs = pop.run();
            return rs.get(rs.size() - 1).summary().get("hyper_reg_mean");
        }
    }

    @Test
    void reducedAgreesWithFullFastDynamicsAtLargeK() {
        int seeds = 8;
        double[] full = new double[seeds];
        double[] reduced = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            full[s] = finalRegMean(fastVsReduced("full", 1500, 100 + s));
            reduced[s] = finalRegMean(fastVsReduced("reduced", 1, 200 + s));
        }
        double mf = mean(full);
        double mr = mean(reduced);
        double se = Math.sqrt(var(full, mf) / seeds + var(reduced, mr) / seeds);
        assertThat(Math.abs(mf - mr)).as("full %s vs reduced %s, SE %s", mf, mr, se).isLessThan(4 * se);
        assertThat(se).isPositive();
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double var(double[] x, double m) {
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }
}
