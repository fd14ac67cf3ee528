package dev.popdyn.core.model;

import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A learning problem an agent trains on: fast parameters θ ∈ ℝᵈ, a training loss L(θ; λ) with its gradient, and
 * an instant fitness F(θ, λ) (docs/design.md §1.4). Optional closed forms: a sampler of the Gibbs law
 * μ_λ(θ) ∝ exp(−L(θ; λ)/T) (used by the {@code reduced} algorithm) and the effective fitness
 * F̄(λ) = E_{θ~μ_λ}[F(θ, λ)].
 *
 * <p>θ and λ are passed as slices of flat arrays ({@code theta[off .. off+d)}, {@code hyper[hoff .. hoff+h)} in
 * {@link dev.popdyn.core.params.HyperSpace} order) so that hot loops allocate nothing. Implementations are immutable
 * and thread-safe; any scratch space is passed in or allocated per call.
 */
public interface Model {
    /** The config name of this model ({@code model.name}). */
    String name();

    /** d, the number of fast parameters. */
    int dimension();

    /** The hyperparameter names this model reads from λ when present (e.g. {@code reg}). */
    Set<String> hyperRoles();

    /** Draws the initial θ. */
    void initTheta(double[] theta, int off, RandomGenerator rng);

    /**
     * Writes ∇θ L(θ; λ) (or a stochastic estimate of it, drawing minibatches from {@code rng}) into
     * {@code grad[0 .. d)} and returns the loss at θ (of the same minibatch for stochastic models).
     */
    double lossAndGradient(double[] theta, int off, double[] hyper, int hoff, double[] grad, RandomGenerator rng);

    /** The instant fitness F(θ, λ); stochastic models draw validation data from {@code rng}. */
    double fitness(double[] theta, int off, double[] hyper, int hoff, RandomGenerator rng);

    /**
     * Maps θ back onto the model's parameter set after each fast step (e.g. renormalises weights constrained to a
     * sphere); called by {@link dev.popdyn.core.dynamics.LangevinDynamics}. The default does nothing.
     */
    default void project(double[] theta, int off) {
    }

    /** Whether {@link #sampleGibbs} is available. */
    default boolean hasGibbsSampler() {
        return false;
    }

    /** Draws θ from the Gibbs law μ_λ at temperature T. */
    default void sampleGibbs(double[] theta, int off, double[] hyper, int hoff, double temperature,
            RandomGenerator rng) {
        throw new UnsupportedOperationException("model " + name() + " has no closed-form Gibbs sampler");
    }

    /** Whether {@link #effectiveFitness} is available in closed form. */
    default boolean hasEffectiveFitness() {
        return false;
    }

    /** The effective fitness F̄(λ) = E_{θ~μ_λ}[F(θ, λ)] at temperature T. */
    default double effectiveFitness(double[] hyper, int hoff, double temperature) {
        throw new UnsupportedOperationException("model " + name() + " has no closed-form effective fitness");
    }
}
