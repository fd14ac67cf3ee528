package dev.popdyn.core.random;

/**
 * What a random stream is used for. Each purpose has a fixed code that enters the stream's seed, so adding a
 * purpose never changes the draws of the existing ones.
 */
public enum Purpose {
    /** Initial fast parameters θ of an agent. */
    INIT_THETA(1),
    /** Initial hyperparameters λ drawn from the prior. */
    INIT_HYPER(2),
    /** Noise and minibatches of the fast phase. */
    FAST(3),
    /** Selection draws (donor choice, replacement coin, tournament opponents). */
    SELECT(4),
    /** Mutation of hyperparameters. */
    MUTATE(5),
    /** Stochastic fitness evaluation (validation minibatches, episodes). */
    FITNESS(6),
    /** Draws made once per run, not per agent (e.g. a model's random target direction). */
    RUN(7),
    /** Minibatches of the training loss recorded into a trajectory (models other than two-layer). */
    TRAJECTORY(8);

    private final long code;

    Purpose(long code) {
        this.code = code;
    }

    /** The stable code mixed into the stream seed. */
    public long code() {
        return code;
    }
}
