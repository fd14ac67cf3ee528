package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.dynamics.LangevinDynamics;
import dev.popdyn.core.linalg.DenseKernels;
import dev.popdyn.core.params.HyperSpace;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TwoLayer}: the model contract (population gradient, polynomial φ and σ, d = 6, m = 4, second-layer weights
 * N(0, 0.5²)), and the Hermite-formula risk, the online gradient, time-scale separation and the plateau.
 */
class TwoLayerTest extends ModelContract {
    private static final HyperSpace NO_HYPER = HyperSpace.of();
    private static final double[] NONE = new double[0];
    /** Polynomial φ and σ: their Hermite expansions are finite, so the population formula is exact. */
    private static final Activation PHI = Activation.hermite(0.1, 0.5, 0.6, 0.3);
    private static final Activation SIGMA = Activation.hermite(0.2, 0.7, 0.5, 0.4, 0.2);

    private static TwoLayer model(Activation phi, Activation sigma, int d, int m, TwoLayer.Gradient g, int batch,
            double eps, double initScale, DenseKernels kernels) {
        return new TwoLayer(new TwoLayer.Spec(d, m, phi, sigma, g, batch, eps, 0.0, initScale), NO_HYPER, kernels);
    }

    @Override
    protected Model model() {
        return model(PHI, SIGMA, 6, 4, TwoLayer.Gradient.POPULATION, 1, 1.0, 0.5, DenseKernels.blas());
    }

    @Override
    protected double[] hyper() {
        return NONE;
    }

    private static double[] init(TwoLayer model, long seed) {
        double[] theta = new double[model.dimension()];
        model.initTheta(theta, 0, new SplittableRandom(seed));
        return theta;
    }

    private static LangevinDynamics gradientDescent(double lr) {
        return new LangevinDynamics(Binding.of(NO_HYPER, "lr", lr),
                Binding.of(NO_HYPER, "temperature", 0.0));
    }

    @Test
    void populationRiskEqualsMonteCarloRisk() {
        int batches = 200;
        TwoLayer model = model(PHI, SIGMA, 5, 4, TwoLayer.Gradient.ONLINE, 1000, 1.0, 1.0, DenseKernels.blas());
        double[] theta = init(model, 11);
        double exact = model.populationRisk(theta, 0);
        SplittableRandom rng = new SplittableRandom(12);
        double sum = 0;
        double sum2 = 0;
        for (int b = 0; b < batches; b++) {
            double r = model.minibatchRisk(theta, 0, rng);
            sum += r;
            sum2 += r * r;
        }
        double mean = sum / batches;
        double se = Math.sqrt((sum2 / batches - mean * mean) / (batches - 1));
        assertThat(se).isLessThan(0.02 * exact);
        assertThat(mean).isCloseTo(exact, within(4 * se));
        assertThat(TwoLayer.populationRisk(PHI, SIGMA, theta, 0, 4, 5)).isCloseTo(exact, within(1e-13));
    }

    @Test
    void populationGradientEqualsCentralDifferences() {
        for (Activation sigma : new Activation[]{SIGMA, Activation.named("relu", 8)}) {
            TwoLayer model = model(PHI, sigma, 6, 5, TwoLayer.Gradient.POPULATION, 1, 1.0, 1.0,
                    DenseKernels.blas());
            double[] theta = init(model, 21);
            SplittableRandom r = new SplittableRandom(22);
            for (int k = 5; k < theta.length; k++) {
                theta[k] += 0.2 * r.nextGaussian();
            }
            double[] grad = new double[theta.length];
            model.populationRiskAndGradient(theta, 0, grad);
            double h = 1e-5;
            for (int k = 0; k < theta.length; k++) {
                double keep = theta[k];
                theta[k] = keep + h;
                double up = model.populationRisk(theta, 0);
                theta[k] = keep - h;
                double down = model.populationRisk(theta, 0);
                theta[k] = keep;
                double fd = (up - down) / (2 * h);
                assertThat(grad[k]).as("coordinate %d, σ = %s", k, sigma.spec())
                        .isCloseTo(fd, within(1e-8 * Math.max(1, Math.abs(fd))));
            }
        }
    }

