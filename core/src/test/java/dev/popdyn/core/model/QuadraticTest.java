package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuadraticTest extends ClosedFormModelContract {
    private static final double C = 1.3;
    private static final double V = 0.4;
    private static final double RHO = 0.6;
    private static final int D = 3;

    private static HyperSpace space() {
        return HyperSpace.of(HyperDim.real("lr", 0.001, 0.1, Scale.LOG), HyperDim.real("reg", 0, 2, Scale.LINEAR));
    }

    @Override
    protected Model model() {
        return new Quadratic(D, C, V, 5.0, 1.0, space());
    }

    @Override
    protected double[] hyper() {
        return new double[]{0.01, RHO};
    }

    @Override
    protected double expectedLoss(double[] theta, double[] hyper) {
        double s = 0;
        for (double t : theta) {
            s += 0.5 * (t - C) * (t - C) + 0.5 * hyper[1] * t * t;
        }
        return s;
    }

    @Override
    protected double expectedFitness(double[] theta, double[] hyper) {
        double s = 0;
        for (double t : theta) {
            s += (t - V) * (t - V);
        }
        return -0.5 * s;
    }

    @Test
    void regularisationIsReadFromLambdaWhenPresentElseFixed() {
        Quadratic bound = (Quadratic) model();
        Quadratic fixed = new Quadratic(D, C, V, RHO, 1.0, HyperSpace.of());
        double[] theta = {0.3, -1.0, 2.0};
        double[] g1 = new double[D];
        double[] g2 = new double[D];
        assertThat(bound.lossAndGradient(theta, 0, hyper(), 0, g1, null))
                .isEqualTo(fixed.lossAndGradient(theta, 0, new double[0], 0, g2, null));
        assertThat(g1).containsExactly(g2);
    }

    @Test
    void gibbsDrawsHaveTheClosedFormMeanAndVariance() {
        double temperature = 0.8;
        Model m = model();
        int n = 30_000;
        double[] theta = new double[D];
        SplittableRandom rng = Streams.of(9, 1, 0, Purpose.FAST);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            m.sampleGibbs(theta, 0, hyper(), 0, temperature, rng);
            for (double t : theta) {
                sum += t;
                sumSq += t * t;
            }
        }
        int count = n * D;
        double mean = sum / count;
        double var = (sumSq - count * mean * mean) / (count - 1);
        double expectedMean = C / (1 + RHO);
        double expectedVar = temperature / (1 + RHO);
        assertThat(mean).isCloseTo(expectedMean, within(4 * Math.sqrt(expectedVar / count)));
        assertThat(var).isCloseTo(expectedVar, within(4 * expectedVar * Math.sqrt(2.0 / (count - 1))));
    }

    @Test
    void effectiveFitnessIsMaximisedAtTheOptimalRegularisation() {
        double temperature = 0.2;
        double rhoStar = Quadratic.optimalReg(C, V, temperature);
        assertThat(rhoStar).isCloseTo(C * C / (C * V - temperature / 2) - 1, within(1e-12));
        Model m = new Quadratic(D, C, V, 0, 1.0, HyperSpace.of(HyperDim.real("reg", 0, 10, Scale.LINEAR)));
        double best = m.effectiveFitness(new double[]{rhoStar}, 0, temperature);
        for (double delta : new double[]{-0.1, -0.01, 0.01, 0.1}) {
            assertThat(m.effectiveFitness(new double[]{rhoStar + delta}, 0, temperature)).isLessThan(best);
        }
        assertThat(Quadratic.optimalReg(1.0, 0.5, 1.0)).isInfinite();
    }
}
