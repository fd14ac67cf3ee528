package dev.popdyn.core.dynamics;

import dev.popdyn.core.env.CartPole;
import dev.popdyn.core.model.DqnCartPole;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.model.QNetwork;
import dev.popdyn.core.params.OperatorFactory;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The fast phase of a DQN agent on cart-pole (Mnih et al. 2015; {@link DqnCartPole}): one fast step is one
 * environment step, so K = {@code fast.steps} env steps per generation (500 in the seed's setup). θ is the online
 * Q-network; everything else the agent carries between generations lives in its state slice
 * {@code state[soff .. soff + stateSize())}, which the engine zeroes when the agent exploits a donor — that is the
 * seed's "clear the replay buffer and the fitness history, reset the optimiser" (and it also restarts the ε schedule
 * and the episode).
 *
 * <p><b>One env step</b>: ε = 0.01 + 0.99·exp(−n/decay) with n the agent's env steps so far; with probability ε a
 * uniform action, else argmax_a Q_θ(s, a); step the environment; store (s, a, s′, failed) in the replay ring buffer;
 * n ← n + 1; once the buffer holds at least B transitions, one training step: B transitions drawn uniformly with
 * replacement, targets y = 1 + γ·max_a Q_target(s′, a) (y = 1 when the pole fell; reaching the horizon is a time
 * limit, not a terminal state, so it is bootstrapped), loss L = (1/B) Σ (Q_θ(s, a) − y)² (mean squared error, as the
 * seed's code is assumed to use, rather than the Huber loss of Mnih et al.), one {@link Adam} step on θ with step
 * size λ.lr; every {@code target-every} env steps (n a multiple of it) θ is copied to the target network. An episode
 * ends when the pole falls or after {@code horizon} steps; its return (= its length, reward 1 per step) is added to
 * the generation's tally and the environment is reset. Draws (ε coin, random action, minibatch indices, resets) come
 * from the agent's FAST stream in this order.
 *
 * <p><b>Instant fitness</b> ({@link #instantFitness}): the mean return of the episodes that ended during this
 * generation's fast phase; if none ended, the return so far of the running episode (a lower bound of its return).
 *
 * <p><b>Layout of the state slice</b> (d = dimension of θ, C = replay capacity; all values stored as doubles):
 * <pre>
 *   [0]  INITIALISED     0 in a zeroed (fresh) slice; set to 1 when the slice is set up at the start of a fast
 *                        phase: target ← θ, environment reset
 *   [1]  ENV_STEPS       env steps n since birth or the last exploit (drives ε and the target period)
 *   [2]  ADAM_STEPS      Adam step count t
 *   [3]  REPLAY_SIZE     transitions stored, ≤ C
 *   [4]  REPLAY_NEXT     ring-buffer slot written next
 *   [5]  EPISODE_LENGTH  steps (= return) of the running episode
 *   [6]  RETURN_SUM      sum of the returns of the episodes ended in the current generation
 *   [7]  EPISODES        number of episodes ended in the current generation
 *   [8 .. 12)            environment state (x, ẋ, ϑ, ϑ̇)
 *   [12 .. 12+d)         target network (layout of θ)
 *   [12+d .. 12+2d)      Adam first moment m
 *   [12+2d .. 12+3d)     Adam second moment v
 *   [12+3d .. 12+3d+9C)  replay buffer: transition i at 12+3d+9i is s (4), s′ (4), a + 2·failed (1)
 * </pre>
 * The reward is not stored (it is always 1). With H = 64 and C = 5000: d = 4610, stateSize = 58,842 doubles
 * (≈ 471 kB per agent).
 *
 * <p>Immutable and thread-safe: per-thread minibatch buffers come from a {@link ThreadLocal} and are enlarged only
 * when a larger batch is first seen, so env and training steps allocate nothing. The {@code scratch} array passed to
 * {@link #run} (length ≥ d) holds the gradient.
 */
public final class DqnDynamics implements FastDynamics {
    /** Slot: 1 once the slice is initialised (0 in a zeroed slice). */
    public static final int INITIALISED = 0;
    /** Slot: env steps since birth or the last exploit. */
    public static final int ENV_STEPS = 1;
    /** Slot: Adam step count. */
    public static final int ADAM_STEPS = 2;
    /** Slot: number of stored transitions. */
    public static final int REPLAY_SIZE = 3;
    /** Slot: ring-buffer position written next. */
    public static final int REPLAY_NEXT = 4;
    /** Slot: length (= return) of the running episode. */
    public static final int EPISODE_LENGTH = 5;
    /** Slot: sum of returns of episodes ended in the current generation. */
    public static final int RETURN_SUM = 6;
    /** Slot: number of episodes ended in the current generation. */
    public static final int EPISODES = 7;
    /** Slot: first of the four environment-state coordinates. */
    public static final int ENV = 8;
    /** Offset of the target network. */
    public static final int TARGET = ENV + CartPole.STATE_SIZE;
    /** Doubles per stored transition: s, s′, a + 2·failed. */
    public static final int TRANSITION = 2 * CartPole.STATE_SIZE + 1;

    private static final double EPS_MIN = 0.01;
    private static final double EPS_SPAN = 0.99;

    /** The registry entry {@code dqn}, implied by {@code model.name = dqn-cartpole} (with algorithm full). */
    public static final OperatorFactory<FastDynamics> FACTORY = OperatorFactory.of("dqn", "model dqn-cartpole: "
            + "ε-greedy env steps with replay and Adam on the Q-network", List.of(),
            c -> new DqnDynamics((DqnCartPole) c.model()));

    private final DqnCartPole model;
    private final QNetwork net;
    private final int d;
    private final int horizon;
    private final double gamma;
    private final int capacity;
    private final int targetEvery;
    private final ThreadLocal<Scratch> scratch = new ThreadLocal<>();

    /** The dynamics of {@code model} (its network, horizon, γ, replay capacity, target period and λ bindings). */
    public DqnDynamics(DqnCartPole model) {
        this.model = model;
        this.net = model.network();
        this.d = net.dimension();
        DqnCartPole.Spec spec = model.spec();
        this.horizon = spec.horizon();
        this.gamma = spec.gamma();
        this.capacity = spec.replay();
        this.targetEvery = spec.targetEvery();
    }

    /** Per-thread minibatch buffers for batches of up to {@code capacity} transitions. */
    private static final class Scratch {
        final int capacity;
        final QNetwork.Workspace ws;
        final double[] x;
        final double[] next;
        final int[] actions;
        final boolean[] failed;
        final double[] targets;

        Scratch(QNetwork net, int capacity) {
            this.capacity = capacity;
            this.ws = net.workspace(capacity);
            this.x = new double[capacity * CartPole.STATE_SIZE];
            this.next = new double[capacity * CartPole.STATE_SIZE];
            this.actions = new int[capacity];
            this.failed = new boolean[capacity];
            this.targets = new double[capacity];
        }
    }

    private Scratch scratch(int batch) {
        Scratch sc = scratch.get();
        if (sc == null || sc.capacity < batch) {
            sc = new Scratch(net, batch);
            scratch.set(sc);
        }
        return sc;
    }

    @Override
    public int stateSize() {
        return replayOffset() + TRANSITION * capacity;
    }

    /** Offset of the Adam first moment in the slice. */
    public int adamFirstOffset() {
        return TARGET + d;
    }

    /** Offset of the Adam second moment in the slice. */
    public int adamSecondOffset() {
        return TARGET + 2 * d;
    }

    /** Offset of the replay buffer in the slice. */
    public int replayOffset() {
        return TARGET + 3 * d;
    }

    /** ε after {@code envSteps} env steps: 0.01 + 0.99·exp(−envSteps/decay). */
    public static double epsilon(double envSteps, double decay) {
        return EPS_MIN + EPS_SPAN * Math.exp(-envSteps / decay);
    }

    @Override
    public String name() {
        return "dqn";
    }

    @Override
    public void run(Model m, double[] theta, int off, double[] hyper, int hoff, double[] state, int soff,
            int steps, RandomGenerator rng, double[] scratchGrad) {
        int batch = model.batch(hyper, hoff);
        double lr = model.lr(hyper, hoff);
        double decay = model.decay(hyper, hoff);
        Scratch sc = scratch(batch);
        int env = soff + ENV;
        int target = soff + TARGET;
        int replay = soff + replayOffset();
        if (state[soff + INITIALISED] == 0.0) {
            System.arraycopy(theta, off, state, target, d);
            CartPole.reset(state, env, rng);
            state[soff + INITIALISED] = 1.0;
        }
        long n = (long) state[soff + ENV_STEPS];
        long t = (long) state[soff + ADAM_STEPS];
        int size = (int) state[soff + REPLAY_SIZE];
        int next = (int) state[soff + REPLAY_NEXT];
        int length = (int) state[soff + EPISODE_LENGTH];
        double returnSum = 0;
        int episodes = 0;
        for (int k = 0; k < steps; k++) {
            double eps = epsilon(n, decay);
            int action = rng.nextDouble() < eps ? rng.nextInt(CartPole.ACTIONS)
                    : net.greedy(theta, off, state, env, sc.ws);
            int tr = replay + TRANSITION * next;
            System.arraycopy(state, env, state, tr, CartPole.STATE_SIZE);
            boolean failed = CartPole.step(state, env, action);
            System.arraycopy(state, env, state, tr + CartPole.STATE_SIZE, CartPole.STATE_SIZE);
            state[tr + 2 * CartPole.STATE_SIZE] = action + (failed ? 2 : 0);
            next = next + 1 == capacity ? 0 : next + 1;
            size = Math.min(size + 1, capacity);
            n++;
            length++;
            if (size >= batch) {
                t++;
                train(theta, off, state, soff, replay, size, batch, lr, t, rng, sc, scratchGrad);
            }
            if (n % targetEvery == 0) {
                System.arraycopy(theta, off, state, target, d);
            }
            if (failed || length >= horizon) {
                returnSum += length * CartPole.REWARD;
                episodes++;
                length = 0;
                CartPole.reset(state, env, rng);
            }
        }
        state[soff + ENV_STEPS] = n;
        state[soff + ADAM_STEPS] = t;
        state[soff + REPLAY_SIZE] = size;
        state[soff + REPLAY_NEXT] = next;
        state[soff + EPISODE_LENGTH] = length;
        state[soff + RETURN_SUM] = returnSum;
        state[soff + EPISODES] = episodes;
    }

    /** One DQN update: a uniform minibatch from the replay buffer, targets from the target network, one Adam step. */
    private void train(double[] theta, int off, double[] state, int soff, int replay, int size, int batch, double lr,
            long t, RandomGenerator rng, Scratch sc, double[] grad) {
        int ns = CartPole.STATE_SIZE;
        for (int b = 0; b < batch; b++) {
            int tr = replay + TRANSITION * rng.nextInt(size);
            System.arraycopy(state, tr, sc.x, b * ns, ns);
            System.arraycopy(state, tr + ns, sc.next, b * ns, ns);
            int code = (int) state[tr + 2 * ns];
            sc.actions[b] = code & 1;
            sc.failed[b] = code >= 2;
        }
        net.forward(state, soff + TARGET, sc.next, 0, batch, sc.ws);
        for (int b = 0; b < batch; b++) {
            double best = sc.ws.q(b, 0);
            for (int a = 1; a < CartPole.ACTIONS; a++) {
                best = Math.max(best, sc.ws.q(b, a));
            }
            sc.targets[b] = CartPole.REWARD + (sc.failed[b] ? 0.0 : gamma * best);
        }
        net.tdLossAndGradient(theta, off, sc.x, 0, sc.actions, sc.targets, batch, grad, 0, sc.ws);
        Adam.step(theta, off, grad, 0, state, soff + adamFirstOffset(), state, soff + adamSecondOffset(), d, t, lr);
    }

    /** The mean return of the episodes ended in the last fast phase, else the running episode's return so far. */
    @Override
    public double instantFitness(Model m, double[] theta, int off, double[] hyper, int hoff, double[] state,
            int soff, RandomGenerator rng) {
        double episodes = state[soff + EPISODES];
        return episodes > 0 ? state[soff + RETURN_SUM] / episodes : state[soff + EPISODE_LENGTH] * CartPole.REWARD;
    }

    @Override
    public double temperature(double[] hyper, int hoff) {
        return 0.0;
    }
}
