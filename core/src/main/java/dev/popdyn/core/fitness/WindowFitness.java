package dev.popdyn.core.fitness;

/**
 * {@code window(m)}: the mean of the last m instant values, fewer right after birth or exploit (the history is
 * cleared on exploit, as in the seed's PBT code with m ∈ {1, 2, 5}). Immutable and thread-safe.
 */
public final class WindowFitness implements FitnessEstimator {
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
