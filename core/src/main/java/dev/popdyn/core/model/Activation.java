package dev.popdyn.core.model;

import dev.popdyn.core.linalg.GaussQuadrature;
import dev.popdyn.core.params.NameOrListKey;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A scalar function f: ℝ → ℝ with its normalised Hermite coefficients fₖ = E[f(G) hₖ(G)], G ~ N(0, 1),
 * hₖ = Heₖ/√(k!) (probabilists' Hermite polynomials, orthonormal under N(0, 1)), truncated at a degree K. These
 * are the φₖ, σₖ of Berthier, Montanari, Zhou (2023, arXiv 2303.00055): by Mehler's formula
 * E[f(G) g(G')] = Σₖ fₖ gₖ sᵏ for standard Gaussians with correlation s.
 *
 * <p>Two kinds: a <em>named</em> function ({@code relu}, {@code tanh}, {@code erf}), evaluated exactly and
 * expanded by Gauss quadrature, or a <em>polynomial</em> given by its coefficient list [f₀, f₁, …], whose expansion
 * is finite and therefore exact. Smooth named functions use the n-point Gauss–Hermite rule
 * ({@link GaussQuadrature#hermite}, n = {@value #NODES}). relu has a kink at 0, where Gauss–Hermite converges
 * only like 1/n; it is split into its smooth pieces f₊ = x (x &gt; 0) and f₋ = 0 (x &lt; 0) and, for q = f·hₖ,
 * E[q(G); G &gt; 0] = ½E[q₊(G)] + (2π)^{−1/2} ∫₀^∞ (q₊,odd(x)/x) e^{−t} dt with x = √(2t), the last integral by
 * Gauss–Laguerre, so the coefficients of relu are exact to rounding. Known values (used by the tests):
 * relu: f₀ = 1/√(2π), f₁ = ½, f_{2j} = (−1)^{j+1} (2j−3)!!/√(2π (2j)!) for j ≥ 1, odd k ≥ 3 vanish;
 * erf: f_{2i+1} = (2/√(3π)) (−1/3)ⁱ (2i)!/(i! √((2i+1)!)), even k vanish; tanh is odd.
 *
 * <p>Immutable and thread-safe.
 */
public final class Activation {
    /** The named functions. */
    public static final List<String> NAMES = List.of("relu", "tanh", "erf");
    /** Gauss nodes used to expand named functions. */
    static final int NODES = 200;

    private enum Kind { RELU, TANH, ERF, POLY }

    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private final String spec;
    private final Kind kind;
    private final double[] coeff;
    private final double[] sqrtK;

    private Activation(String spec, Kind kind, double[] coeff) {
        this.spec = spec;
        this.kind = kind;
        this.coeff = coeff;
        this.sqrtK = new double[coeff.length + 1];
        for (int k = 0; k < sqrtK.length; k++) {
            sqrtK[k] = Math.sqrt(k);
        }
    }

    /**
     * Parses a canonical {@link NameOrListKey} value: a name from {@link #NAMES}, expanded to degree
     * {@code degree}, or a coefficient list [f₀, f₁, …] used as given (the degree does not apply).
     */
    public static Activation parse(String spec, int degree) {
        double[] list = NameOrListKey.reals(spec);
        return list == null ? named(spec, degree) : hermite(list);
    }

    /** A named function expanded to degree {@code degree}. */
    public static Activation named(String name, int degree) {
        if (degree < 0) {
            throw new IllegalArgumentException("degree must be >= 0");
        }
        switch (name) {
            case "relu":
                return new Activation(name, Kind.RELU, piecewiseCoefficients(x -> 0.0, x -> x, degree));
            case "tanh":
                return new Activation(name, Kind.TANH, coefficients(Math::tanh, degree));
            case "erf":
                return new Activation(name, Kind.ERF, coefficients(Activation::erf, degree));
            default:
                throw new IllegalArgumentException("unknown function '" + name + "' (one of " + NAMES + ")");
        }
    }

    /** The polynomial Σₖ cₖ hₖ(x) with normalised Hermite coefficients {@code c}. */
    public static Activation hermite(double... c) {
        if (c.length == 0) {
            throw new IllegalArgumentException("empty coefficient list");
        }
        return new Activation(NameOrListKey.format(c), Kind.POLY, c.clone());
    }

    /**
     * fₖ = E[f(G) hₖ(G)], k = 0..degree, by the {@value #NODES}-point Gauss–Hermite rule (accurate for smooth f
     * of moderate growth).
     */
    public static double[] coefficients(DoubleUnaryOperator f, int degree) {
        GaussQuadrature q = GaussQuadrature.hermite(NODES);
        double[] c = new double[degree + 1];
        double[] h = new double[degree + 1];
        for (int i = 0; i < q.size(); i++) {
            double x = q.node(i);
            double wf = q.weight(i) * f.applyAsDouble(x);
            hermiteValues(x, h);
            for (int k = 0; k <= degree; k++) {
                c[k] += wf * h[k];
            }
        }
        return c;
    }

    /**
     * fₖ for f = {@code neg} on x &lt; 0 and {@code pos} on x &gt; 0, each piece smooth on ℝ: the half-line
     * expectations are reduced to a full Gauss–Hermite part and a Gauss–Laguerre part (class comment), so a
     * piecewise polynomial is expanded exactly.
     */
    public static double[] piecewiseCoefficients(DoubleUnaryOperator neg, DoubleUnaryOperator pos, int degree) {
        GaussQuadrature gh = GaussQuadrature.hermite(NODES);
        GaussQuadrature gl = GaussQuadrature.laguerre(NODES / 2);
        double[] c = new double[degree + 1];
        double[] h = new double[degree + 1];
        for (int i = 0; i < gh.size(); i++) {
            double x = gh.node(i);
            double w = 0.5 * gh.weight(i) * (pos.applyAsDouble(x) + neg.applyAsDouble(x));
            hermiteValues(x, h);
            for (int k = 0; k <= degree; k++) {
                c[k] += w * h[k];
            }
        }
        double[] hm = new double[degree + 1];
        double norm = 1.0 / Math.sqrt(2.0 * Math.PI);
        for (int i = 0; i < gl.size(); i++) {
            double x = Math.sqrt(2.0 * gl.node(i));
            double pp = pos.applyAsDouble(x);
            double pm = pos.applyAsDouble(-x);
            double np = neg.applyAsDouble(x);
            double nm = neg.applyAsDouble(-x);
            hermiteValues(x, h);
            hermiteValues(-x, hm);
            for (int k = 0; k <= degree; k++) {
                double oddPos = 0.5 * (pp * h[k] - pm * hm[k]);
                double oddNeg = 0.5 * (np * h[k] - nm * hm[k]);
                c[k] += norm * gl.weight(i) * (oddPos - oddNeg) / x;
            }
        }
        return c;
    }

    /** Writes hₖ(x) = Heₖ(x)/√(k!) for k = 0..h.length−1 (recurrence hₖ₊₁ = (x hₖ − √k hₖ₋₁)/√(k+1)). */
    public static void hermiteValues(double x, double[] h) {
        int n = h.length;
        if (n == 0) {
            return;
        }
        h[0] = 1.0;
        if (n > 1) {
            h[1] = x;
        }
        for (int k = 1; k + 1 < n; k++) {
            h[k + 1] = (x * h[k] - Math.sqrt(k) * h[k - 1]) / Math.sqrt(k + 1.0);
        }
    }

    /** erf(x), by {@link dev.popdyn.core.meanfield.Erf#erf} (absolute error below 4e−16). */
    public static double erf(double x) {
        return dev.popdyn.core.meanfield.Erf.erf(x);
    }

    /** The canonical config text: the name, or the coefficient list. */
    public String spec() {
        return spec;
    }

    /** The truncation degree K (coefficients 0..K). */
    public int degree() {
        return coeff.length - 1;
    }

    /** The normalised Hermite coefficients f₀..f_K (a copy). */
    public double[] coefficients() {
        return coeff.clone();
    }

    /** fₖ (0 beyond the truncation degree). */
    public double coefficient(int k) {
        return k < coeff.length ? coeff[k] : 0.0;
    }

    /** f(x), exact for named functions (not the truncated series). */
    public double value(double x) {
        switch (kind) {
            case RELU:
                return x > 0 ? x : 0.0;
            case TANH:
                return Math.tanh(x);
            case ERF:
                return erf(x);
            default:
                return series(x, false);
        }
    }

    /** f′(x) (relu′(0) = 0). */
    public double derivative(double x) {
        switch (kind) {
            case RELU:
                return x > 0 ? 1.0 : 0.0;
            case TANH: {
                double t = Math.tanh(x);
                return 1.0 - t * t;
            }
            case ERF:
                return TWO_OVER_SQRT_PI * Math.exp(-x * x);
            default:
                return series(x, true);
        }
    }

    /** Σ cₖ hₖ(x) or, with {@code derivative}, Σ cₖ √k hₖ₋₁(x) (hₖ′ = √k hₖ₋₁), by the forward recurrence. */
    private double series(double x, boolean derivative) {
        double hPrev = 0.0;
        double h = 1.0;
        double s = derivative ? 0.0 : coeff[0];
        for (int k = 0; k + 1 < coeff.length; k++) {
            if (derivative) {
                s += coeff[k + 1] * sqrtK[k + 1] * h;
            }
            double next = (x * h - sqrtK[k] * hPrev) / sqrtK[k + 1];
            hPrev = h;
            h = next;
            if (!derivative) {
                s += coeff[k + 1] * h;
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return spec + " " + Arrays.toString(coeff);
    }
}
