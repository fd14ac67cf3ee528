package dev.popdyn.core.stats;

import java.io.Serializable;

/**
 * Count, mean, sum of squared deviations, minimum and maximum of a stream of values: Welford's update within a
 * block (values in agent-id order) and Chan, Golub and LeVeque's pairwise merge across blocks (in block order).
 * Feeding the same values in the same canonical order gives bit-identical results whatever engine or partitioning
 * produced them. Mutable, not thread-safe.
 */
public final class Moments implements Serializable {
    private static final long serialVersionUID = 1L;
    private long n;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** Adds one value (Welford 1962). */
    public void add(double x) {
        n++;
        double delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
        if (x < min) {
            min = x;
        }
        if (x > max) {
            max = x;
        }
    }

    /** Merges {@code o} into this (Chan et al. 1979); call in canonical block order. */
    public void merge(Moments o) {
        if (o.n == 0) {
            return;
        }
        if (n == 0) {
            n = o.n;
            mean = o.mean;
            m2 = o.m2;
            min = o.min;
            max = o.max;
            return;
        }
        long total = n + o.n;
        double delta = o.mean - mean;
        mean += delta * o.n / total;
        m2 += o.m2 + delta * delta * ((double) n * o.n / total);
        n = total;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    public long count() {
        return n;
    }

    /** The mean (NaN when empty). */
    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** The population standard deviation sqrt(M2/n) (NaN when empty). */
    public double std() {
        return n == 0 ? Double.NaN : Math.sqrt(m2 / n);
    }

    /** The unbiased sample variance M2/(n−1) (NaN when n < 2). */
    public double sampleVariance() {
        return n < 2 ? Double.NaN : m2 / (n - 1);
    }

    public double min() {
        return n == 0 ? Double.NaN : min;
    }

    public double max() {
        return n == 0 ? Double.NaN : max;
    }
}
