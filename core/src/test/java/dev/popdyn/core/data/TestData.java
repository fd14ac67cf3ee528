package dev.popdyn.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small synthetic data sets for tests: Gaussian features, labels from a noisy non-linear rule. */
public final class TestData {
    private TestData() {
    }

    /** nTrain + nVal rows, p features, K classes; label = argmax_k (x·a_k + 0.5·x₀² ·(k%2)) + noise. */
    public static DataSet gaussian(int nTrain, int nVal, int p, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[k * p];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        double[] tx = new double[nTrain * p];
        int[] ty = new int[nTrain];
        double[] vx = new double[nVal * p];
        int[] vy = new int[nVal];
        fill(tx, ty, p, k, a, rng);
        fill(vx, vy, p, k, a, rng);
        double[] mean = new double[p];
        double[] scale = new double[p];
        List<String> names = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            scale[j] = 1.0;
            names.add("x" + j);
        }
        for (int c = 0; c < k; c++) {
            classes.add("c" + c);
        }
        return new DataSet(tx, ty, vx, vy, p, k, mean, scale, "y", names, classes);
    }

    private static void fill(double[] x, int[] y, int p, int k, double[] a, SplittableRandom rng) {
        for (int r = 0; r < y.length; r++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < p; j++) {
                x[r * p + j] = rng.nextGaussian();
            }
            for (int c = 0; c < k; c++) {
                double s = 0.5 * x[r * p] * x[r * p] * (c % 2) + 0.7 * rng.nextGaussian();
                for (int j = 0; j < p; j++) {
                    s += a[c * p + j] * x[r * p + j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[r] = best;
        }
    }
}
