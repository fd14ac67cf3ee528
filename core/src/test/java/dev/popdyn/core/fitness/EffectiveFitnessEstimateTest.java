package dev.popdyn.core.fitness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.dynamics.LangevinDynamics;
import dev.popdyn.core.params.ExperimentParams;
import org.junit.jupiter.api.Test;

/** The Langevin time average matches the quadratic model's closed-form F̄ within 4 batch-means standard errors. */
class EffectiveFitnessEstimateTest {
    @Test
    void numericalEstimateMatchesClosedFormOnQuadratic() {
        ExperimentParams p = ExperimentParams.parse("""
                model { name = quadratic, dim = 4, center = 1.0, target = 0.5 }
                fast { lr = 0.002, temperature = 0.2 }
                hyper { reg { lo = 0, hi = 3 } }
                fitness { estimator = effective }
                """);
        LangevinDynamics ld = (LangevinDynamics) p.dynamics();
        EffectiveFitnessEstimate e = new EffectiveFitnessEstimate(p.model(), ld, 400_000, 5_000, 11);
        for (double reg : new double[]{0.2, 1.0, 2.5}) {
            double[] l = {reg};
            EffectiveFitnessEstimate.Estimate est = e.estimate(l, 0, 0.2);
            double exact = p.model().effectiveFitness(l, 0, 0.2);
            assertThat(est.standardError()).isPositive().isLessThan(0.05);
            assertThat(Math.abs(est.mean() - exact)).as("reg %s: %s vs %s ± %s", reg, est.mean(), exact,
                    est.standardError()).isLessThan(4 * est.standardError());
        }
    }

    @Test
    void himmelblauUsesTheNumericalEstimateDeterministically() {
        ExperimentParams p = ExperimentParams.parse("""
                model { name = himmelblau }
                hyper { lr { lo = 0.001, hi = 0.01, scale = log }, temperature { lo = 0.01, hi = 1, scale = log } }
                fitness { estimator = effective, effective-steps = 500, effective-burnin = 100 }
                """);
        assertThat(p.estimator()).isInstanceOf(NumericalEffectiveFitness.class);
        double[] cold = {0.003, 0.02};
        double[] hot = {0.003, 0.8};
        double fc = p.estimator().estimate(new double[1], 0, 1, cold, 0);
        double fh = p.estimator().estimate(new double[1], 0, 1, hot, 0);
        assertThat(p.estimator().estimate(new double[1], 0, 1, cold, 0)).isEqualTo(fc);
        assertThat(fc).isLessThan(0).isGreaterThan(fh);
        assertThat(p.resolved()).containsKeys("fitness.effective-steps", "fitness.effective-burnin");
    }
}
