package dev.popdyn.core.fitness;

import dev.popdyn.core.dynamics.FastDynamics;
import dev.popdyn.core.model.Model;

/**
 * {@code effective}: the model's closed-form effective fitness F̄(λ) = E_{θ~μ_λ}[F(θ, λ)], the Gibbs average of the
 * instant fitness at the agent's temperature (Borghi, Im, Pareschi 2026). Ignores θ. Immutable and thread-safe.
 */
public final class EffectiveFitness implements FitnessEstimator {
    private final Model model;
    private final FastDynamics dynamics;

    public EffectiveFitness(Model model, FastDynamics dynamics) {
        if (!model.hasEffectiveFitness()) {
            throw new IllegalArgumentException("model " + model.name() + " has no closed-form effective fitness");
        }
        this.model = model;
        this.dynamics = dynamics;
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
        return model.effectiveFitness(hyper, hoff, dynamics.temperature(hyper, hoff));
    }
}
