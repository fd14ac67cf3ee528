package dev.popdyn.core.model;

import com.typesafe.config.Config;
import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.core.params.Key;
import java.util.List;

/**
 * Builds {@link DqnCartPole} (DQN, Mnih et al. 2015, on cart-pole, Barto, Sutton, Anderson 1983) from the
 * {@code model.*} keys below; the engine pairs it with {@link dev.popdyn.core.dynamics.DqnDynamics}, so
 * {@code fast.steps} counts environment steps and {@code fast.lr} / {@code fast.temperature} are not used. Hyper
 * roles: {@code lr} (&gt; 0), {@code decay} (&gt; 0) and {@code batch} (in [1, model.replay]); without them the
 * fixed {@code model.lr}, {@code model.decay}, {@code model.batch} apply. Immutable and thread-safe.
 */
final class DqnCartPoleFactory implements ModelFactory {
    static final double INF = Double.POSITIVE_INFINITY;
    static final Key.Int HORIZON = new Key.Int("model.horizon", "episode cap in env steps (a time limit: "
            + "bootstrapped, not terminal)", 100, 1, 1_000_000);
    static final Key.Int HIDDEN = new Key.Int("model.hidden", "width H of both hidden layers of the Q-network "
            + "4 → H → H → 2 (d = H² + 8H + 2)", 64, 1, 4096);
    static final Key.Real GAMMA = new Key.Real("model.gamma", "discount γ of the TD target", 0.99, 0.0, false, 1.0,
            false);
    static final Key.Int REPLAY = new Key.Int("model.replay", "replay buffer capacity C in transitions (ring "
            + "buffer; 9 doubles each in the agent state)", 5000, 1, 1_000_000);
    static final Key.Int TARGET_EVERY = new Key.Int("model.target-every", "env steps between copies of θ into "
            + "the target network", 100, 1, 1_000_000_000);
    static final Key.Real LR = new Key.Real("model.lr", "Adam step size when λ has no 'lr' coordinate", 1e-3, 0.0,
            true, INF, true);
    static final Key.Real DECAY = new Key.Real("model.decay", "ε-greedy decay (env steps) when λ has no 'decay' "
            + "coordinate: ε = 0.01 + 0.99·exp(−steps/decay)", 1000.0, 0.0, true, INF, true);
    static final Key.Int BATCH = new Key.Int("model.batch", "minibatch size when λ has no 'batch' coordinate "
            + "(at most model.replay)", 64, 1, 1_000_000);

    @Override
    public String name() {
        return DqnCartPole.NAME;
    }

    @Override
    public String description() {
        return "DQN (64-64 ReLU Q-network, Adam, replay, target network, ε-greedy, MSE TD loss) on cart-pole with "
                + "episodes capped at model.horizon; one fast step = one env step; fitness = mean return of the "
                + "episodes ended in the generation; hyper roles: lr, decay, batch";
    }

    @Override
    public List<Key<?>> keys() {
        return List.of(HORIZON, HIDDEN, GAMMA, REPLAY, TARGET_EVERY, LR, DECAY, BATCH);
    }

    @Override
    public Model create(Config root, HyperSpace space) {
        int replay = REPLAY.read(root).intValue();
        int batch = BATCH.read(root).intValue();
        if (batch > replay) {
            throw new InvalidConfigException(BATCH.path(), "value " + batch + " exceeds model.replay = " + replay,
                    "an integer in [1, " + replay + "]");
        }
        checkHyper(space, "decay", 0.0, false, INF, "decay > 0");
        checkHyper(space, "batch", 1.0, true, replay, "1 <= batch <= model.replay = " + replay);
        DqnCartPole.Spec spec = new DqnCartPole.Spec(HORIZON.read(root).intValue(), HIDDEN.read(root).intValue(),
                GAMMA.read(root), replay, TARGET_EVERY.read(root).intValue(), LR.read(root), DECAY.read(root),
                batch);
        return new DqnCartPole(spec, space);
    }

    private static void checkHyper(HyperSpace space, String name, double lo, boolean loClosed, double hi,
            String allowed) {
        int k = space.indexOf(name);
        if (k < 0) {
            return;
        }
        HyperDim d = space.dim(k);
        if (loClosed ? d.lo() < lo : d.lo() <= lo) {
            throw new InvalidConfigException("hyper." + name + ".lo", "value " + d.lo() + " is out of range",
                    allowed);
        }
        if (d.hi() > hi) {
            throw new InvalidConfigException("hyper." + name + ".hi", "value " + d.hi() + " is out of range",
                    allowed);
        }
    }
}
