package dev.popdyn.core.model;

import dev.popdyn.core.linalg.DenseKernels;
import dev.popdyn.core.params.HyperSpace;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The two-layer network on a single-index target of Berthier, Montanari, Zhou (2023), "Learning time-scales in
 * two-layers neural networks", arXiv 2303.00055 (docs/design.md §1.4). Data x ~ N(0, I_d), target y = φ(⟨u*, x⟩) with
 * u* = e₁ (no loss of generality: the law of x and the uniform initialisation are rotation invariant), network
 * f(x) = (1/m) Σⱼ aⱼ σ(⟨uⱼ, x⟩) with ‖uⱼ‖ = 1.
 *
 * <p><b>Layout of θ</b> (dimension m + m·d): {@code theta[off .. off+m)} is a, then U row-major, row j = uⱼ at
 * {@code theta[off + m + j·d .. off + m + (j+1)·d)}.
 *
 * <p><b>Population risk.</b> With normalised Hermite coefficients φₖ, σₖ ({@link Activation}), sⱼ = ⟨uⱼ, u*⟩ and
 * the Gram matrix Gⱼₖ = ⟨uⱼ, uₖ⟩, Mehler's formula gives exactly
 * R = ½‖φ‖² − (1/m) Σⱼ aⱼ V(sⱼ) + (1/2m²) Σⱼₖ aⱼaₖ U(Gⱼₖ), V(s) = Σₖ φₖσₖ sᵏ, U(s) = Σₖ σₖ² sᵏ, for the Hermite
 * series truncated at their degrees (exact for coefficient-list functions). Its raw gradient, treating the formula
 * as a function of unconstrained (a, U), is ∂R/∂aⱼ = −V(sⱼ)/m + (1/m²) Σₖ aₖ U(Gⱼₖ) and
 * ∇_{uⱼ}R = −(aⱼ/m) V′(sⱼ) u* + (1/m²) Σₖ aⱼaₖ U′(Gⱼₖ) uₖ ({@link #populationRiskAndGradient}).
 *
 * <p><b>Online risk.</b> ½·mean_b (y_b − f(x_b))² on a fresh minibatch of B Gaussian inputs drawn from the
 * supplied generator, with φ and σ evaluated exactly (named functions are not truncated here), and its gradient
 * ({@link #onlineRiskAndGradient}). For polynomial φ, σ it is an unbiased estimate of R and, on the sphere, of ∇R.
 *
 * <p><b>The training gradient</b> ({@link #lossAndGradient}) is the raw gradient of the selected mode
 * ({@code population} or {@code online}) with (i) the a-block multiplied by 1/ε, so the second layer moves ε⁻¹
 * times faster than the first (ε = λ.eps or the fixed {@code model.eps}), and (ii) each uⱼ-block projected on the
 * tangent space of the sphere, gⱼ ← gⱼ − ⟨gⱼ, uⱼ⟩uⱼ/‖uⱼ‖². After each step {@link #project} renormalises every uⱼ
 * (a retraction), so Langevin at T = 0 is Riemannian gradient descent. BMZ write the flow in mean-field time,
 * ∂ₜθ = −m·∇R; a step size η here is a time increment η/m there.
 *
 * <p><b>Fitness</b>: −R (population mode) or −(online risk) on a fresh validation batch of B inputs from the
 * generator passed to {@link #fitness} (online mode).
 *
 * <p><b>Initialisation</b>: aⱼ ~ N(0, init-scale²) (0 gives a = 0); uⱼ uniform on the sphere when init-overlap
 * s₀ = 0, else uⱼ = s₀u* + √(1−s₀²) wⱼ with wⱼ uniform on the unit sphere of u*⊥ (every overlap exactly s₀).
 *
 * <p>Linear algebra goes through {@link DenseKernels}: Gram matrix U·Uᵀ and M·U (dgemm), U·u* (dgemv), the
 * rank-one u* term (dger), minibatch forward X·Uᵀ and backward Dᵀ·X (dgemm). Immutable and thread-safe: per-thread
 * scratch arrays come from a {@link ThreadLocal}, so steps allocate nothing.
 */
public final class TwoLayer implements Model {
    /** How {@link #lossAndGradient} computes the gradient. */
    public enum Gradient {
        /** The exact gradient of the population risk R (Hermite formula). */
        POPULATION,
        /** SGD: the gradient of the risk of a fresh Gaussian minibatch. */
        ONLINE
    }

    /**
     * The model's configuration: input dimension d, width m, target φ, activation σ, gradient mode, minibatch size
     * B (online mode and online fitness), fixed ε when λ has no {@code eps} coordinate, initial overlap s₀ and
     * initial scale of a.
     */
    public record Spec(int dim, int width, Activation target, Activation activation, Gradient gradient, int batch,
            double eps, double initOverlap, double initScale) {
        public Spec {
            if (dim < 2 || width < 1 || batch < 1) {
                throw new IllegalArgumentException("need dim >= 2, width >= 1, batch >= 1");
            }
            if (!(eps > 0) || Math.abs(initOverlap) > 1 || !(initScale >= 0)) {
                throw new IllegalArgumentException("need eps > 0, |init-overlap| <= 1, init-scale >= 0");
            }
        }
    }

    /** Summary statistics of the first layer and second layer, for trajectory recording. */
    public record Overlaps(double meanOverlap, double meanAbsOverlap, double maxAbsOverlap,
            double meanSquaredOverlap, double meanA, double meanAbsA) {
    }

    private final Spec spec;
    private final int d;
    private final int m;
    private final int batch;
    private final Activation phi;
    private final Activation sigma;
    private final double[] vCoef;
    private final double[] uCoef;
    private final double phiNorm2;
    private final double[] ustar;
    private final Binding eps;
    private final DenseKernels kernels;
    private final ThreadLocal<Scratch> scratch;

    /** The model of {@code spec}, with ε bound to λ.eps when {@code space} has it; linear algebra on BLAS. */
    public TwoLayer(Spec spec, HyperSpace space) {
        this(spec, space, DenseKernels.blas());
    }

    /** As {@link #TwoLayer(Spec, HyperSpace)} with the given kernels (tests compare BLAS and plain loops). */
    public TwoLayer(Spec spec, HyperSpace space, DenseKernels kernels) {
        this.spec = spec;
        this.d = spec.dim();
        this.m = spec.width();
        this.batch = spec.batch();
        this.phi = spec.target();
        this.sigma = spec.activation();
        this.vCoef = vCoefficients(phi, sigma);
        this.uCoef = uCoefficients(sigma);
        this.phiNorm2 = normSquared(phi);
        this.ustar = new double[d];
        this.ustar[0] = 1.0;
        this.eps = Binding.of(space, "eps", spec.eps());
        this.kernels = kernels;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(m, d, batch));
    }

    /** Per-thread work arrays, sized once. */
    private static final class Scratch {
        final double[] gram;
        final double[] s;
        final double[] c;
        final double[] x;
        final double[] z;
        final double[] act;
        final double[] t;
        final double[] f;
        final double[] r;

        Scratch(int m, int d, int b) {
            gram = new double[m * m];
            s = new double[m];
            c = new double[m];
            x = new double[b * d];
            z = new double[b * m];
            act = new double[b * m];
            t = new double[b];
            f = new double[b];
            r = new double[b];
        }
    }

    private static double[] vCoefficients(Activation phi, Activation sigma) {
        int k = Math.min(phi.degree(), sigma.degree());
        double[] v = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            v[i] = phi.coefficient(i) * sigma.coefficient(i);
        }
        return v;
    }

    private static double[] uCoefficients(Activation sigma) {
        double[] u = new double[sigma.degree() + 1];
        for (int i = 0; i < u.length; i++) {
            u[i] = sigma.coefficient(i) * sigma.coefficient(i);
        }
        return u;
    }

    private static double normSquared(Activation phi) {
        double s = 0;
        for (int i = 0; i <= phi.degree(); i++) {
            s += phi.coefficient(i) * phi.coefficient(i);
        }
        return s;
    }

    @Override
    public String name() {
        return "two-layer";
    }

    @Override
    public int dimension() {
        return m + m * d;
    }

    @Override
    public Set<String> hyperRoles() {
        return Set.of("eps");
    }

    public Spec spec() {
        return spec;
    }

    /** ε of the agent whose λ starts at {@code hyper[hoff]}. */
    public double eps(double[] hyper, int hoff) {
        return eps.value(hyper, hoff);
    }

    /** The plateau level R_l = ½ Σ_{k&gt;l} φₖ² (risk once the components of degree ≤ l are learned). */
    public double plateau(int l) {
        double s = 0;
        for (int k = l + 1; k <= phi.degree(); k++) {
            s += phi.coefficient(k) * phi.coefficient(k);
        }
        return 0.5 * s;
    }

    @Override
    public void initTheta(double[] theta, int off, RandomGenerator rng) {
        double s0 = spec.initOverlap();
        for (int j = 0; j < m; j++) {
            theta[off + j] = spec.initScale() > 0 ? spec.initScale() * rng.nextGaussian() : 0.0;
        }
        for (int j = 0; j < m; j++) {
            int u = off + m + j * d;
            for (int k = 0; k < d; k++) {
                theta[u + k] = rng.nextGaussian();
            }
            if (s0 != 0.0) {
                theta[u] = 0.0;
                normalise(theta, u, d);
                double c = Math.sqrt(1.0 - s0 * s0);
                for (int k = 1; k < d; k++) {
                    theta[u + k] *= c;
                }
                theta[u] = s0;
            }
            normalise(theta, u, d);
        }
    }

    private static void normalise(double[] a, int off, int len) {
        double n2 = 0;
        for (int k = off; k < off + len; k++) {
            n2 += a[k] * a[k];
        }
        if (n2 > 0) {
            double inv = 1.0 / Math.sqrt(n2);
            for (int k = off; k < off + len; k++) {
                a[k] *= inv;
            }
        }
    }

    /** Renormalises every first-layer row uⱼ to the unit sphere (a unchanged). */
    @Override
    public void project(double[] theta, int off) {
        for (int j = 0; j < m; j++) {
            normalise(theta, off + m + j * d, d);
        }
    }

    @Override
    public double lossAndGradient(double[] theta, int off, double[] hyper, int hoff, double[] grad,
            RandomGenerator rng) {
        double loss = spec.gradient() == Gradient.POPULATION ? populationRiskAndGradient(theta, off, grad)
                : onlineRiskAndGradient(theta, off, grad, rng);
        double inv = 1.0 / eps.value(hyper, hoff);
        for (int j = 0; j < m; j++) {
            grad[j] *= inv;
        }
        for (int j = 0; j < m; j++) {
            int u = off + m + j * d;
            int g = m + j * d;
            double gu = 0;
            double uu = 0;
            for (int k = 0; k < d; k++) {
                gu += grad[g + k] * theta[u + k];
                uu += theta[u + k] * theta[u + k];
            }
            double c = uu > 0 ? gu / uu : 0.0;
            for (int k = 0; k < d; k++) {
                grad[g + k] -= c * theta[u + k];
            }
        }
        return loss;
    }

    @Override
    public double fitness(double[] theta, int off, double[] hyper, int hoff, RandomGenerator rng) {
        return spec.gradient() == Gradient.POPULATION ? -populationRisk(theta, off) : -minibatchRisk(theta, off, rng);
    }

    /** The population risk R at θ (Hermite formula, Gram matrix through the kernels). */
    public double populationRisk(double[] theta, int off) {
        Scratch sc = scratch.get();
        int uoff = off + m;
        kernels.gemmNT(m, m, d, 1.0, theta, uoff, theta, uoff, 0.0, sc.gram, 0);
        kernels.gemv(m, d, 1.0, theta, uoff, ustar, 0, 0.0, sc.s, 0);
        return riskFromGram(theta, off, sc.gram, sc.s, m, vCoef, uCoef, phiNorm2);
    }

    /**
     * Writes the raw gradient of the population-risk formula with respect to unconstrained (a, U) into
     * {@code grad[0 .. m + m·d)} (no 1/ε scaling, no tangent projection) and returns R.
     */
    public double populationRiskAndGradient(double[] theta, int off, double[] grad) {
        Scratch sc = scratch.get();
        int uoff = off + m;
        double[] g = sc.gram;
        double[] s = sc.s;
        double[] c = sc.c;
        kernels.gemmNT(m, m, d, 1.0, theta, uoff, theta, uoff, 0.0, g, 0);
        kernels.gemv(m, d, 1.0, theta, uoff, ustar, 0, 0.0, s, 0);
        double invM = 1.0 / m;
        double invM2 = invM * invM;
        double risk = 0.5 * phiNorm2;
        int kv = vCoef.length - 1;
        for (int j = 0; j < m; j++) {
            double aj = theta[off + j];
            double x = s[j];
            double p = vCoef[kv];
            double dp = 0.0;
            for (int k = kv - 1; k >= 0; k--) {
                dp = dp * x + p;
                p = p * x + vCoef[k];
            }
            risk -= invM * aj * p;
            grad[j] = -invM * p;
            c[j] = -invM * aj * dp;
        }
        int ku = uCoef.length - 1;
        for (int j = 0; j < m; j++) {
            double aj = theta[off + j];
            double acc = 0.0;
            int row = j * m;
            for (int l = 0; l < m; l++) {
                double x = g[row + l];
                double p = uCoef[ku];
                double dp = 0.0;
                for (int k = ku - 1; k >= 0; k--) {
                    dp = dp * x + p;
                    p = p * x + uCoef[k];
                }
                double al = theta[off + l];
                acc += al * p;
                g[row + l] = invM2 * aj * al * dp;
            }
            grad[j] += invM2 * acc;
            risk += 0.5 * invM2 * aj * acc;
        }
        kernels.gemmNN(m, d, m, 1.0, g, 0, theta, uoff, 0.0, grad, m);
        kernels.ger(m, d, 1.0, c, 0, ustar, 0, grad, m);
        return risk;
    }

    /**
     * Draws a minibatch of B inputs from {@code rng}, writes the raw gradient of its risk ½·mean_b (y_b − f(x_b))²
     * into {@code grad[0 .. m + m·d)} and returns that risk.
     */
    public double onlineRiskAndGradient(double[] theta, int off, double[] grad, RandomGenerator rng) {
        Scratch sc = scratch.get();
        double loss = forward(theta, off, rng, sc);
        double invMB = 1.0 / ((double) m * batch);
        kernels.gemvT(batch, m, invMB, sc.act, 0, sc.r, 0, 0.0, grad, 0);
        double[] z = sc.z;
        for (int b = 0; b < batch; b++) {
            double rb = sc.r[b] * invMB;
            int row = b * m;
            for (int j = 0; j < m; j++) {
                z[row + j] *= rb * theta[off + j];
            }
        }
        kernels.gemmTN(m, d, batch, 1.0, z, 0, sc.x, 0, 0.0, grad, m);
        return loss;
    }

    /** The risk ½·mean_b (y_b − f(x_b))² of a fresh minibatch of B inputs drawn from {@code rng}. */
    public double minibatchRisk(double[] theta, int off, RandomGenerator rng) {
        return forward(theta, off, rng, scratch.get());
    }

    /**
     * Fills X, computes Z = X·Uᵀ, act = σ(Z), z ← σ′(Z), f = act·a/m and r = f − y; returns ½·mean r².
     */
    private double forward(double[] theta, int off, RandomGenerator rng, Scratch sc) {
        double[] x = sc.x;
        for (int i = 0; i < batch * d; i++) {
            x[i] = rng.nextGaussian();
        }
        kernels.gemv(batch, d, 1.0, x, 0, ustar, 0, 0.0, sc.t, 0);
        kernels.gemmNT(batch, m, d, 1.0, x, 0, theta, off + m, 0.0, sc.z, 0);
        double[] z = sc.z;
        double[] act = sc.act;
        for (int i = 0; i < batch * m; i++) {
            double zi = z[i];
            act[i] = sigma.value(zi);
            z[i] = sigma.derivative(zi);
        }
        kernels.gemv(batch, m, 1.0 / m, act, 0, theta, off, 0.0, sc.f, 0);
        double loss = 0.0;
        for (int b = 0; b < batch; b++) {
            double r = sc.f[b] - phi.value(sc.t[b]);
            sc.r[b] = r;
            loss += r * r;
        }
        return 0.5 * loss / batch;
    }

    /**
     * R from the Gram matrix {@code g} (m×m) and overlaps {@code s}: ½‖φ‖² − (1/m) Σ aⱼ V(sⱼ)
     * + (1/2m²) Σ aⱼaₖ U(Gⱼₖ).
     */
    private static double riskFromGram(double[] theta, int off, double[] g, double[] s, int m, double[] vCoef,
            double[] uCoef, double phiNorm2) {
        double risk = 0.5 * phiNorm2;
        double invM = 1.0 / m;
        for (int j = 0; j < m; j++) {
            risk -= invM * theta[off + j] * horner(vCoef, s[j]);
        }
        double quad = 0.0;
        for (int j = 0; j < m; j++) {
            double acc = 0.0;
            for (int l = 0; l < m; l++) {
                acc += theta[off + l] * horner(uCoef, g[j * m + l]);
            }
            quad += theta[off + j] * acc;
        }
        return risk + 0.5 * invM * invM * quad;
    }

    private static double horner(double[] c, double x) {
        double p = c[c.length - 1];
        for (int k = c.length - 2; k >= 0; k--) {
            p = p * x + c[k];
        }
        return p;
    }

    /**
     * The population risk R of θ for target φ and activation σ with u* = e₁ (plain loops; for recording
     * trajectories outside a model instance). θ has the layout of this class with width m and dimension d.
     */
    public static double populationRisk(Activation target, Activation activation, double[] theta, int off, int m,
            int d) {
        double[] g = new double[m * m];
        double[] s = new double[m];
        int uoff = off + m;
        for (int j = 0; j < m; j++) {
            s[j] = theta[uoff + j * d];
            for (int l = 0; l < m; l++) {
                double acc = 0.0;
                for (int k = 0; k < d; k++) {
                    acc += theta[uoff + j * d + k] * theta[uoff + l * d + k];
                }
                g[j * m + l] = acc;
            }
        }
        return riskFromGram(theta, off, g, s, m, vCoefficients(target, activation), uCoefficients(activation),
                normSquared(target));
    }

    /** Overlap summary of θ (width m, dimension d, u* = e₁): statistics of sⱼ = ⟨uⱼ, u*⟩ and of a. */
    public static Overlaps overlaps(double[] theta, int off, int m, int d) {
        double sum = 0;
        double sumAbs = 0;
        double maxAbs = 0;
        double sum2 = 0;
        double sa = 0;
        double saAbs = 0;
        for (int j = 0; j < m; j++) {
            double s = theta[off + m + j * d];
            sum += s;
            sumAbs += Math.abs(s);
            maxAbs = Math.max(maxAbs, Math.abs(s));
            sum2 += s * s;
            double a = theta[off + j];
            sa += a;
            saAbs += Math.abs(a);
        }
        return new Overlaps(sum / m, sumAbs / m, maxAbs, sum2 / m, sa / m, saAbs / m);
    }

    /** {@link #overlaps(double[], int, int, int)} for this model's m and d. */
    public Overlaps overlaps(double[] theta, int off) {
        return overlaps(theta, off, m, d);
    }
}
