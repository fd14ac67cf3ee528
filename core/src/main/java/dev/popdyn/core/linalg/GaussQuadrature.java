package dev.popdyn.core.linalg;

import java.util.Arrays;

/**
 * Gauss quadrature rules by the Golub–Welsch algorithm (Golub &amp; Welsch 1969, "Calculation of Gauss quadrature
 * rules", Math. Comp. 23): the nodes of the n-point rule of a weight with three-term recurrence coefficients
 * (αₖ, βₖ) are the eigenvalues of the symmetric tridiagonal Jacobi matrix J (diagonal αₖ, off-diagonal √βₖ) and
 * the weights are μ₀·v₀², v₀ the first component of each normalised eigenvector. The eigenproblem is solved by the
 * implicit QL algorithm with Wilkinson shifts (EISPACK {@code tql2}), carrying only the first row of the
 * eigenvector matrix, so a rule costs O(n²) time and O(n) memory.
 *
 * <p>Two weights are provided, both normalised to total mass 1:
 * <ul>
 *   <li>{@link #hermite}: the standard Gaussian density e^{−x²/2}/√(2π) on ℝ (probabilists' Hermite
 *   polynomials Heₖ, recurrence x·Heₖ = Heₖ₊₁ + k·Heₖ₋₁, so αₖ = 0, βₖ = k);</li>
 *   <li>{@link #laguerre}: e^{−t} on [0, ∞) (Laguerre, αₖ = 2k + 1, βₖ = k²).</li>
 * </ul>
 * An n-point rule integrates polynomials of degree ≤ 2n − 1 exactly. Stateless and thread-safe; each call
 * returns a new immutable-by-convention rule.
 */
public final class GaussQuadrature {
    private static final int MAX_ITER = 100;

    private final double[] nodes;
    private final double[] weights;

    private GaussQuadrature(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /** The n-point Gauss rule of the standard Gaussian law N(0, 1) (weights sum to 1). */
    public static GaussQuadrature hermite(int n) {
        double[] diag = new double[n];
        double[] off = new double[n];
        for (int k = 1; k < n; k++) {
            off[k - 1] = Math.sqrt(k);
        }
        return golubWelsch(diag, off);
    }

    /** The n-point Gauss rule of the exponential law e^{−t} dt on [0, ∞) (weights sum to 1). */
    public static GaussQuadrature laguerre(int n) {
        double[] diag = new double[n];
        double[] off = new double[n];
        for (int k = 0; k < n; k++) {
            diag[k] = 2.0 * k + 1.0;
            if (k + 1 < n) {
                off[k] = k + 1.0;
            }
        }
        return golubWelsch(diag, off);
    }

    /**
     * The Gauss rule of the probability measure whose Jacobi matrix has diagonal {@code diag[0 .. n)} and
     * off-diagonal {@code off[0 .. n−1)} ({@code off[k]} couples k and k + 1). Both arrays are overwritten.
     */
    static GaussQuadrature golubWelsch(double[] diag, double[] off) {
        int n = diag.length;
        double[] d = diag;
        double[] e = off;
        double[] z = new double[n];
        if (n == 0) {
            return new GaussQuadrature(new double[0], new double[0]);
        }
        z[0] = 1.0;
        e[n - 1] = 0.0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            int iter = 0;
            while (true) {
                int m = l;
                while (m < n - 1) {
                    double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    if (Math.abs(e[m]) <= eps * dd) {
                        break;
                    }
                    m++;
                }
                if (m == l) {
                    break;
                }
                if (++iter > MAX_ITER) {
                    throw new ArithmeticException("Golub–Welsch: QL iteration did not converge");
                }
                double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                double r = Math.hypot(g, 1.0);
                g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
                double s = 1.0;
                double c = 1.0;
                double p = 0.0;
                boolean deflated = false;
                for (int i = m - 1; i >= l; i--) {
                    double f = s * e[i];
                    double b = c * e[i];
                    r = Math.hypot(f, g);
                    e[i + 1] = r;
                    if (r == 0.0) {
                        d[i + 1] -= p;
                        e[m] = 0.0;
                        deflated = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2.0 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                    double zf = z[i + 1];
                    z[i + 1] = s * z[i] + c * zf;
                    z[i] = c * z[i] - s * zf;
                }
                if (deflated) {
                    continue;
                }
                d[l] -= p;
                e[l] = g;
                e[m] = 0.0;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = d[order[i]];
            w[i] = z[order[i]] * z[order[i]];
        }
        return new GaussQuadrature(x, w);
    }

    /** The number of nodes n. */
    public int size() {
        return nodes.length;
    }

    /** Node i (ascending order). */
    public double node(int i) {
        return nodes[i];
    }

    /** Weight i. */
    public double weight(int i) {
        return weights[i];
    }
}
