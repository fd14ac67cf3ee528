package dev.popdyn.core.model;

import dev.popdyn.core.env.CartPole;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The {@code dqn-cartpole} model against the model contract, on a small Q-network (hidden width 8, horizon 50). The
 * model has no {@link Model#lossAndGradient} of its own — {@code DqnDynamics} trains it on the TD loss
 * L = (1/B) Σ (Q_θ(s_b, a_b) − y_b)² with the targets y held fixed (the semi-gradient of Mnih et al. 2015) — so the
 * training loss here is that TD loss on one fixed minibatch of B = 16 seeded states, actions and targets.
 */
class DqnCartPoleTest extends ModelContract {
    private static final int B = 16;

    @Override
    protected Model model() {
        return new DqnCartPole(new DqnCartPole.Spec(50, 8, 0.99, 64, 10, 1e-3, 1000, 8), HyperSpace.of());
    }

    @Override
    protected double[] hyper() {
        return new double[0];
    }

    @Override
    protected double trainingLoss(Model m, double[] theta, int off, double[] hyper, int hoff, double[] grad) {
        QNetwork net = ((DqnCartPole) m).network();
        SplittableRandom rng = Streams.of(3, 0, 0, Purpose.RUN);
        double[] x = new double[B * CartPole.STATE_SIZE];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        int[] actions = new int[B];
        double[] targets = new double[B];
        for (int b = 0; b < B; b++) {
            actions[b] = rng.nextInt(CartPole.ACTIONS);
            targets[b] = 1 + rng.nextDouble();
        }
        Arrays.fill(grad, 0.0);
        return net.tdLossAndGradient(theta, off, x, 0, actions, targets, B, grad, 0, net.workspace(B));
    }
}
