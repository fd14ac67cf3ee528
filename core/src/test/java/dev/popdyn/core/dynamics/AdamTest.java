package dev.popdyn.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdamTest {
    @Test
    void firstStepIsLrTimesGOverAbsGPlusEps() {
        double lr = 0.01;
        double[] theta = {9, 1.0, -2.0, 0.5, 0.0};
        double[] grad = {0.5, -3.0, 1e-9, 0.0};
        double[] m = new double[4];
        double[] v = new double[6];
        Adam.step(theta, 1, grad, 0, m, 0, v, 2, 4, 1, lr);
        assertThat(theta[0]).isEqualTo(9);
        // m̂ = g and v̂ = g² after one step, so Δθ = −lr·g/(|g| + ε): ≈ −lr·sign(g) unless |g| is near ε.
        assertThat(theta[1]).isCloseTo(1.0 - 0.01 * 0.5 / (0.5 + 1e-8), within(1e-15));
        assertThat(theta[2]).isCloseTo(-2.0 + 0.01 * 3.0 / (3.0 + 1e-8), within(1e-15));
        assertThat(theta[3]).isCloseTo(0.5 - 0.01 / 11, within(1e-15));
        assertThat(theta[4]).isEqualTo(0.0);
        assertThat(m[0]).isCloseTo(0.05, within(1e-16));
        assertThat(v[2]).isCloseTo(0.00025, within(1e-18));
        assertThat(v[3]).isCloseTo(0.009, within(1e-17));
    }

    @Test
    void secondStepUsesBiasCorrectedMoments() {
        double[] theta = {1.0};
        double[] m = new double[1];
        double[] v = new double[1];
        Adam.step(theta, 0, new double[]{0.5}, 0, m, 0, v, 0, 1, 1, 0.01);
        double after1 = theta[0];
        Adam.step(theta, 0, new double[]{-0.5}, 0, m, 0, v, 0, 1, 2, 0.01);
        // By hand: m = 0.9·0.05 − 0.1·0.5 = −0.005, v = 0.999·0.00025 + 0.001·0.25 = 0.00049975,
        // m̂ = −0.005/(1 − 0.81) = −0.005/0.19, v̂ = 0.00049975/(1 − 0.998001) = 0.25.
        assertThat(m[0]).isCloseTo(-0.005, within(1e-16));
        assertThat(v[0]).isCloseTo(0.00049975, within(1e-17));
        assertThat(theta[0]).isCloseTo(after1 - 0.01 * (-0.005 / 0.19) / (0.5 + 1e-8), within(1e-15));
    }

    @Test
    void rejectsStepZero() {
        assertThatThrownBy(() -> Adam.step(new double[1], 0, new double[1], 0, new double[1], 0, new double[1], 0, 1,
                0, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
