package dev.popdyn.core.dynamics;

import dev.popdyn.core.model.Model;
import java.util.random.RandomGenerator;

/**
 * The fast phase of one agent for one generation (docs/design.md §1, step 1): K updates of θ in place, with no
 * communication between agents. Implementations are immutable and thread-safe; per-agent optimiser state lives in
 * {@code state[soff .. soff + stateSize())} and is zeroed when the agent exploits a donor.
 */
public interface FastDynamics {
    /** The registry name ({@code fast.dynamics}, or gibbs and dqn, implied by the algorithm and the model). */
    String name();

    /** Runs {@code steps} updates of {@code theta[off .. off+d)} for the agent with λ at {@code hyper[hoff]}. */
    void run(Model model, double[] theta, int off, double[] hyper, int hoff, double[] state, int soff, int steps,
            RandomGenerator rng, double[] scratch);

    /**
     * The instant fitness of the agent at the end of its fast phase. The default is the model's
     * {@link Model#fitness}; dynamics whose fitness depends on the per-agent state (e.g. the episode returns recorded
     * by {@link DqnDynamics}) override it.
     */
    default double instantFitness(Model model, double[] theta, int off, double[] hyper, int hoff, double[] state,
            int soff, RandomGenerator rng) {
        return model.fitness(theta, off, hyper, hoff, rng);
    }

    /** Doubles of optimiser state per agent (0 for plain Langevin/SGD). */
    default int stateSize() {
        return 0;
    }

    /**
     * Whether risk curves can be recorded inside the fast phase ({@code trajectory.every}) without changing results:
     * K steps run in chunks must equal K steps run at once, draw for draw.
     */
    default boolean recordable() {
        return false;
    }

    /** The temperature T used for the agent (for Gibbs draws and the effective fitness). */
    double temperature(double[] hyper, int hoff);
}
