package dev.popdyn.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.model.Quadratic;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import org.junit.jupiter.api.Test;

class LangevinDynamicsTest extends FastDynamicsContract {
    @Override
    protected FastDynamics dynamics() {
        HyperSpace s = space();
        return new LangevinDynamics(Binding.of(s, "lr", 1.0), Binding.of(s, "temperature", 9.0));
    }

    @Test
    void zeroStepsLeaveThetaUnchanged() {
        FastDynamics dyn = dynamics();
        Model m = model();
        double[] theta = {0.2, -0.7, 1.5};
        dyn.run(m, theta, 0, hyper(), 0, new double[0], 0, 0, Streams.of(1, 1, 1, Purpose.FAST), new double[3]);
        assertThat(theta).containsExactly(0.2, -0.7, 1.5);
    }

    /**
     * At T = 0 a step is θ − m ← (1 − η(1+ρ))(θ − m) with m = c/(1+ρ), so after K steps
     * θ_K = m + (1 − η(1+ρ))^K (θ₀ − m) exactly (up to rounding).
     */
    @Test
    void zeroTemperatureIsGradientDescentWithTheClosedFormContraction() {
        double eta = 0.1;
        double rho = 0.5;
        double c = 2.0;
        Model m = new Quadratic(2, c, 0.0, rho, 1.0, HyperSpace.of());
        FastDynamics dyn = new LangevinDynamics(Binding.of(HyperSpace.of(), "lr", eta),
                Binding.of(HyperSpace.of(), "temperature", 0.0));
        double[] theta = {3.0, -1.0};
        int k = 17;
        dyn.run(m, theta, 0, new double[0], 0, new double[0], 0, k, Streams.of(1, 1, 1, Purpose.FAST),
                new double[2]);
        double mean = c / (1 + rho);
        double factor = Math.pow(1 - eta * (1 + rho), k);
        assertThat(theta[0]).isCloseTo(mean + factor * (3.0 - mean), within(1e-12));
        assertThat(theta[1]).isCloseTo(mean + factor * (-1.0 - mean), within(1e-12));
    }

    @Test
    void zeroTemperatureDrawsNothingFromTheStream() {
        Model m = new Quadratic(2, 1.0, 0.0, 0.0, 1.0, HyperSpace.of());
        FastDynamics dyn = new LangevinDynamics(Binding.of(HyperSpace.of(), "lr", 0.1),
                Binding.of(HyperSpace.of(), "temperature", 0.0));
        double[] a = {3.0, -1.0};
        double[] b = {3.0, -1.0};
        dyn.run(m, a, 0, new double[0], 0, new double[0], 0, 10, Streams.of(1, 1, 1, Purpose.FAST), new double[2]);
        dyn.run(m, b, 0, new double[0], 0, new double[0], 0, 10, Streams.of(2, 2, 2, Purpose.FAST), new double[2]);
        assertThat(a).containsExactly(b);
    }

    @Test
    void stepSizeIsReadFromLambda() {
        LangevinDynamics dyn = (LangevinDynamics) dynamics();
        assertThat(dyn.lr(hyper(), 0)).isEqualTo(0.05);
        LangevinDynamics fixed = new LangevinDynamics(Binding.of(HyperSpace.of(), "lr", 0.02),
                Binding.of(HyperSpace.of(), "temperature", 0.0));
        assertThat(fixed.lr(new double[0], 0)).isEqualTo(0.02);
    }
}
