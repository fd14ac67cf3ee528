package dev.popdyn.core.dynamics;

import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.params.BuildContext;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.Keys;
import dev.popdyn.core.params.OperatorFactory;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Stochastic gradient descent with heavy-ball momentum (Polyak 1964; the form of PyTorch's {@code SGD}):
 * <pre>
 *   v ← μ·v + ∇θ L(θ; λ, batch)
 *   θ ← θ − η·v + sqrt(2ηT)·ξ,   ξ ~ N(0, I)
 * </pre>
 * with η = λ.lr, μ = λ.momentum, T = λ.temperature when λ has those coordinates, else the fixed {@code fast.lr},
 * {@code fast.momentum}, {@code fast.temperature}. μ = 0 is {@link LangevinDynamics}; T = 0 (the default) adds no
 * noise. The velocity v ∈ ℝᵈ is the agent's optimiser state, {@code state[soff .. soff+d)}; it starts at 0 and is
 * zeroed when the agent exploits a donor ({@link dev.popdyn.core.engine.AgentBatch#exploit}), i.e. the optimiser is
 * reset on exploit (Jaderberg et al. 2017 copy weights, not optimiser moments, in their simplest variant).
 * After each step θ is passed to {@link Model#project}. Immutable and thread-safe.
 */
public final class MomentumSgd implements FastDynamics {
    /** {@code fast.momentum}: μ. */
    public static final Key.Real MOMENTUM = new Key.Real("fast.momentum", "momentum μ when λ has no 'momentum' "
            + "coordinate (fast.dynamics = momentum)", 0.9, 0.0, false, 1.0, true);
    /** The registry entry {@code momentum}; a λ coordinate {@code momentum} must lie in [0, 1). */
    public static final OperatorFactory<FastDynamics> FACTORY = OperatorFactory.of("momentum", "heavy-ball SGD "
            + "v ← μv + ∇L, θ ← θ − ηv (+ the same noise), velocity reset on exploit", List.of(MOMENTUM),
            MomentumSgd::create);

    private final Binding lr;
    private final Binding momentum;
    private final Binding temperature;
    private final int dimension;

    /** Momentum SGD for models of dimension {@code dimension} (the size of the velocity state). */
    public MomentumSgd(Binding lr, Binding momentum, Binding temperature, int dimension) {
        this.lr = lr;
        this.momentum = momentum;
        this.temperature = temperature;
        this.dimension = dimension;
    }

    private static FastDynamics create(BuildContext c) {
        c.resolve(Dynamics.DYNAMICS);
        double mu = c.resolve(MOMENTUM);
        c.checkHyperLowerBound("momentum", x -> x >= 0, ">= 0");
        c.checkHyperUpperBound("momentum", x -> x < 1, "< 1");
        return new MomentumSgd(Binding.of(c.hyper(), "lr", c.resolve(Keys.LR)),
                Binding.of(c.hyper(), "momentum", mu), Binding.of(c.hyper(), "temperature",
                c.resolve(Keys.TEMPERATURE)), c.model().dimension());
    }

    @Override
    public String name() {
        return "momentum";
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
        double mu = momentum.value(hyper, hoff);
        double t = temperature.value(hyper, hoff);
        double noise = t > 0 ? Math.sqrt(2.0 * eta * t) : 0.0;
        for (int s = 0; s < steps; s++) {
            model.lossAndGradient(theta, off, hyper, hoff, scratch, rng);
            for (int k = 0; k < d; k++) {
                double v = mu * state[soff + k] + scratch[k];
                state[soff + k] = v;
                theta[off + k] -= eta * v;
            }
            if (noise > 0) {
                for (int k = 0; k < d; k++) {
                    theta[off + k] += noise * rng.nextGaussian();
                }
            }
            model.project(theta, off);
        }
    }

    /** d doubles: the velocity. */
    @Override
    public int stateSize() {
        return dimension;
    }

    @Override
    public double temperature(double[] hyper, int hoff) {
        return temperature.value(hyper, hoff);
    }
}
