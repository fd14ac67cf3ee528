package dev.popdyn.core.fitness;

/**
 * {@code effective} for models without a closed-form F̄: the agent's fitness is the numerical estimate
 * {@link EffectiveFitnessEstimate#effectiveFitness} at its λ and temperature (docs/design.md §1.1). Ignores θ and the
 * history; deterministic in λ. Costs one long trajectory per agent per generation (see
 * {@link EffectiveFitnessEstimate} for cost and accuracy). Immutable and thread-safe.
 */
public final class NumericalEffectiveFitness implements FitnessEstimator {
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
