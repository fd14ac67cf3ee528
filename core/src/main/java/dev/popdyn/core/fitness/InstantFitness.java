package dev.popdyn.core.fitness;

/** {@code instant}: f = F(θ, λ) at the end of the fast phase (docs/design.md §1.1). Immutable and thread-safe. */
public final class InstantFitness implements FitnessEstimator {
    @Override
    public String name() {
        return "instant";
    }

    @Override
    public int historyLength() {
        return 1;
    }

    @Override
    public double estimate(double[] history, int off, int count, double[] hyper, int hoff) {
        return history[off + count - 1];
    }
}
