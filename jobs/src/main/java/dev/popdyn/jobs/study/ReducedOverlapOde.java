package dev.popdyn.jobs.study;

/**
 * The one-cluster reduction of the two-layer gradient flow (docs/twolayer.md, "What the reduced overlap ODE
 * predicts"): every neuron has overlap s with u* and second-layer weight a, the parts orthogonal to u* are mutually
 * orthogonal (d → ∞ at fixed m), so Gⱼₖ = s² for j ≠ k. In mean-field time the flow of popdyn's two-layer model
 * ({@code model.gradient = population}) becomes
 *
 * <pre>
 *   ȧ = (1/ε) [V(s) − a Ū(s)],                     Ū(s) = U(1)/m + (1 − 1/m) U(s²)
 *   ṡ = a (1 − s²) [V′(s) − a (1 − 1/m) U′(s²) s]
 *   R = ½‖φ‖² − a V(s) + ½ a² Ū(s)
 * </pre>
 *
 * with V(s) = Σ φₖσₖ sᵏ and U(x) = Σ σₖ² xᵏ (Mehler). It is integrated by classical RK4 from a = a₀, s = s₀ (popdyn's
 * initialisation: a₀ = 0 with {@code init-scale = 0}, |s₀| ≈ d^{−1/2} for a uniform direction), and the drop time
 * t_l is the first time R falls below (R_{l−1} + R_l)/2, interpolated linearly between steps (the rule of
 * {@code RiskCurves}, in linear rather than log time). Immutable and thread-safe.
 */
public final class ReducedOverlapOde {
    private final double[] phi;
    private final double[] sigma;
    private final int width;

    /** Target and activation Hermite coefficients (normalised), network width m. */
    public ReducedOverlapOde(double[] phi, double[] sigma, int width) {
        this.phi = phi.clone();
        this.sigma = sigma.clone();
        this.width = width;
    }

    /** V(s) = Σ φₖσₖ sᵏ. */
    double v(double s) {
        double r = 0;
        for (int k = Math.min(phi.length, sigma.length) - 1; k >= 0; k--) {
            r = r * s + phi[k] * sigma[k];
        }
        return r;
    }

    /** V′(s). */
    double dv(double s) {
        double r = 0;
        for (int k = Math.min(phi.length, sigma.length) - 1; k >= 1; k--) {
            r = r * s + k * phi[k] * sigma[k];
        }
        return r;
    }

    /** U(x) = Σ σₖ² xᵏ. */
    double u(double x) {
        double r = 0;
        for (int k = sigma.length - 1; k >= 0; k--) {
            r = r * x + sigma[k] * sigma[k];
        }
        return r;
    }

    /** U′(x). */
    double du(double x) {
        double r = 0;
        for (int k = sigma.length - 1; k >= 1; k--) {
            r = r * x + k * sigma[k] * sigma[k];
        }
        return r;
    }

    /** Ū(s) = U(1)/m + (1 − 1/m) U(s²). */
    double ubar(double s) {
        return u(1) / width + (1 - 1.0 / width) * u(s * s);
    }

    /** The reduced risk R(a, s). */
    public double risk(double a, double s) {
        double norm = 0;
        for (double f : phi) {
            norm += f * f;
        }
        return 0.5 * norm - a * v(s) + 0.5 * a * a * ubar(s);
    }

    private double[] rate(double a, double s, double eps) {
        double da = (v(s) - a * ubar(s)) / eps;
        double ds = a * (1 - s * s) * (dv(s) - a * (1 - 1.0 / width) * du(s * s) * s);
        return new double[]{da, ds};
    }

    /**
     * The first time t ≤ {@code horizon} at which R falls below {@code threshold}, from (a₀, s₀), RK4 with step
     * dt = min(ε, 1)/{@code stepsPerEps}; +∞ if it never does.
     */
    public double dropTime(double eps, double a0, double s0, double threshold, double horizon, int stepsPerEps) {
        double dt = Math.min(eps, 1.0) / stepsPerEps;
        double a = a0;
        double s = s0;
        double r = risk(a, s);
        if (r < threshold) {
            return 0;
        }
        for (double t = 0; t < horizon; t += dt) {
            double[] y = step(a, s, eps, dt);
            a = y[0];
            s = y[1];
            double next = risk(a, s);
            if (next < threshold) {
                return t + dt * (r - threshold) / (r - next);
            }
            r = next;
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The overlap s(t) from (a₀, s₀), RK4 with {@code steps} equal steps. */
    public double overlapAt(double eps, double a0, double s0, double t, int steps) {
        double dt = t / steps;
        double[] y = {a0, s0};
        for (int i = 0; i < steps; i++) {
            y = step(y[0], y[1], eps, dt);
        }
        return y[1];
    }

    /** One classical RK4 step of (a, s). */
    private double[] step(double a, double s, double eps, double dt) {
        double[] k1 = rate(a, s, eps);
        double[] k2 = rate(a + 0.5 * dt * k1[0], s + 0.5 * dt * k1[1], eps);
        double[] k3 = rate(a + 0.5 * dt * k2[0], s + 0.5 * dt * k2[1], eps);
        double[] k4 = rate(a + dt * k3[0], s + dt * k3[1], eps);
        return new double[]{a + dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
            s + dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])};
    }
}
