package dev.popdyn.core.fitness;

import dev.popdyn.core.params.OperatorFactory;
import java.util.List;

/** {@code instant}: f = F(θ, λ) at the end of the fast phase (docs/design.md §1.1). Immutable and thread-safe. */
public final class InstantFitness implements FitnessEstimator {
    /** The registry entry {@code instant}. */
    public static final OperatorFactory<FitnessEstimator> FACTORY = OperatorFactory.of("instant",
            "F at the end of the fast phase", List.of(), c -> new InstantFitness());

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
