package dev.popdyn.core.fitness;

import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.OperatorFactory;
import java.util.List;

/**
 * {@code window(m)}: the mean of the last m instant values, fewer right after birth or exploit (the history is
 * cleared on exploit, as in the seed's PBT code with m ∈ {1, 2, 5}). Immutable and thread-safe.
 */
public final class WindowFitness implements FitnessEstimator {
    /** {@code fitness.window}: m (hashed for every estimator, see {@link Estimators#create}). */
    public static final Key.Int WINDOW = new Key.Int("fitness.window", "m, instant values averaged by the window "
            + "estimator (cleared on exploit)", 5, 1, 10_000);
    /** The registry entry {@code window}. */
    public static final OperatorFactory<FitnessEstimator> FACTORY = OperatorFactory.of("window",
            "mean of the last m instant values", List.of(WINDOW),
            c -> new WindowFitness(c.resolve(WINDOW).intValue()));

    private final int m;

    public WindowFitness(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("window must be >= 1: " + m);
        }
        this.m = m;
    }

    @Override
    public String name() {
        return "window";
    }

    @Override
    public int historyLength() {
        return m;
    }

    @Override
    public double estimate(double[] history, int off, int count, double[] hyper, int hoff) {
        int n = Math.min(count, m);
        double s = 0;
        for (int k = count - n; k < count; k++) {
            s += history[off + k];
        }
        return s / n;
    }
}
