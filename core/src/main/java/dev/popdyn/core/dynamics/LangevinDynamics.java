package dev.popdyn.core.dynamics;

import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.params.Keys;
import dev.popdyn.core.params.OperatorFactory;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Euler–Maruyama Langevin steps (docs/design.md §1, step 1):
 * {@code θ ← θ − η ∇θ L(θ; λ) + sqrt(2ηT) ξ}, ξ ~ N(0, I), with η = λ.lr and T = λ.temperature when λ has those
 * coordinates, else the fixed {@code fast.lr} / {@code fast.temperature}. T = 0 is (stochastic) gradient descent.
 * For L = ½a‖θ − m‖² the chain is exactly Gaussian with stationary variance T/(a(1 − ηa/2)) per coordinate, which
 * the tests use. After each step θ is passed to {@link Model#project} (a no-op unless the model constrains θ, e.g.
 * unit-norm first-layer rows). Immutable and thread-safe.
 */
public final class LangevinDynamics implements FastDynamics {
    /** The registry entry {@code langevin}. */
    public static final OperatorFactory<FastDynamics> FACTORY = OperatorFactory.of("langevin",
            "θ ← θ − η∇L + sqrt(2ηT)ξ", List.of(), c -> new LangevinDynamics(Binding.of(c.hyper(), "lr",
                    c.resolve(Keys.LR)), Binding.of(c.hyper(), "temperature", c.resolve(Keys.TEMPERATURE))));

    private final Binding lr;
    private final Binding temperature;

    public LangevinDynamics(Binding lr, Binding temperature) {
        this.lr = lr;
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "langevin";
    }

    /** Yes: a per-step loop over one generator with all carried state in θ and the state slice. */
    @Override
    public boolean recordable() {
        return true;
    }

    @Override
    public void run(Model model, double[] theta, int off, double[] hyper, int hoff, double[] state, int soff,
            int steps, RandomGenerator rng, double[] scratch) {
        int d = model.dimension();
        double eta = lr.value(hyper, hoff);
        double t = temperature.value(hyper, hoff);
        double noise = t > 0 ? Math.sqrt(2.0 * eta * t) : 0.0;
        for (int s = 0; s < steps; s++) {
            model.lossAndGradient(theta, off, hyper, hoff, scratch, rng);
            if (noise > 0) {
                for (int k = 0; k < d; k++) {
                    theta[off + k] += -eta * scratch[k] + noise * rng.nextGaussian();
                }
            } else {
                for (int k = 0; k < d; k++) {
                    theta[off + k] -= eta * scratch[k];
                }
            }
            model.project(theta, off);
        }
    }

    @Override
    public double temperature(double[] hyper, int hoff) {
        return temperature.value(hyper, hoff);
    }

    /** The step size η of the agent. */
    public double lr(double[] hyper, int hoff) {
        return lr.value(hyper, hoff);
    }
}
