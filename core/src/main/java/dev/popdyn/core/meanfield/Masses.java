package dev.popdyn.core.meanfield;

/**
 * Operations on flat arrays of cell masses shared by the 1-D and 2-D solvers: the exact selection step
 * mᵢ ← M·mᵢ·e^{c(Fᵢ − max F)} / Σⱼ mⱼe^{c(Fⱼ − max F)} (M the current total mass, so the step conserves mass and
 * keeps every mass ≥ 0), validation and normalisation, and exact Gaussian cell integrals. Stateless and thread-safe.
 */
final class Masses {
    private Masses() {
    }

    /**
     * Checks the fitness values of the cells: each finite or −∞ (a cell that selection empties), at least one finite.
     * Returns the largest finite value.
     */
    static double checkFitness(double[] f) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < f.length; i++) {
            if (Double.isNaN(f[i]) || f[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("fitness must be finite or -infinity; cell " + i + " has " + f[i]);
            }
            max = Math.max(max, f[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("fitness is -infinity in every cell");
        }
        return max;
    }

    /** The selection step with exponent c = κ·dt or α (c ≥ 0); {@code fmax} is the largest finite fitness. */
    static void select(double[] m, double[] f, double fmax, double c) {
        if (c == 0.0) {
            return;
        }
        double total = 0.0;
        double z = 0.0;
        for (int i = 0; i < m.length; i++) {
            total += m[i];
            double w = Math.exp(c * (f[i] - fmax));
            m[i] *= w;
            z += m[i];
        }
        if (!(z > 0)) {
            throw new IllegalStateException("all mass sits where the selection weight underflows to 0");
        }
        double scale = total / z;
        for (int i = 0; i < m.length; i++) {
            m[i] *= scale;
        }
    }

    /** Copies {@code values} (finite, ≥ 0, positive sum) into {@code m} scaled to total mass 1. */
    static void setNormalised(double[] m, double[] values, double cellMeasure) {
        if (values.length != m.length) {
            throw new IllegalArgumentException("expected " + m.length + " values, got " + values.length);
        }
        double sum = 0.0;
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || !Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values must be finite and >= 0; index " + i + " has "
                        + values[i]);
            }
            sum += values[i] * cellMeasure;
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            throw new IllegalArgumentException("total mass must be positive and finite: " + sum);
        }
        for (int i = 0; i < values.length; i++) {
            m[i] = values[i] * cellMeasure / sum;
        }
    }

    static double sum(double[] m) {
        double s = 0.0;
        for (double v : m) {
            s += v;
        }
        return s;
    }

    /**
     * The N(mean, variance) probability of every cell of {@code grid}, computed from upper tails on the far side of
     * the mean so that no mass is lost to cancellation, then renormalised to the box (the Gaussian restricted to
     * [lo, hi]).
     */
    static double[] gaussianCells(MeanFieldGrid1D grid, double mean, double variance) {
        if (!Double.isFinite(mean) || !(variance > 0) || !Double.isFinite(variance)) {
            throw new IllegalArgumentException("need a finite mean and a positive variance: " + mean + ", "
                    + variance);
        }
        double sd = Math.sqrt(variance);
        int n = grid.cells();
        double[] p = new double[n];
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double a = (grid.edge(i) - mean) / sd;
            double b = (grid.edge(i + 1) - mean) / sd;
            double v;
            if (a >= 0) {
                v = Erf.normalTail(a) - Erf.normalTail(b);
            } else if (b <= 0) {
                v = Erf.normalTail(-b) - Erf.normalTail(-a);
            } else {
                v = 1.0 - Erf.normalTail(b) - Erf.normalTail(-a);
            }
            p[i] = Math.max(0.0, v);
            sum += p[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("N(" + mean + ", " + variance + ") puts no mass on " + grid);
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
