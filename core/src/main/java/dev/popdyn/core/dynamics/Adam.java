package dev.popdyn.core.dynamics;

/**
 * One step of Adam (Kingma, Ba 2015, "Adam: A method for stochastic optimization", ICLR, Algorithm 1) on flat array
 * slices, with β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸:
 *
 * <pre>
 *   m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²,
 *   m̂ = m/(1−β₁ᵗ),       v̂ = v/(1−β₂ᵗ),       θ ← θ − η m̂/(√v̂ + ε)
 * </pre>
 *
 * for the step count t ≥ 1 (the first step moves every coordinate by η·g/(|g| + ε) ≈ η·sign(g)). Zeroed moments
 * with t restarting at 1 are a freshly reset optimiser. Stateless and thread-safe; allocates nothing.
 */
public final class Adam {
    /** Decay of the first moment. */
    public static final double BETA1 = 0.9;
    /** Decay of the second moment. */
    public static final double BETA2 = 0.999;
    /** Denominator offset. */
    public static final double EPSILON = 1e-8;

    private Adam() {
    }

    /**
     * Updates {@code theta[off .. off+n)} with gradient {@code grad[goff ..]}, first moment {@code m[moff ..]} and
     * second moment {@code v[voff ..]} (both updated in place), as step {@code t} (1-based) with step size
     * {@code lr}.
     */
    public static void step(double[] theta, int off, double[] grad, int goff, double[] m, int moff, double[] v,
            int voff, int n, long t, double lr) {
        if (t < 1) {
            throw new IllegalArgumentException("Adam step count must be >= 1: " + t);
        }
        double c1 = 1.0 - Math.pow(BETA1, t);
        double c2 = 1.0 - Math.pow(BETA2, t);
        for (int k = 0; k < n; k++) {
            double g = grad[goff + k];
            double mk = BETA1 * m[moff + k] + (1.0 - BETA1) * g;
            double vk = BETA2 * v[voff + k] + (1.0 - BETA2) * g * g;
            m[moff + k] = mk;
            v[voff + k] = vk;
            theta[off + k] -= lr * (mk / c1) / (Math.sqrt(vk / c2) + EPSILON);
        }
    }
}