    @Test
    void onlineGradientIsUnbiasedForThePopulationGradient() {
        int d = 5;
        int m = 4;
        int draws = 4000;
        TwoLayer online = model(PHI, SIGMA, d, m, TwoLayer.Gradient.ONLINE, 16, 0.5, 1.0, DenseKernels.blas());
        TwoLayer population = model(PHI, SIGMA, d, m, TwoLayer.Gradient.POPULATION, 16, 0.5, 1.0,
                DenseKernels.blas());
        double[] theta = init(online, 31);
        int n = theta.length;
        double[] exact = new double[n];
        double risk = population.lossAndGradient(theta, 0, NONE, 0, exact, null);
        double[] g = new double[n];
        double[] sum = new double[n];
        double[] sum2 = new double[n];
        double lossSum = 0;
        SplittableRandom rng = new SplittableRandom(32);
        for (int t = 0; t < draws; t++) {
            lossSum += online.lossAndGradient(theta, 0, NONE, 0, g, rng);
            for (int k = 0; k < n; k++) {
                sum[k] += g[k];
                sum2[k] += g[k] * g[k];
            }
        }
        for (int k = 0; k < n; k++) {
            double mean = sum[k] / draws;
            double se = Math.sqrt(Math.max(0, sum2[k] / draws - mean * mean) / (draws - 1));
            assertThat(mean).as("coordinate %d", k).isCloseTo(exact[k], within(4 * se + 1e-12));
        }
        assertThat(lossSum / draws).isCloseTo(risk, within(0.05 * risk));
    }

    @Test
    void lossAndGradientScalesSecondLayerByInverseEpsAndStaysTangent() {
        TwoLayer slow = model(PHI, SIGMA, 6, 5, TwoLayer.Gradient.POPULATION, 1, 1.0, 1.0, DenseKernels.blas());
        TwoLayer fast = model(PHI, SIGMA, 6, 5, TwoLayer.Gradient.POPULATION, 1, 0.01, 1.0, DenseKernels.blas());
        double[] theta = init(slow, 41);
        double[] g1 = new double[theta.length];
        double[] g2 = new double[theta.length];
        slow.lossAndGradient(theta, 0, NONE, 0, g1, null);
        fast.lossAndGradient(theta, 0, NONE, 0, g2, null);
        for (int j = 0; j < 5; j++) {
            assertThat(g2[j]).isCloseTo(100 * g1[j], within(1e-12 * Math.abs(100 * g1[j]) + 1e-15));
        }
        for (int j = 0; j < 5; j++) {
            double dot = 0;
            for (int k = 0; k < 6; k++) {
                dot += g1[5 + j * 6 + k] * theta[5 + j * 6 + k];
                assertThat(g2[5 + j * 6 + k]).isEqualTo(g1[5 + j * 6 + k]);
            }
            assertThat(dot).isCloseTo(0.0, within(1e-15));
        }
    }

    @Test
    void blasPathEqualsPlainLoopPath() {
        int d = 16;
        int m = 12;
        for (TwoLayer.Gradient mode : TwoLayer.Gradient.values()) {
            TwoLayer blas = model(PHI, Activation.named("tanh", 7), d, m, mode, 32, 0.3, 1.0,
                    DenseKernels.blas());
            TwoLayer loops = model(PHI, Activation.named("tanh", 7), d, m, mode, 32, 0.3, 1.0,
                    DenseKernels.loops());
            double[] theta = init(blas, 51);
            double[] gb = new double[theta.length];
            double[] gl = new double[theta.length];
            double lb = blas.lossAndGradient(theta, 0, NONE, 0, gb, new SplittableRandom(52));
            double ll = loops.lossAndGradient(theta, 0, NONE, 0, gl, new SplittableRandom(52));
            assertThat(lb).isCloseTo(ll, within(1e-12 * Math.abs(ll)));
            double maxAbs = 0;
            double maxDiff = 0;
            for (int k = 0; k < theta.length; k++) {
                maxAbs = Math.max(maxAbs, Math.abs(gl[k]));
                maxDiff = Math.max(maxDiff, Math.abs(gb[k] - gl[k]));
            }
            assertThat(maxDiff).as("mode %s", mode).isLessThanOrEqualTo(1e-12 * maxAbs);
            assertThat(blas.populationRisk(theta, 0)).isCloseTo(loops.populationRisk(theta, 0),
                    within(1e-12 * loops.populationRisk(theta, 0)));
        }
    }

