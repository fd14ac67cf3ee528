package dev.popdyn.core.timescales;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plateaus and drops of a risk curve R(t), the observables of Berthier, Montanari, Zhou (2023), "Learning
 * time-scales in two-layers neural networks", arXiv 2303.00055: the risk sits on plateaus R_l = ½ Σ_{k&gt;l} φₖ²
 * and drops from R_{l−1} to R_l when the degree-l Hermite component of the target is learned.
 *
 * <p><b>Plateau rule.</b> The curve is a list of records (tᵢ, Rᵢ) with 0 &lt; t₀ &lt; t₁ &lt; … and is read in log
 * time. A plateau is a maximal run of consecutive records i..j such that (a) all Rᵢ..Rⱼ lie in one relative band
 * [R(1 − δ), R(1 + δ)] for some R &gt; 0, i.e. max·(1 − δ) ≤ min·(1 + δ), and (b) it spans a factor of at least F in
 * time, tⱼ/tᵢ ≥ F. Runs are found left to right: from the first unused record the run is extended while (a) holds;
 * if it spans F it is a plateau and the search resumes after it, else it resumes at the next record. Since (a) is
 * inherited by sub-runs, each run found cannot be extended on either side. The plateau's level is the median of its
 * risks. A relative band cannot hold around R = 0, so the final approach to zero risk is never a plateau.
 *
 * <p><b>Drop rule.</b> The drop time of degree l is the first time the curve falls strictly below the midpoint
 * (R_{l−1} + R_l)/2, with R_{−1} = ½‖φ‖²: between the last record at or above it and the first record below, log t
 * is interpolated linearly in R. It is +∞ when the curve never falls below, and undefined (NaN) when
 * R_{l−1} = R_l (φ_l = 0: nothing to learn at degree l).
 *
 * <p>Defaults δ = 0.1 and F = 3 resolve the plateau R₁ = 0.32 of φ = 0.6h₁ + 0.8h₂ at ε ≤ 0.1 (docs/design.md §1.4).
 * Immutable and thread-safe.
 */
public final class RiskCurves {
    /** Default relative band δ. */
    public static final double DEFAULT_BAND = 0.1;
    /** Default minimal time span factor F. */
    public static final double DEFAULT_SPAN = 3.0;

    private final double band;
    private final double span;

    /** A detector with band δ ∈ (0, 1) and span factor F &gt; 1. */
    public RiskCurves(double band, double span) {
        if (!(band > 0 && band < 1) || !(span > 1)) {
            throw new IllegalArgumentException("need 0 < band < 1 and span > 1");
        }
        this.band = band;
        this.span = span;
    }

    /** A plateau: first and last time, level (median risk) and record count. */
    public record Plateau(double start, double end, double level, int records) {
        /** log(end/start), the plateau's extent in log time. */
        public double logSpan() {
            return Math.log(end / start);
        }
    }

    /** The plateaus of the first n records of (t, r), in time order. */
    public List<Plateau> plateaus(double[] t, double[] r, int n) {
        List<Plateau> out = new ArrayList<>();
        double ratio = (1 + band) / (1 - band);
        int i = 0;
        while (i < n) {
            if (!(r[i] > 0) || !Double.isFinite(r[i])) {
                i++;
                continue;
            }
            double lo = r[i];
            double hi = r[i];
            int j = i;
            while (j + 1 < n && Double.isFinite(r[j + 1]) && r[j + 1] > 0
                    && Math.max(hi, r[j + 1]) <= ratio * Math.min(lo, r[j + 1])) {
                j++;
                lo = Math.min(lo, r[j]);
                hi = Math.max(hi, r[j]);
            }
            if (t[j] >= span * t[i]) {
                out.add(new Plateau(t[i], t[j], median(r, i, j + 1), j - i + 1));
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    /** The first time the first n records fall strictly below {@code threshold} (log-time interpolation), or +∞. */
    public static double dropTime(double[] t, double[] r, int n, double threshold) {
        for (int i = 0; i < n; i++) {
            if (r[i] < threshold) {
                if (i == 0 || !(r[i - 1] >= threshold)) {
                    return t[i];
                }
                double f = (r[i - 1] - threshold) / (r[i - 1] - r[i]);
                return Math.exp(Math.log(t[i - 1]) + f * (Math.log(t[i]) - Math.log(t[i - 1])));
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * The plateau levels R_{−1}, R_0, …, R_L of a target with normalised Hermite coefficients φ₀..φ_L:
     * {@code levels[l + 1] = R_l = ½ Σ_{k>l} φₖ²}.
     */
    public static double[] levels(double[] phi) {
        double[] out = new double[phi.length + 1];
        for (int l = -1; l < phi.length; l++) {
            double s = 0;
            for (int k = l + 1; k < phi.length; k++) {
                s += phi[k] * phi[k];
            }
            out[l + 1] = 0.5 * s;
        }
        return out;
    }

    /** Drop and plateau observations of one curve for degrees 0..L. */
    public record Analysis(double[] dropTimes, double[] plateauLevels, List<Plateau> plateaus) {
    }

    /**
     * Applies both rules to one curve with levels from {@link #levels}: drop time per degree l (NaN when
     * R_{l−1} = R_l), and per degree the level of the longest (in log time) plateau whose level is nearer to R_l than
     * to any other R_k, k ≥ −1, ties going to the higher degree (NaN when none).
     */
    public Analysis analyse(double[] t, double[] r, int n, double[] levels) {
        int degrees = levels.length - 1;
        double[] drops = new double[degrees];
        for (int l = 0; l < degrees; l++) {
            drops[l] = levels[l] > levels[l + 1] ? dropTime(t, r, n, 0.5 * (levels[l] + levels[l + 1])) : Double.NaN;
        }
        List<Plateau> ps = plateaus(t, r, n);
        double[] plateau = new double[degrees];
        double[] longest = new double[degrees];
        Arrays.fill(plateau, Double.NaN);
        Arrays.fill(longest, -1);
        for (Plateau p : ps) {
            int best = 0;
            for (int k = 1; k < levels.length; k++) {
                if (Math.abs(p.level() - levels[k]) <= Math.abs(p.level() - levels[best])) {
                    best = k;
                }
            }
            int l = best - 1;
            if (l >= 0 && p.logSpan() > longest[l]) {
                longest[l] = p.logSpan();
                plateau[l] = p.level();
            }
        }
        return new Analysis(drops, plateau, ps);
    }

    /** The median of a[from .. to) (mean of the middle two for an even count); NaN when empty. */
    public static double median(double[] a, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return Double.NaN;
        }
        double[] s = Arrays.copyOfRange(a, from, to);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : medianOfTwo(s[n / 2 - 1], s[n / 2]);
    }

    private static double medianOfTwo(double a, double b) {
        return a == b ? a : (Double.isInfinite(b) ? b : 0.5 * (a + b));
    }
}
