package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HimmelblauTest extends ClosedFormModelContract {
    @Override
    protected Model model() {
        return new Himmelblau();
    }

    @Override
    protected double[] hyper() {
        return new double[0];
    }

    @Override
    protected double expectedLoss(double[] theta, double[] hyper) {
        double x = theta[0];
        double y = theta[1];
        return Math.pow(x * x + y - 11, 2) + Math.pow(x + y * y - 7, 2);
    }

    @Override
    protected double expectedFitness(double[] theta, double[] hyper) {
        return -expectedLoss(theta, hyper);
    }

    @Test
    void theFourGlobalMinimaHaveZeroLossAndGradient() {
        double[][] minima = {{3, 2}, {-2.805118, 3.131312}, {-3.779310, -3.283186}, {3.584428, -1.848127}};
        Model m = model();
        for (double[] p : minima) {
            double[] g = new double[2];
            assertThat(m.lossAndGradient(p, 0, hyper(), 0, g, null)).isCloseTo(0.0, within(1e-9));
            assertThat(g[0]).isCloseTo(0.0, within(1e-4));
            assertThat(g[1]).isCloseTo(0.0, within(1e-4));
        }
    }

    @Test
    void hasNoClosedForms() {
        assertThat(model().hasGibbsSampler()).isFalse();
        assertThat(model().hasEffectiveFitness()).isFalse();
    }
}
