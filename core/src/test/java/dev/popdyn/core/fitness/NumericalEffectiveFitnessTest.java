package dev.popdyn.core.fitness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.dynamics.LangevinDynamics;
import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.Quadratic;
import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import org.junit.jupiter.api.Test;

/**
 * {@link NumericalEffectiveFitness} (the {@code effective} estimator of models without a closed form) against the
 * fitness-estimator contract, on a 2-dimensional quadratic over λ = (reg, temperature); its accuracy against the
 * closed form is tested by {@link EffectiveFitnessEstimateTest}.
 */
class NumericalEffectiveFitnessTest extends FitnessEstimatorContract {
    private static EffectiveFitnessEstimate estimate() {
        HyperSpace s = HyperSpace.of(HyperDim.real("reg", 0, 2, Scale.LINEAR),
                HyperDim.real("temperature", 0, 1, Scale.LINEAR));
        return new EffectiveFitnessEstimate(new Quadratic(2, 1.0, 0.5, 0, 1, s),
                new LangevinDynamics(Binding.of(s, "lr", 0.05), Binding.of(s, "temperature", 5.0)), 400, 100, 9);
    }

    @Override
    protected FitnessEstimator estimator() {
        return new NumericalEffectiveFitness(estimate());
    }

    @Override
    protected boolean readsHistory() {
        return false;
    }

    @Test
    void isTheTimeAverageAtTheAgentsOwnTemperature() {
        double[] padded = {Double.NaN, HYPER[0], HYPER[1]};
        assertThat(estimator().estimate(new double[]{-1.0}, 0, 1, padded, 1))
                .isEqualTo(estimate().effectiveFitness(HYPER, 0, HYPER[1]));
    }
}
