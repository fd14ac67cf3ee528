package dev.popdyn.core.dynamics;

import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.params.Keys;
import dev.popdyn.core.params.OperatorFactory;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The {@code reduced} two-time-scale algorithm (docs/design.md §1.1): instead of K fast steps, θ is drawn directly from the
 * Gibbs law μ_λ ∝ exp(−L(θ; λ)/T), the limit of infinitely many fast steps per slow step (ε → 0). Needs a model
 * with a closed-form sampler. Immutable and thread-safe.
 */
public final class GibbsDraw implements FastDynamics {
    /** The registry entry {@code gibbs}, implied by {@code algorithm = reduced}. */
    public static final OperatorFactory<FastDynamics> FACTORY = OperatorFactory.of("gibbs", "algorithm = reduced: "
            + "θ drawn from the Gibbs law μ_λ ∝ exp(−L/T) each generation", List.of(),
            c -> new GibbsDraw(Binding.of(c.hyper(), "temperature", c.resolve(Keys.TEMPERATURE))));

    private final Binding temperature;

    public GibbsDraw(Binding temperature) {
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "gibbs";
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