    @Test
    void zeroOverlapsStayExactlyZeroWhenTheFirstTwoCoefficientsVanish() {
        int d = 6;
        int m = 8;
        Activation phi = Activation.hermite(0.0, 0.0, 0.6, 0.8);
        TwoLayer model = model(phi, Activation.named("relu", 8), d, m, TwoLayer.Gradient.POPULATION, 1, 0.1, 0.5,
                DenseKernels.blas());
        double[] theta = init(model, 61);
        for (int j = 0; j < m; j++) {
            theta[m + j * d] = 0.0;
        }
        model.project(theta, 0);
        double[] start = theta.clone();
        double before = model.populationRisk(theta, 0);
        gradientDescent(1.0).run(model, theta, 0, NONE, 0, NONE, 0, 3000, new SplittableRandom(62),
                new double[theta.length]);
        double moved = 0;
        for (int j = 0; j < m; j++) {
            assertThat(theta[m + j * d]).as("overlap of neuron %d", j).isEqualTo(0.0);
            double n2 = 0;
            for (int k = 0; k < d; k++) {
                double u = theta[m + j * d + k];
                n2 += u * u;
                moved = Math.max(moved, Math.abs(u - start[m + j * d + k]));
            }
            assertThat(n2).isCloseTo(1.0, within(1e-12));
        }
        assertThat(moved).as("first layer moved").isGreaterThan(1e-2);
        assertThat(TwoLayer.overlaps(theta, 0, m, d).maxAbsOverlap()).isEqualTo(0.0);
        assertThat(model.populationRisk(theta, 0)).isLessThanOrEqualTo(before);
        assertThat(model.populationRisk(theta, 0)).isGreaterThanOrEqualTo(model.plateau(0) - 1e-12);
    }

    /**
     * φ = 0.6·h₁ + 0.8·h₂ (R₀ = 0.5, R₁ = 0.32), σ = h₁ + 0.1·h₂, d = 32, m = 64, ε = 10⁻³, random directions,
     * a = 0, step 0.1 (BMZ time t = 0.1·steps/64). Measured on this instance: the fast second layer fits the
     * linear component by step ≈ 60 (t ≈ 0.09); the risk then stays within 0.03 of R₁ up to step ≈ 450
     * (t ≈ 0.7) while the overlaps grow slowly; then the degree-2 component is learned and R falls below 0.004
     * by step ≈ 1700. The assertions below are these facts with margins.
     */
    @Test
    void riskSitsOnThePlateauR1BeforeLearningTheQuadraticComponent() {
        Activation phi = Activation.hermite(0.0, 0.6, 0.8);
        TwoLayer model = model(phi, Activation.hermite(0.0, 1.0, 0.1), 32, 64, TwoLayer.Gradient.POPULATION, 1,
                1e-3, 0.0, DenseKernels.blas());
        double r1 = model.plateau(1);
        assertThat(r1).isCloseTo(0.32, within(1e-15));
        assertThat(model.plateau(0)).isCloseTo(0.5, within(1e-15));
        double[] theta = init(model, 1);
        LangevinDynamics gd = gradientDescent(0.1);
        double[] scratch = new double[theta.length];
        SplittableRandom rng = new SplittableRandom(2);
        int step = 0;
        double plateauMin = Double.POSITIVE_INFINITY;
        double plateauMax = Double.NEGATIVE_INFINITY;
        for (int until : new int[]{60, 100, 150, 200, 250, 300, 350, 400}) {
            gd.run(model, theta, 0, NONE, 0, NONE, 0, until - step, rng, scratch);
            step = until;
            double r = model.populationRisk(theta, 0);
            plateauMin = Math.min(plateauMin, r);
            plateauMax = Math.max(plateauMax, r);
        }
        assertThat(plateauMin).isGreaterThan(r1 - 0.03);
        assertThat(plateauMax).isLessThan(r1 + 0.03);
        gd.run(model, theta, 0, NONE, 0, NONE, 0, 2500 - step, rng, scratch);
        assertThat(model.populationRisk(theta, 0)).isLessThan(0.01);
        assertThat(model.overlaps(theta, 0).maxAbsOverlap()).isGreaterThan(0.95);
    }
}
