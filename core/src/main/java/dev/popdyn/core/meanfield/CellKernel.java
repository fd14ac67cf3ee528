package dev.popdyn.core.meanfield;

/**
 * A cell-to-cell transition matrix on n equal cells of an interval with a reflecting boundary: entry
 * P[i][j] is the probability that mass in cell j moves to cell i. Both kernels used by the mean-field solvers are
 * translation-invariant kernels reflected at the two ends, so by the method of images
 * <pre>
 *     P[i][j] = p(i − j) + p(i + j + 1),     p periodic with period 2n, p(−m) = p(m),
 * </pre>
 * (cell i's mirror images across the ends are cells −1 − i and 2n − 1 − i). Every column sums to 1 (mass
 * conservation) and every entry is ≥ 0 (positivity); the matrix is symmetric, hence doubly stochastic, so the
 * uniform density is a fixed point. Columns are renormalised after construction so that the sum is 1 to rounding
 * and entries computed as tiny negatives by cancellation are set to 0.
 *
 * <ul>
 *   <li>{@link #reflectedGaussian}: the mutation u' = reflect(u + s·ξ) of docs/design.md §1.3 with the source spread
 *   uniformly over its cell (finite-volume, piecewise-constant density). With σ = s/h in cell units,
 *   G(x) = ∫_{−∞}^x Φ = xΦ(x) + φ(x) and g(m) = G(−|m|/σ) = φ(m/σ) − (|m|/σ) Q(|m|/σ), the free probability of a
 *   displacement of m cells is q(m) = δ_{m0} + σ (g(m+1) − 2g(m) + g(m−1)) — the double integral of the Gaussian
 *   density over source and target cell, written so that the large linear part of G cancels exactly — and
 *   p(m) = Σ_k q(m + 2nk). For σ ≥ 1 the second difference would cancel badly, and q(m) = σ ∫_{−1/σ}^{1/σ}
 *   (1/σ − |y|) φ(m/σ + y) dy (the same quantity) is integrated by 16-point Gauss–Legendre on each half instead.
 *   Both are exact up to about 1e-16 absolute.</li>
 *   <li>{@link #neumannHeat}: exp(r·L) for the finite-volume Laplacian L (stencil [1, −2, 1], zero flux through
 *   the end faces, so L's end rows are [−1, 1]) and r = D·dt/h², from its cosine eigenbasis (the DCT-II):
 *   p(m) = (1/2n) Σ_{k=0}^{2n−1} exp(−4r sin²(πk/2n)) cos(πkm/n). This is the exact solution of the semi-discrete
 *   scheme dρᵢ/dt = D(ρᵢ₊₁ − 2ρᵢ + ρᵢ₋₁)/h², so the diffusion step has no time-step restriction: L is a Metzler
 *   matrix with zero column sums, so exp(rL) is nonnegative and conserves mass for every r ≥ 0.</li>
 * </ul>
 *
 * <p>The matrix is stored dense, row-major by target ({@code matrix[i * n + j]}), with for each row the range of
 * sources whose entry is nonzero. Immutable and thread-safe.
 */
public final class CellKernel {
    /** Beyond this many standard deviations the Gaussian mass underflows a double. */
    private static final double CUTOFF_SD = 39.0;
    private static final double[][] GL = gaussLegendre(16);
    private static final double[] GL_NODES = GL[0];
    private static final double[] GL_WEIGHTS = GL[1];

    private final int n;
    private final double[] matrix;
    private final int[] rowFrom;
    private final int[] rowTo;

