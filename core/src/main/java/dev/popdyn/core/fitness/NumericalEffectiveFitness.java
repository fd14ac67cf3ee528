package dev.popdyn.core.fitness;

import dev.popdyn.core.params.Key;

/**
 * {@code effective} for models without a closed-form F̄: the agent's fitness is the numerical estimate
 * {@link EffectiveFitnessEstimate#effectiveFitness} at its λ and temperature (docs/design.md §1.1). Ignores θ and the
 * history; deterministic in λ. Costs one long trajectory per agent per generation (see
 * {@link EffectiveFitnessEstimate} for cost and accuracy). Immutable and thread-safe.
 */
public final class NumericalEffectiveFitness implements FitnessEstimator {
    /** {@code fitness.effective-steps}: M. */
    public static final Key.Int STEPS = new Key.Int("fitness.effective-steps", "Langevin steps averaged "
            + "by the numerical effective fitness (effective, models without a closed form)", 2000, 1, 100_000_000);
    /** {@code fitness.effective-burnin}: B. */
    public static final Key.Int BURNIN = new Key.Int("fitness.effective-burnin", "Langevin steps "
            + "discarded before averaging (numerical effective fitness)", 500, 0, 100_000_000);

    private final EffectiveFitnessEstimate estimate;

    public NumericalEffectiveFitness(EffectiveFitnessEstimate estimate) {
        this.estimate = estimate;
    }

    /** The underlying estimate (also used to tabulate the mean-field reference). */
    public EffectiveFitnessEstimate estimate() {
        return estimate;
    }

    @Override
    public String name() {
        return "effective";
    }

    @Override
    public int historyLength() {
        return 1;
    }

    @Override
    public double estimate(double[] history, int off, int count, double[] hyper, int hoff) {
        return estimate.effectiveFitness(hyper, hoff, estimate.dynamics().temperature(hyper, hoff));
    }
}
