package dev.popdyn.core.dynamics;

import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.Model;
import java.util.random.RandomGenerator;

/**
 * The {@code reduced} two-time-scale algorithm (docs/design.md §1.1): instead of K fast steps, θ is drawn directly from the
 * Gibbs law μ_λ ∝ exp(−L(θ; λ)/T), the limit of infinitely many fast steps per slow step (ε → 0). Needs a model
 * with a closed-form sampler. Immutable and thread-safe.
 */
public final class GibbsDraw implements FastDynamics {
    private final Binding temperature;

    public GibbsDraw(Binding temperature) {
        this.temperature = temperature;
    }

    @Override
    public void run(Model model, double[] theta, int off, double[] hyper, int hoff, double[] state, int soff,
            int steps, RandomGenerator rng, double[] scratch) {
        model.sampleGibbs(theta, off, hyper, hoff, temperature.value(hyper, hoff), rng);
    }

    @Override
    public double temperature(double[] hyper, int hoff) {
        return temperature.value(hyper, hoff);
    }
}