    private CellKernel(int n, double[] profile) {
        this.n = n;
        this.matrix = new double[n * n];
        int period = 2 * n;
        for (int j = 0; j < n; j++) {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                double v = profile[Math.floorMod(i - j, period)] + profile[Math.floorMod(i + j + 1, period)];
                v = v > 0 ? v : 0.0;
                matrix[i * n + j] = v;
                sum += v;
            }
            for (int i = 0; i < n; i++) {
                matrix[i * n + j] /= sum;
            }
        }
        this.rowFrom = new int[n];
        this.rowTo = new int[n];
        for (int i = 0; i < n; i++) {
            int from = 0;
            while (from < n && matrix[i * n + from] == 0.0) {
                from++;
            }
            int to = n;
            while (to > from && matrix[i * n + to - 1] == 0.0) {
                to--;
            }
            rowFrom[i] = from;
            rowTo[i] = to;
        }
    }

    /**
     * The reflected Gaussian mutation kernel on {@code cells} equal cells of u ∈ [−1, 1] with step {@code sigma}
     * in normalised units (the s of {@code GaussianMutation}); {@code sigma = 0} gives the identity.
     */
    public static CellKernel reflectedGaussian(int cells, double sigma) {
        checkCells(cells);
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and >= 0: " + sigma);
        }
        int period = 2 * cells;
        double[] profile = new double[period];
        if (sigma == 0.0) {
            profile[0] = 1.0;
            return new CellKernel(cells, profile);
        }
        double sc = sigma * cells / 2.0;
        int reach = (int) Math.ceil(CUTOFF_SD * sc) + 2;
        if (sc >= 1.0) {
            double t = 1.0 / sc;
            for (int m = -reach; m <= reach; m++) {
                profile[Math.floorMod(m, period)] += sc * hatIntegral(Math.abs(m) * t, t);
            }
            return new CellKernel(cells, profile);
        }
        double[] g = new double[reach + 2];
        for (int m = 0; m < g.length; m++) {
            double x = m / sc;
            g[m] = x > CUTOFF_SD ? 0.0 : Erf.normalPdf(x) - x * Erf.normalTail(x);
        }
        for (int m = -reach; m <= reach; m++) {
            int a = Math.abs(m);
            double second = g[a + 1] - 2.0 * g[a] + g[Math.abs(a - 1)];
            double q = (m == 0 ? 1.0 : 0.0) + sc * second;
            profile[Math.floorMod(m, period)] += q;
        }
        return new CellKernel(cells, profile);
    }

    /**
     * exp(r·L) for the no-flux finite-volume Laplacian on {@code cells} cells, r = D·dt/h² ≥ 0 (any size: the step
     * is exact in time).
     */
    public static CellKernel neumannHeat(int cells, double r) {
        checkCells(cells);
        if (!(r >= 0) || !Double.isFinite(r)) {
            throw new IllegalArgumentException("r = D dt / h^2 must be finite and >= 0: " + r);
        }
        int period = 2 * cells;
        double[] decay = new double[period];
        for (int k = 0; k < period; k++) {
            double sn = Math.sin(Math.PI * k / period);
            decay[k] = Math.exp(-4.0 * r * sn * sn);
        }
        double[] profile = new double[period];
        for (int m = 0; m < period; m++) {
            double s = 0.0;
            for (int k = 0; k < period; k++) {
                s += decay[k] * Math.cos(Math.PI * (int) (((long) k * m) % period) / cells);
            }
            profile[m] = s / period;
        }
        return new CellKernel(cells, profile);
    }

    /**
     * ∫_{−t}^{t} (t − |y|) φ(x + y) dy = G(x + t) − 2G(x) + G(x − t), by Gauss–Legendre quadrature on each half
     * (smooth integrand on an interval of width t ≤ 1, so the rule is exact to rounding and nothing cancels).
     */
    private static double hatIntegral(double x, double t) {
        double half = 0.5 * t;
        double s = 0.0;
        for (int k = 0; k < GL_NODES.length; k++) {
            double y = half * (1.0 + GL_NODES[k]);
            s += GL_WEIGHTS[k] * (t - y) * (Erf.normalPdf(x + y) + Erf.normalPdf(x - y));
        }
        return half * s;
    }

    /** Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1] (Newton on Pₙ; Press et al. §4.6). */
    private static double[][] gaussLegendre(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0.0;
            for (int iter = 0; iter < 100; iter++) {
                double p1 = 1.0;
                double p2 = 0.0;
                for (int j = 1; j <= n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = ((2.0 * j - 1.0) * z * p2 - (j - 1.0) * p3) / j;
                }
                dp = n * (z * p1 - p2) / (z * z - 1.0);
                double z1 = z;
                z = z1 - p1 / dp;
                if (Math.abs(z - z1) < 1e-16) {
                    break;
                }
            }
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = 2.0 / ((1.0 - z * z) * dp * dp);
            w[n - 1 - i] = w[i];
        }
        return new double[][] {x, w};
    }

    private static void checkCells(int cells) {
        if (cells < 1 || cells > 46_340) {
            throw new IllegalArgumentException("cells must be in [1, 46340]: " + cells);
        }
    }

    public int cells() {
        return n;
    }

    /** P[i][j], the probability of moving from cell j to cell i. */
    public double entry(int i, int j) {
        return matrix[i * n + j];
    }

    /** out = P·in for 1-D cell masses ({@code in} and {@code out} must be distinct arrays of length n). */
    public void apply(double[] in, double[] out) {
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double s = 0.0;
            for (int j = rowFrom[i]; j < rowTo[i]; j++) {
                s += matrix[row + j] * in[j];
            }
            out[i] = s;
        }
    }

    /**
     * Applies P along the first index of a row-major n × {@code stride} array: out[i·stride + c] =
     * Σⱼ P[i][j] in[j·stride + c].
     */
    void applyAlongFirst(double[] in, double[] out, int stride) {
        for (int i = 0; i < n; i++) {
            int o = i * stride;
            for (int c = 0; c < stride; c++) {
                out[o + c] = 0.0;
            }
            for (int j = rowFrom[i]; j < rowTo[i]; j++) {
                double a = matrix[i * n + j];
                int src = j * stride;
                for (int c = 0; c < stride; c++) {
                    out[o + c] += a * in[src + c];
                }
            }
        }
    }

    /**
     * Applies P along the second index of a row-major {@code rows} × n array: out[r·n + i] = Σⱼ P[i][j] in[r·n + j].
     */
    void applyAlongSecond(double[] in, double[] out, int rows) {
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            for (int i = 0; i < n; i++) {
                int row = i * n;
                double s = 0.0;
                for (int j = rowFrom[i]; j < rowTo[i]; j++) {
                    s += matrix[row + j] * in[base + j];
                }
                out[base + i] = s;
            }
        }
    }
}
