package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Model} must satisfy, in the manner of Jenetics' {@code *Tester} classes: a subclass
 * supplies the model under test and one λ vector. The tests check the gradient against central finite differences,
 * that loss, gradient and fitness read only the agent's slices, finiteness and determinism at initial points and,
 * when the model offers closed forms, that its Gibbs sampler satisfies the Stein identities of μ ∝ exp(−L/T) and
 * that its effective fitness is the Monte Carlo mean of the instant fitness under that sampler (within 4 standard
 * errors). Models whose loss and fitness are written out in docs/design.md §1.4 extend
 * {@link ClosedFormModelContract}, which also checks them against those formulas. Every registered model has a
 * subclass ({@code ModelRegistryTest}).
 */
public abstract class ModelContract {
    /** Monte Carlo draws for the Gibbs checks. */
    private static final int DRAWS = 40_000;
    /** Temperature of the Gibbs checks. */
    private static final double T = 0.7;

    /** The model under test. */
    protected abstract Model model();

    /** A λ vector (in the model's hyperparameter space order) at which to test. */
    protected abstract double[] hyper();

    /**
     * The loss the model is trained on and its gradient (into {@code grad}), as a deterministic function of θ: by
     * default {@link Model#lossAndGradient} with a fresh copy of one stream, so stochastic models draw the same
     * minibatch every call. Models trained by their own dynamics override it with that loss.
     */
    protected double trainingLoss(Model m, double[] theta, int off, double[] hyper, int hoff, double[] grad) {
        return m.lossAndGradient(theta, off, hyper, hoff, grad, Streams.of(1, 1, 1, Purpose.FAST));
    }

    /** The scalar training loss L(θ). */
    protected double loss(Model m, double[] theta, double[] hyper) {
        return trainingLoss(m, theta, 0, hyper, 0, new double[m.dimension()]);
    }

    /** θ from the model's initialiser on the stream of agent {@code id}. */
    protected double[] startingPoint(Model m, long id) {
        double[] theta = new double[m.dimension()];
        m.initTheta(theta, 0, Streams.of(7, 0, id, Purpose.INIT_THETA));
        return theta;
    }

    @Test
    void nameIsARegisteredModel() {
        assertThat(Models.names()).contains(model().name());
    }

    /**
     * Central differences with h = 1e-5·max(1, |θₖ|) have truncation error h²/6·|∂ₖ³L| and rounding error about
     * ε_mach·|L|/h ≈ 2e-11·|L|; at the contract's λ and initial points |L| and |∂ₖ³L| stay below 10³, so both are
     * under 1e-7, a hundredth of the tolerance 1e-5·max(1, |FD|), while a wrong gradient term (a missing factor,
     * a dropped regulariser) errs by O(|∂ₖL|). For a model that constrains θ ({@link Model#project}, e.g. unit-norm
     * rows) the differences are taken of L∘project, whose derivative along eₖ is the k-th coordinate of the projected
     * (Riemannian) gradient the model returns; for other models project is the identity. The loss must be smooth at
     * the test points: a ReLU kink within h of a test point would show as an error of order |Δslope|.
     */
    @Test
    void gradientMatchesCentralFiniteDifferences() {
        Model m = model();
        double[] hyper = hyper();
        int d = m.dimension();
        for (long id = 0; id < 20; id++) {
            double[] theta = startingPoint(m, id);
            double[] grad = new double[d];
            trainingLoss(m, theta, 0, hyper, 0, grad);
            for (int k = 0; k < d; k++) {
                double h = 1e-5 * Math.max(1.0, Math.abs(theta[k]));
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[k] += h;
                minus[k] -= h;
                m.project(plus, 0);
                m.project(minus, 0);
                double fd = (loss(m, plus, hyper) - loss(m, minus, hyper)) / (2 * h);
                assertThat(grad[k]).as("∂L/∂θ%d at agent %d", k, id)
                        .isCloseTo(fd, within(1e-5 * Math.max(1.0, Math.abs(fd))));
            }
        }
    }

    @Test
    void gradientAndLossUseTheSliceAtTheOffset() {
        Model m = model();
        int d = m.dimension();
        double[] hyper = hyper();
        double[] theta = startingPoint(m, 3);
        double[] padded = new double[d + 5];
        Arrays.fill(padded, Double.NaN);
        System.arraycopy(theta, 0, padded, 3, d);
        double[] hyperPadded = new double[hyper.length + 2];
        Arrays.fill(hyperPadded, Double.NaN);
        System.arraycopy(hyper, 0, hyperPadded, 2, hyper.length);
        double[] g1 = new double[d];
        double[] g2 = new double[d];
        double l1 = trainingLoss(m, theta, 0, hyper, 0, g1);
        double l2 = trainingLoss(m, padded, 3, hyperPadded, 2, g2);
        assertThat(l2).isEqualTo(l1);
        assertThat(g2).containsExactly(g1);
        assertThat(m.fitness(padded, 3, hyperPadded, 2, Streams.of(1, 1, 1, Purpose.FITNESS)))
                .isEqualTo(m.fitness(theta, 0, hyper, 0, Streams.of(1, 1, 1, Purpose.FITNESS)));
    }

