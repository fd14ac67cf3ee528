package dev.popdyn.core.stats;

import java.util.Arrays;

/**
 * Exact sample quantiles by linear interpolation between order statistics (Hyndman and Fan 1996, type 7; NumPy's
 * default): for probability p and n sorted values x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎, h = p(n − 1) and
 * Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌈h⌉₎ − x₍⌊h⌋₎). Engines that cannot sort in memory fetch just the two ranks from
 * {@link #lowerRank}/{@link #upperRank} and call {@link #interpolate}. Stateless and thread-safe.
 */
public final class Quantiles {
    /** The probabilities reported in summaries: 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95. */
    public static final double[] PROBS = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
    /** Column suffixes of {@link #PROBS}. */
    public static final String[] NAMES = {"q05", "q10", "q25", "q50", "q75", "q90", "q95"};

    private Quantiles() {
    }

    public static long lowerRank(double p, long n) {
        return (long) Math.floor(p * (n - 1));
    }

    public static long upperRank(double p, long n) {
        return (long) Math.ceil(p * (n - 1));
    }

    public static double interpolate(double p, long n, double lower, double upper) {
        double h = p * (n - 1);
        double frac = h - Math.floor(h);
        return frac == 0 ? lower : lower + frac * (upper - lower);
    }

    /** Quantiles {@link #PROBS} of {@code values[0 .. n)} (NaN when n = 0); does not modify the input. */
    public static double[] of(double[] values, int n) {
        double[] out = new double[PROBS.length];
        if (n == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        double[] s = Arrays.copyOf(values, n);
        Arrays.parallelSort(s);
        for (int k = 0; k < PROBS.length; k++) {
            double p = PROBS[k];
            out[k] = interpolate(p, n, s[(int) lowerRank(p, n)], s[(int) upperRank(p, n)]);
        }
        return out;
    }
}
