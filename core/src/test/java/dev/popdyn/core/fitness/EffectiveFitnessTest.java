package dev.popdyn.core.fitness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.dynamics.GibbsDraw;
import dev.popdyn.core.dynamics.LangevinDynamics;
import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.Himmelblau;
import dev.popdyn.core.model.Quadratic;
import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import org.junit.jupiter.api.Test;

class EffectiveFitnessTest extends FitnessEstimatorContract {
    private static final int D = 2;
    private static final double C = 1.0;
    private static final double V = 0.5;

    private static HyperSpace space() {
        return HyperSpace.of(HyperDim.real("reg", 0, 2, Scale.LINEAR),
                HyperDim.real("temperature", 0, 1, Scale.LINEAR));
    }

    @Override
    protected FitnessEstimator estimator() {
        HyperSpace s = space();
        return new EffectiveFitness(new Quadratic(D, C, V, 0, 1, s),
                new LangevinDynamics(Binding.of(s, "lr", 0.01), Binding.of(s, "temperature", 5.0)));
    }

    @Override
    protected boolean readsHistory() {
        return false;
    }

    /** F̄(ρ) = −½(d (c/(1+ρ) − v)² + d T/(1+ρ)) at the agent's own ρ and T (docs/design.md §1.4). */
    @Test
    void estimateIsTheClosedFormAtTheAgentsRegularisationAndTemperature() {
        double rho = HYPER[0];
        double t = HYPER[1];
        double m = C / (1 + rho) - V;
        double expected = -0.5 * (D * m * m + D * t / (1 + rho));
        assertThat(estimator().estimate(new double[]{-99.0}, 0, 1, HYPER, 0)).isCloseTo(expected, within(1e-14));
    }

    @Test
    void temperatureComesFromTheDynamicsEvenForTheReducedAlgorithm() {
        HyperSpace s = HyperSpace.of(HyperDim.real("reg", 0, 2, Scale.LINEAR));
        Quadratic q = new Quadratic(D, C, V, 0, 1, s);
        FitnessEstimator e = new EffectiveFitness(q, new GibbsDraw(Binding.of(s, "temperature", 0.4)));
        assertThat(e.estimate(new double[]{0.0}, 0, 1, new double[]{1.0}, 0))
                .isEqualTo(q.effectiveFitness(new double[]{1.0}, 0, 0.4));
    }

    @Test
    void rejectsAModelWithoutClosedForm() {
        assertThatThrownBy(() -> new EffectiveFitness(new Himmelblau(),
                new GibbsDraw(Binding.of(HyperSpace.of(), "temperature", 0.4))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("himmelblau");
    }
}
