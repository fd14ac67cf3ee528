package dev.popdyn.core.model;

import dev.popdyn.core.env.CartPole;
import dev.popdyn.core.linalg.DenseKernels;
import dev.popdyn.core.params.HyperSpace;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A deep Q-network agent (Mnih et al. 2015, "Human-level control through deep reinforcement learning", Nature 518)
 * on {@link CartPole} (Barto, Sutton, Anderson 1983), the seed's PBT experiment (docs/papers.md §1). θ is the online
 * Q-network 4 → H → H → 2 with ReLU ({@link QNetwork}; H = 64 gives d = 4610). Everything else the agent carries —
 * target network, Adam moments, replay buffer, environment, step counters, episode returns — is per-agent state of
 * {@link dev.popdyn.core.dynamics.DqnDynamics}, which the engine always pairs with this model; the training loop,
 * loss and fitness used by the engine are documented there.
 *
 * <p>Hyper roles: {@code lr} (Adam step size), {@code decay} (ε-greedy schedule ε = 0.01 + 0.99·exp(−steps/decay))
 * and {@code batch} (minibatch size, rounded to the nearest integer), each read from λ when present, else from the
 * fixed {@link Spec} values.
 *
 * <p>{@link #lossAndGradient} is not available: the TD loss needs the replay buffer and target network, which only
 * the dynamics holds. {@link #fitness} is the return of one greedy (ε = 0) episode from a reset drawn from the given
 * generator, capped at the horizon — a state-free evaluation for callers outside the engine.
 *
 * <p>Immutable and thread-safe (per-thread workspace from a {@link ThreadLocal}).
 */
public final class DqnCartPole implements Model {
    /** The model's name, {@code model.name = dqn-cartpole}. */
    public static final String NAME = "dqn-cartpole";

    /**
     * Fixed configuration: episode horizon (time limit), hidden width H, discount γ, replay capacity, target-network
     * period (env steps), and the fallbacks of lr, decay and batch when λ lacks those coordinates.
     */
    public record Spec(int horizon, int hidden, double gamma, int replay, int targetEvery, double lr, double decay,
            int batch) {
        public Spec {
            if (horizon < 1 || hidden < 1 || replay < 1 || targetEvery < 1 || batch < 1 || batch > replay) {
                throw new IllegalArgumentException("need horizon, hidden, replay, target-every >= 1 and "
                        + "1 <= batch <= replay");
            }
            if (!(gamma >= 0 && gamma <= 1) || !(lr > 0) || !(decay > 0)) {
                throw new IllegalArgumentException("need 0 <= gamma <= 1, lr > 0, decay > 0");
            }
        }

        /**
         * The seed's setup (horizon 100, H = 64, γ = 0.99, replay 5000, target every 100) with the fallbacks
         * lr = 10⁻³, decay = 1000, B = 64.
         */
        public static Spec seed() {
            return new Spec(100, 64, 0.99, 5000, 100, 1e-3, 1000, 64);
        }
    }

    private final Spec spec;
    private final QNetwork net;
    private final Binding lr;
    private final Binding decay;
    private final Binding batch;
    private final ThreadLocal<QNetwork.Workspace> workspace;

    /** The model with lr, decay and batch bound to λ when {@code space} has them; linear algebra on BLAS. */
    public DqnCartPole(Spec spec, HyperSpace space) {
        this(spec, space, DenseKernels.blas());
    }

    /** As {@link #DqnCartPole(Spec, HyperSpace)} with the given kernels. */
    public DqnCartPole(Spec spec, HyperSpace space, DenseKernels kernels) {
        this.spec = spec;
        this.net = new QNetwork(CartPole.STATE_SIZE, spec.hidden(), CartPole.ACTIONS, kernels);
        this.lr = Binding.of(space, "lr", spec.lr());
        this.decay = Binding.of(space, "decay", spec.decay());
        this.batch = Binding.of(space, "batch", spec.batch());
        this.workspace = ThreadLocal.withInitial(() -> net.workspace(1));
    }

    public Spec spec() {
        return spec;
    }

    /** The Q-network whose weights are θ. */
    public QNetwork network() {
        return net;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return net.dimension();
    }

    @Override
    public Set<String> hyperRoles() {
        return Set.of("lr", "decay", "batch");
    }

    /** Adam's step size η of the agent. */
    public double lr(double[] hyper, int hoff) {
        return lr.value(hyper, hoff);
    }

    /** The ε-greedy decay constant of the agent (in env steps). */
    public double decay(double[] hyper, int hoff) {
        return decay.value(hyper, hoff);
    }

    /** The minibatch size of the agent: λ.batch rounded to the nearest integer, clamped to [1, replay]. */
    public int batch(double[] hyper, int hoff) {
        long b = Math.round(batch.value(hyper, hoff));
        return (int) Math.max(1, Math.min(spec.replay(), b));
    }

    @Override
    public void initTheta(double[] theta, int off, RandomGenerator rng) {
        net.init(theta, off, rng);
    }

    /** Not available: the DQN loss needs the replay buffer and target network held by the dynamics. */
    @Override
    public double lossAndGradient(double[] theta, int off, double[] hyper, int hoff, double[] grad,
            RandomGenerator rng) {
        throw new UnsupportedOperationException("model " + NAME + " trains only under DqnDynamics (the TD loss "
                + "needs the replay buffer and target network)");
    }

    /** The return of one greedy episode from a reset drawn from {@code rng}, capped at the horizon. */
    @Override
    public double fitness(double[] theta, int off, double[] hyper, int hoff, RandomGenerator rng) {
        QNetwork.Workspace ws = workspace.get();
        double[] s = new double[CartPole.STATE_SIZE];
        CartPole.reset(s, 0, rng);
        int t = 0;
        while (t < spec.horizon()) {
            t++;
            if (CartPole.step(s, 0, net.greedy(theta, off, s, 0, ws))) {
                break;
            }
        }
        return t * CartPole.REWARD;
    }
}