    @Test
    void fitnessIsFiniteAtInitialPoints() {
        Model m = model();
        double[] hyper = hyper();
        for (long id = 0; id < 50; id++) {
            double[] theta = startingPoint(m, id);
            assertThat(Arrays.stream(theta).allMatch(Double::isFinite)).as("θ finite").isTrue();
            assertThat(m.fitness(theta, 0, hyper, 0, Streams.of(7, 1, id, Purpose.FITNESS))).isFinite();
        }
    }

    @Test
    void initialThetaIsDeterministicForTheSameStream() {
        Model m = model();
        assertThat(startingPoint(m, 5)).containsExactly(startingPoint(m, 5));
        assertThat(startingPoint(m, 5)).isNotEqualTo(startingPoint(m, 6));
    }

    /**
     * Stein's identities of the Gibbs law μ ∝ exp(−L/T): for every coordinate k, E[∂ₖL] = 0 and E[θₖ ∂ₖL] = T.
     * They pin down the first two moments of any closed-form sampler without restating its formula.
     */
    @Test
    void gibbsSamplerSatisfiesSteinIdentities() {
        Model m = model();
        assumeTrue(m.hasGibbsSampler(), "model has no Gibbs sampler");
        int d = m.dimension();
        double[] hyper = hyper();
        double[] theta = new double[d];
        double[] grad = new double[d];
        double[] s1 = new double[d];
        double[] s1sq = new double[d];
        double[] s2 = new double[d];
        double[] s2sq = new double[d];
        SplittableRandom rng = Streams.of(3, 1, 0, Purpose.FAST);
        for (int i = 0; i < DRAWS; i++) {
            m.sampleGibbs(theta, 0, hyper, 0, T, rng);
            m.lossAndGradient(theta, 0, hyper, 0, grad, rng);
            for (int k = 0; k < d; k++) {
                double a = grad[k];
                double b = theta[k] * grad[k];
                s1[k] += a;
                s1sq[k] += a * a;
                s2[k] += b;
                s2sq[k] += b * b;
            }
        }
        for (int k = 0; k < d; k++) {
            assertWithinStandardErrors("E[∂L/∂θ" + k + "]", s1[k], s1sq[k], 0.0);
            assertWithinStandardErrors("E[θ" + k + " ∂L/∂θ" + k + "]", s2[k], s2sq[k], T);
        }
    }

    @Test
    void effectiveFitnessIsTheGibbsMeanOfTheInstantFitness() {
        Model m = model();
        assumeTrue(m.hasEffectiveFitness(), "model has no closed-form effective fitness");
        assertThat(m.hasGibbsSampler()).as("effective fitness needs a Gibbs law to average over").isTrue();
        double[] hyper = hyper();
        double[] theta = new double[m.dimension()];
        SplittableRandom rng = Streams.of(4, 1, 0, Purpose.FAST);
        double s = 0;
        double sq = 0;
        for (int i = 0; i < DRAWS; i++) {
            m.sampleGibbs(theta, 0, hyper, 0, T, rng);
            double f = m.fitness(theta, 0, hyper, 0, rng);
            s += f;
            sq += f * f;
        }
        assertWithinStandardErrors("E[F] under μ", s, sq, m.effectiveFitness(hyper, 0, T));
    }

    @Test
    void gibbsSamplerAtZeroTemperatureIsDeterministic() {
        Model m = model();
        assumeTrue(m.hasGibbsSampler(), "model has no Gibbs sampler");
        double[] a = new double[m.dimension()];
        double[] b = new double[m.dimension()];
        m.sampleGibbs(a, 0, hyper(), 0, 0.0, Streams.of(1, 1, 1, Purpose.FAST));
        m.sampleGibbs(b, 0, hyper(), 0, 0.0, Streams.of(2, 2, 2, Purpose.FAST));
        assertThat(a).containsExactly(b);
        double[] grad = new double[m.dimension()];
        m.lossAndGradient(a, 0, hyper(), 0, grad, Streams.of(1, 1, 1, Purpose.FAST));
        assertThat(grad).as("T = 0 Gibbs law is the point mass at the minimiser")
                .containsExactly(new double[grad.length], within(1e-12));
    }

    private static void assertWithinStandardErrors(String what, double sum, double sumSq, double expected) {
        double mean = sum / DRAWS;
        double var = (sumSq - DRAWS * mean * mean) / (DRAWS - 1);
        double se = Math.sqrt(Math.max(var, 0) / DRAWS);
        assertThat(mean).as("%s (SE %.3g)", what, se).isCloseTo(expected, within(4 * se + 1e-12));
    }
}
