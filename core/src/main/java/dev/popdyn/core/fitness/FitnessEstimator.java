package dev.popdyn.core.fitness;

/**
 * Turns an agent's recent instant fitness values into the fitness that selection uses (docs/design.md §1.1). The history
 * {@code history[off .. off+count)} holds the agent's last {@code count} instant values in chronological order
 * (most recent last); it is cleared when the agent exploits a donor. Implementations are immutable and
 * thread-safe.
 */
public interface FitnessEstimator {
    /** The config name ({@code fitness.estimator}). */
    String name();

    /** How many past instant values the estimator needs (≥ 1). */
    int historyLength();

    /**
     * The per-agent estimate. Population-level estimators return the instant value here and are completed by the
     * engine.
     */
    double estimate(double[] history, int off, int count, double[] hyper, int hoff);
}
