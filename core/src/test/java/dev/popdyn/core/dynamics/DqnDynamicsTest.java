package dev.popdyn.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.env.CartPole;
import dev.popdyn.core.model.DqnCartPole;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DqnDynamics}: the fast-dynamics contract, on a small DQN (hidden width 8, replay 64, minibatch 8, so the
 * contract's 25 steps include training steps) with λ = (lr) and no temperature (it reads 0); and the env-step,
 * replay and training bookkeeping.
 */
class DqnDynamicsTest extends FastDynamicsContract {
    @Override
    protected HyperSpace space() {
        return HyperSpace.of(HyperDim.real("lr", 1e-4, 1e-2, Scale.LOG));
    }

    @Override
    protected double[] hyper() {
        return new double[]{1e-3};
    }

    @Override
    protected Model model() {
        return new DqnCartPole(new DqnCartPole.Spec(50, 8, 0.99, 64, 10, 1e-3, 1000, 8), space());
    }

    @Override
    protected double expectedTemperature() {
        return 0.0;
    }

    @Override
    protected FastDynamics dynamics() {
        return new DqnDynamics((DqnCartPole) model());
    }

    private static final double[] NO_HYPER = new double[0];

    /** One agent: θ, its state slice (at offset 3 of a larger array, to exercise offsets) and a gradient buffer. */
    private static final class Agent {
        final DqnCartPole model;
        final DqnDynamics dyn;
        final double[] theta;
        final double[] state;
        final double[] grad;
        static final int SOFF = 3;

        Agent(DqnCartPole.Spec spec, long seed) {
            model = new DqnCartPole(spec, HyperSpace.of());
            dyn = new DqnDynamics(model);
            theta = new double[model.dimension()];
            model.initTheta(theta, 0, new SplittableRandom(seed));
            state = new double[SOFF + dyn.stateSize() + 2];
            grad = new double[model.dimension()];
        }

        void run(int steps, SplittableRandom rng) {
            dyn.run(model, theta, 0, NO_HYPER, 0, state, SOFF, steps, rng, grad);
        }

        double slot(int k) {
            return state[SOFF + k];
        }

        double fitness() {
            return dyn.instantFitness(model, theta, 0, NO_HYPER, 0, state, SOFF, new SplittableRandom(0));
        }

        double[] target() {
            return Arrays.copyOfRange(state, SOFF + DqnDynamics.TARGET, SOFF + DqnDynamics.TARGET + theta.length);
        }
    }

    private static DqnCartPole.Spec spec(int horizon, int hidden, int replay, int targetEvery, int batch) {
        return new DqnCartPole.Spec(horizon, hidden, 0.99, replay, targetEvery, 1e-3, 1000, batch);
    }

    @Test
    void stateLayoutOfTheSeedSetup() {
        DqnDynamics dyn = new DqnDynamics(new DqnCartPole(DqnCartPole.Spec.seed(), HyperSpace.of()));
        assertThat(DqnDynamics.TARGET).isEqualTo(12);
        assertThat(dyn.adamFirstOffset()).isEqualTo(12 + 4610);
        assertThat(dyn.adamSecondOffset()).isEqualTo(12 + 2 * 4610);
        assertThat(dyn.replayOffset()).isEqualTo(12 + 3 * 4610);
        assertThat(dyn.stateSize()).isEqualTo(12 + 3 * 4610 + 9 * 5000).isEqualTo(58_842);
        assertThat(dyn.temperature(NO_HYPER, 0)).isZero();
    }

    @Test
    void epsilonSchedule() {
        assertThat(DqnDynamics.epsilon(0, 1000)).isEqualTo(1.0);
        assertThat(DqnDynamics.epsilon(1000, 1000)).isCloseTo(0.01 + 0.99 / Math.E, within(1e-15));
        assertThat(DqnDynamics.epsilon(1e9, 1000)).isEqualTo(0.01);
    }

    @Test
    void freshStateSyncsTheTargetAndResetsTheEnvironment() {
        Agent a = new Agent(spec(100, 8, 50, 10, 4), 1);
        double[] theta0 = a.theta.clone();
        a.run(0, new SplittableRandom(2));
        assertThat(a.slot(DqnDynamics.INITIALISED)).isEqualTo(1.0);
        assertThat(a.target()).containsExactly(theta0);
        assertThat(a.theta).containsExactly(theta0);
        for (int k = 0; k < 4; k++) {
            assertThat(Math.abs(a.slot(DqnDynamics.ENV + k))).isLessThan(0.05).isPositive();
        }
        assertThat(a.fitness()).isZero();
        assertThat(a.state[0]).isZero();
        assertThat(a.state[a.state.length - 1]).isZero();
    }

    @Test
    void noTrainingBeforeTheBufferHoldsABatch() {
        Agent a = new Agent(spec(100, 8, 50, 1000, 40), 1);
        double[] theta0 = a.theta.clone();
        a.run(39, new SplittableRandom(3));
        assertThat(a.theta).containsExactly(theta0);
        assertThat(a.slot(DqnDynamics.ADAM_STEPS)).isZero();
        a.run(1, new SplittableRandom(4));
        assertThat(a.slot(DqnDynamics.ADAM_STEPS)).isEqualTo(1.0);
        assertThat(a.theta).isNotEqualTo(theta0);
    }

    @Test
    void ringBufferHoldsConsistentTransitionsAndCounters() {
        int capacity = 10;
        Agent a = new Agent(spec(100, 8, capacity, 1000, 10), 5);
        a.run(25, new SplittableRandom(6));
        assertThat(a.slot(DqnDynamics.ENV_STEPS)).isEqualTo(25.0);
        assertThat(a.slot(DqnDynamics.REPLAY_SIZE)).isEqualTo(10.0);
        assertThat(a.slot(DqnDynamics.REPLAY_NEXT)).isEqualTo(5.0);
        assertThat(a.slot(DqnDynamics.ADAM_STEPS)).isEqualTo(16.0);
        int rep = Agent.SOFF + a.dyn.replayOffset();
        for (int i = 0; i < capacity; i++) {
            int tr = rep + DqnDynamics.TRANSITION * i;
            double[] s = Arrays.copyOfRange(a.state, tr, tr + 4);
            int code = (int) a.state[tr + 8];
            assertThat(code).isBetween(0, 3);
            boolean failed = CartPole.step(s, 0, code & 1);
            assertThat(failed).isEqualTo(code >= 2);
            assertThat(s).containsExactly(Arrays.copyOfRange(a.state, tr + 4, tr + 8));
        }
        int last = rep + DqnDynamics.TRANSITION * 4;
        if (a.slot(DqnDynamics.EPISODE_LENGTH) > 0) {
            assertThat(Arrays.copyOfRange(a.state, last + 4, last + 8))
                    .containsExactly(Arrays.copyOfRange(a.state, Agent.SOFF + DqnDynamics.ENV,
                            Agent.SOFF + DqnDynamics.ENV + 4));
        }
    }

    @Test
    void targetIsCopiedEveryTargetEverySteps() {
        Agent a = new Agent(spec(100, 8, 50, 7, 1), 7);
        a.run(7, new SplittableRandom(8));
        assertThat(a.slot(DqnDynamics.ADAM_STEPS)).isEqualTo(7.0);
        double[] atSeven = a.theta.clone();
        assertThat(a.target()).containsExactly(atSeven);
        a.run(3, new SplittableRandom(9));
        assertThat(a.theta).isNotEqualTo(atSeven);
        assertThat(a.target()).containsExactly(atSeven);
        a.run(4, new SplittableRandom(10));
        assertThat(a.target()).containsExactly(a.theta);
    }

    @Test
    void episodesEndAtTheHorizonAndFitnessIsTheirMeanReturn() {
        Agent a = new Agent(spec(5, 8, 50, 100, 4), 11);
        a.run(23, new SplittableRandom(12));
        double episodes = a.slot(DqnDynamics.EPISODES);
        double sum = a.slot(DqnDynamics.RETURN_SUM);
        assertThat(episodes).isGreaterThanOrEqualTo(4);
        assertThat(sum + a.slot(DqnDynamics.EPISODE_LENGTH)).isEqualTo(23.0);
        assertThat(a.slot(DqnDynamics.EPISODE_LENGTH)).isLessThan(5);
        assertThat(a.fitness()).isEqualTo(sum / episodes).isLessThanOrEqualTo(5.0);
        a.run(2, new SplittableRandom(13));
        if (a.slot(DqnDynamics.EPISODES) == 0) {
            assertThat(a.fitness()).isEqualTo(a.slot(DqnDynamics.EPISODE_LENGTH));
        }
    }

    @Test
    void runsAreDeterministic() {
        Agent a = new Agent(spec(100, 8, 100, 10, 8), 14);
        Agent b = new Agent(spec(100, 8, 100, 10, 8), 14);
        a.run(300, new SplittableRandom(15));
        b.run(300, new SplittableRandom(15));
        assertThat(a.theta).containsExactly(b.theta);
        assertThat(a.state).containsExactly(b.state);
    }

    @Test
    void modelHasNoStandaloneLossAndAGreedyFitness() {
        DqnCartPole m = new DqnCartPole(DqnCartPole.Spec.seed(), HyperSpace.of());
        double[] zero = new double[m.dimension()];
        assertThatThrownBy(() -> m.lossAndGradient(zero, 0, NO_HYPER, 0, new double[zero.length],
                new SplittableRandom(1))).isInstanceOf(UnsupportedOperationException.class);
        // Q ≡ 0: argmax takes action 0 (push left) every step, and the pole falls within a few dozen steps.
        double f = m.fitness(zero, 0, NO_HYPER, 0, new SplittableRandom(2));
        assertThat(f).isBetween(5.0, 30.0);
        assertThat(m.fitness(zero, 0, NO_HYPER, 0, new SplittableRandom(2))).isEqualTo(f);
    }

    /**
     * The seed's network (64-64, replay 5000, target every 100, horizon 100) with lr = 10⁻³, decay = 1000, B = 64
     * learns to balance: within a budget of 5000 env steps the mean return of the episodes in the last 1000 steps
     * (the fitness the engine sees, ε ≈ 0.02 there) and of 20 greedy episodes both exceed 50 (of at most 100).
     */
    @Test
    void singleAgentLearnsToBalanceWithinFiveThousandSteps() {
        Agent a = new Agent(DqnCartPole.Spec.seed(), 21);
        SplittableRandom rng = new SplittableRandom(22);
        double greedyBefore = 0;
        for (int e = 0; e < 20; e++) {
            greedyBefore += a.model.fitness(a.theta, 0, NO_HYPER, 0, rng) / 20;
        }
        double first = -1;
        for (int chunk = 0; chunk < 5; chunk++) {
            a.run(1000, rng);
            if (chunk == 0) {
                first = a.fitness();
            }
        }
        double last = a.fitness();
        double greedy = 0;
        for (int e = 0; e < 20; e++) {
            greedy += a.model.fitness(a.theta, 0, NO_HYPER, 0, rng) / 20;
        }
        System.out.printf("DQN cart-pole: greedy return %.1f before, first 1000 steps %.1f, last 1000 steps %.1f, "
                + "greedy %.1f after 5000 steps%n", greedyBefore, first, last, greedy);
        assertThat(a.slot(DqnDynamics.ENV_STEPS)).isEqualTo(5000.0);
        assertThat(last).isGreaterThan(50.0);
        assertThat(greedy).isGreaterThan(50.0);
        assertThat(first).isLessThan(last);
    }
}
