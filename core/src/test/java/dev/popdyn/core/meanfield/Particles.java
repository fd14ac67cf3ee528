package dev.popdyn.core.meanfield;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Particle-side helpers for the tests: exact sampling from a grid law and multinomial resampling. */
final class Particles {
    private Particles() {
    }

    /** N draws from the piecewise-constant law of {@code ref} (inverse CDF), in axis coordinates. */
    static double[] sample(ReplicatorMutator1D ref, int n, RandomGenerator rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = ref.quantile(rng.nextDouble());
        }
        return x;
    }

    /** N draws (x, y) from the piecewise-constant law of {@code ref}: a cell by its mass, then uniform in it. */
    static double[][] sample(ReplicatorMutator2D ref, int n, RandomGenerator rng) {
        MeanFieldGrid2D g = ref.grid();
        int ny = g.y().cells();
        double[] cum = cumulative(ref.masses());
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            int c = pick(cum, rng.nextDouble());
            x[k] = g.x().edge(c / ny) + rng.nextDouble() * g.x().width();
            y[k] = g.y().edge(c % ny) + rng.nextDouble() * g.y().width();
        }
        return new double[][] {x, y};
    }

    /** Multinomial resampling: N donor indices drawn with probability ∝ weights (BoltzmannSelection, ν = 1). */
    static int[] resample(double[] weights, RandomGenerator rng) {
        double[] cum = cumulative(weights);
        int[] idx = new int[weights.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = pick(cum, rng.nextDouble());
        }
        return idx;
    }

    /** {mean, variance, SE of the mean, SE of the variance} of an i.i.d. sample. */
    static double[] moments(double[] x) {
        int n = x.length;
        double mean = Arrays.stream(x).sum() / n;
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            double d = (v - mean) * (v - mean);
            m2 += d;
            m4 += d * d;
        }
        m2 /= n;
        m4 /= n;
        return new double[] {mean, m2, Math.sqrt(m2 / n), Math.sqrt((m4 - m2 * m2) / n)};
    }

    /**
     * The importance-sampling part of the error of a reweight-resample step: {SE² of the weighted mean, SE² of the
     * weighted variance} ≈ {Σŵ²(x − x̄)², Σŵ²((x − x̄)² − v)²} for normalised weights ŵ.
     */
    static double[] weightedVariance(double[] x, double[] w) {
        double z = Arrays.stream(w).sum();
        double mean = 0;
        for (int i = 0; i < x.length; i++) {
            mean += w[i] / z * x[i];
        }
        double v = 0;
        for (int i = 0; i < x.length; i++) {
            v += w[i] / z * (x[i] - mean) * (x[i] - mean);
        }
        double sm = 0;
        double sv = 0;
        for (int i = 0; i < x.length; i++) {
            double wi = w[i] / z;
            double d = x[i] - mean;
            sm += wi * wi * d * d;
            sv += wi * wi * (d * d - v) * (d * d - v);
        }
        return new double[] {sm, sv};
    }

    private static double[] cumulative(double[] w) {
        double[] cum = new double[w.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i];
            cum[i] = s;
        }
        return cum;
    }

    private static int pick(double[] cum, double u) {
        double target = u * cum[cum.length - 1];
        int lo = 0;
        int hi = cum.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
