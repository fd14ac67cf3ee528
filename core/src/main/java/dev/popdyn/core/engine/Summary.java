package dev.popdyn.core.engine;

import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.stats.Moments;
import dev.popdyn.core.stats.Quantiles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The summary row of one generation (docs/design.md §4, {@code summary}): N; fitness mean/std/min/max and quantiles over
 * non-diverged agents; per-hyperparameter mean/std/min/max/quantiles over all agents; ESS/N; distinct donors;
 * exploited, resampled and diverged counts; W1 to the mean-field reference (NaN when none); stage timings in ms.
 * Column names come from {@link #columns}; values are doubles (counts are exact integers). Immutable.
 */
public final class Summary {
    private static final String[] STAT = {"mean", "std", "min", "max"};
    /** Stage timing columns, filled by the engine that ran the generation. */
    public static final String[] TIMINGS = {"ms_fast", "ms_slow", "ms_write"};

    private final List<String> names;
    private final double[] values;

    private Summary(List<String> names, double[] values) {
        this.names = names;
        this.values = values;
    }

    /** Column names for a hyperparameter space, in order. */
    public static List<String> columns(HyperSpace space) {
        List<String> c = new ArrayList<>();
        c.add("n");
        addStats(c, "fitness");
        for (String h : space.names()) {
            addStats(c, "hyper_" + h);
        }
        c.add("ess_frac");
        c.add("distinct_donors");
        c.add("exploited");
        c.add("resampled");
        c.add("diverged");
        c.add("w1_reference");
        Collections.addAll(c, TIMINGS);
        return c;
    }

    private static void addStats(List<String> c, String prefix) {
        for (String s : STAT) {
            c.add(prefix + "_" + s);
        }
        for (String q : Quantiles.NAMES) {
            c.add(prefix + "_" + q);
        }
    }

    /**
     * Builds a summary. {@code fitnessQ} and {@code hyperQ[k]} are the quantiles {@link Quantiles#PROBS}; timings
     * and W1 start as NaN and are set with {@link #with}.
     */
    public static Summary of(HyperSpace space, long n, Moments fitness, double[] fitnessQ, Moments[] hyper,
            double[][] hyperQ, double essFrac, long distinctDonors, long exploited, long resampled, long diverged) {
        List<String> names = columns(space);
        double[] v = new double[names.size()];
        int i = 0;
        v[i++] = n;
        i = putStats(v, i, fitness, fitnessQ);
        for (int k = 0; k < space.size(); k++) {
            i = putStats(v, i, hyper[k], hyperQ[k]);
        }
        v[i++] = essFrac;
        v[i++] = distinctDonors;
        v[i++] = exploited;
        v[i++] = resampled;
        v[i++] = diverged;
        while (i < v.length) {
            v[i++] = Double.NaN;
        }
        return new Summary(Collections.unmodifiableList(names), v);
    }

    private static int putStats(double[] v, int i, Moments m, double[] q) {
        v[i++] = m.mean();
        v[i++] = m.std();
        v[i++] = m.min();
        v[i++] = m.max();
        for (double x : q) {
            v[i++] = x;
        }
        return i;
    }

    public List<String> names() {
        return names;
    }

    /** A copy of the values, aligned with {@link #names()}. */
    public double[] values() {
        return values.clone();
    }

    /** The value of column {@code name}. */
    public double get(String name) {
        int k = names.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no summary column " + name);
        }
        return values[k];
    }

    /** A copy with column {@code name} set to {@code value}. */
    public Summary with(String name, double value) {
        int k = names.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no summary column " + name);
        }
        double[] v = values.clone();
        v[k] = value;
        return new Summary(names, v);
    }
}
