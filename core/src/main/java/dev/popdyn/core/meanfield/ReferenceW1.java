package dev.popdyn.core.meanfield;

import dev.popdyn.core.params.Scale;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The W1 distance between the particles' λ and the mean-field reference of one generation, in a form that splits
 * into partial integrals over fixed blocks of ranks, so that the Spark job (distributed sort, one partial per block)
 * and the single-JVM engine (in-memory sort) add exactly the same numbers in the same order and agree bit for bit.
 *
 * <p><b>Directions.</b> In 1-D there is one direction: the particle value is the axis coordinate x of λ (λ, or
 * log10 λ on a log scale) and the reference is the piecewise-constant grid density. In 2-D there are
 * K = {@value Wasserstein#DIRECTIONS} directions θₖ = kπ/K; the particle value is the projection
 * ux·cos θₖ + uy·sin θₖ of its normalised coordinates, and the reference is the projected grid density as a
 * histogram of 8(nx + ny) bins (exactly as {@link Wasserstein#slicedW1(double[], double[], ReplicatorMutator2D)};
 * see there for the error bound). The result is (1/K)·Σₖ W1ₖ (sliced W1; Rabin et al. 2011).
 *
 * <p><b>Exact 1-D W1 by rank blocks.</b> With the sorted values s₀ ≤ … ≤ s_{N−1} of one direction and the reference
 * CDF F, W1 = ∫|F_N − F| dx (Vallender 1973). Block b holds ranks [bR, min(N, (b+1)R)), R = {@value #BLOCK}, and
 * integrates over [a_b, a_{b+1}) with a₀ = min(lo, s₀), a_b = s_{bR}, and a_{last+1} = max(hi, s_{N−1}); on it
 * F_N = (bR + i)/N after the block's i-th value. Between consecutive sample points and cell edges F_N is constant
 * and F linear, so each piece is one trapezoid or two triangles, in closed form. A block needs only its own values,
 * its rank offset bR, N, and the first value of the next block — O(R) memory per task and O(N/R) partials on the
 * driver. The W1 of a direction is the sequential sum of its block partials in block order; the result differs
 * from {@link Wasserstein#w1(double[], double, double, double[])} only by summation order (relative ~1e-15).
 *
 * <p>Immutable, serializable and thread-safe.
 */
public final class ReferenceW1 implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Ranks per block of the partial integrals. */
    public static final int BLOCK = 4096;

    private final int dims;
    private final double[] axisLo;
    private final double[] axisHi;
    private final boolean[] log;
    private final double[] cos;
    private final double[] sin;
    private final double[] lo;
    private final double[] hi;
    private final double[][] cum;

    private ReferenceW1(int dims, double[] axisLo, double[] axisHi, boolean[] log, double[] lo, double[] hi,
            double[][] cum) {
        this.dims = dims;
        this.axisLo = axisLo;
        this.axisHi = axisHi;
        this.log = log;
        this.lo = lo;
        this.hi = hi;
        this.cum = cum;
        int k = cum.length;
        this.cos = new double[k];
        this.sin = new double[k];
        for (int d = 0; d < k && dims == 2; d++) {
            cos[d] = Math.cos(Wasserstein.angle(d));
            sin[d] = Math.sin(Wasserstein.angle(d));
        }
    }

    /** The target for a 1-D reference (one direction). */
    public static ReferenceW1 of(ReplicatorMutator1D ref) {
        MeanFieldGrid1D g = ref.grid();
        return new ReferenceW1(1, new double[]{g.lo()}, new double[]{g.hi()},
                new boolean[]{g.scale() == Scale.LOG}, new double[]{g.lo()}, new double[]{g.hi()},
                new double[][]{cumulative(ref.masses())});
    }

    /** The target for a 2-D reference ({@value Wasserstein#DIRECTIONS} directions). */
    public static ReferenceW1 of(ReplicatorMutator2D ref) {
        MeanFieldGrid2D g = ref.grid();
        int k = Wasserstein.DIRECTIONS;
        double[] lo = new double[k];
        double[] hi = new double[k];
        double[][] cum = new double[k][];
        double[] masses = ref.masses();
        for (int d = 0; d < k; d++) {
            double theta = Wasserstein.angle(d);
            double reach = Math.abs(Math.cos(theta)) + Math.abs(Math.sin(theta));
            lo[d] = -reach;
            hi[d] = reach;
            cum[d] = cumulative(Wasserstein.projectedHistogram(g, masses, theta));
        }
        return new ReferenceW1(2, new double[]{g.x().lo(), g.y().lo()}, new double[]{g.x().hi(), g.y().hi()},
                new boolean[]{g.x().scale() == Scale.LOG, g.y().scale() == Scale.LOG}, lo, hi, cum);
    }

    /** The number of directions (1 in 1-D, {@value Wasserstein#DIRECTIONS} in 2-D). */
    public int directions() {
        return cum.length;
    }

    /** The number of rank blocks of n values. */
    public static long blocks(long n) {
        return (n + BLOCK - 1) / BLOCK;
    }

    /**
     * The value of the particle with λ at {@code hyper[hoff ..]} along direction d (axis coordinate in 1-D,
     * projected normalised coordinate in 2-D). Uses {@link StrictMath#log10} so every JVM computes the same bits.
     */
    public double value(int d, double[] hyper, int hoff) {
        if (dims == 1) {
            return axis(0, hyper[hoff]);
        }
        double ux = unit(0, hyper[hoff]);
        double uy = unit(1, hyper[hoff + 1]);
        return ux * cos[d] + uy * sin[d];
    }

    private double axis(int k, double lambda) {
        return log[k] ? StrictMath.log10(lambda) : lambda;
    }

    private double unit(int k, double lambda) {
        return 2.0 * (axis(k, lambda) - axisLo[k]) / (axisHi[k] - axisLo[k]) - 1.0;
    }

    /**
     * The partial integral of block b of direction d: {@code values} are the block's values sorted ascending
     * (ranks bR .. bR + len − 1 of n), {@code next} the value of rank (b+1)R, or NaN for the last block.
     */
    public double partial(int d, long b, double[] values, int len, long n, double next) {
        double l = lo[d];
        double h = hi[d];
        double[] c = cum[d];
        int nb = c.length - 1;
        double w = (h - l) / nb;
        long r0 = b * BLOCK;
        double x0 = b == 0 ? Math.min(l, values[0]) : values[0];
        double x1 = Double.isNaN(next) ? Math.max(h, values[len - 1]) : next;
        int e = (int) Math.max(0, Math.min(nb + 1, Math.floor((x0 - l) / w)));
        while (e > 0 && edge(e - 1, l, h, w, nb) > x0) {
            e--;
        }
        while (e <= nb && edge(e, l, h, w, nb) <= x0) {
            e++;
        }
        double prev = x0;
        double fPrev = Wasserstein.histogramCdf(prev, l, h, w, c);
        double sum = 0.0;
        int si = 0;
        while (true) {
            double edge = e <= nb ? edge(e, l, h, w, nb) : Double.POSITIVE_INFINITY;
            boolean takeSample = si < len && values[si] <= edge;
            if (!takeSample && !(edge < x1)) {
                break;
            }
            double nextPoint = takeSample ? values[si] : edge;
            double fNext = Wasserstein.histogramCdf(nextPoint, l, h, w, c);
            double fn = (double) (r0 + si) / n;
            if (nextPoint > prev) {
                sum += Wasserstein.segment(nextPoint - prev, fPrev - fn, fNext - fn);
            }
            prev = Math.max(prev, nextPoint);
            fPrev = fNext;
            if (takeSample) {
                si++;
            } else {
                e++;
            }
        }
        if (x1 > prev) {
            double fn = (double) (r0 + len) / n;
            sum += Wasserstein.segment(x1 - prev, fPrev - fn, Wasserstein.histogramCdf(x1, l, h, w, c) - fn);
        }
        return sum;
    }

    /** W1 (1-D) or sliced W1 (2-D) from the partials {@code partials[d][b]}, summed in canonical order. */
    public double combine(double[][] partials) {
        double total = 0.0;
        for (double[] p : partials) {
            double s = 0.0;
            for (double x : p) {
                s += x;
            }
            total += s;
        }
        return total / partials.length;
    }

    /** The distance for n particles held in memory (λ of particle i at {@code hyper[i·h ..]}): sort, blocks, sum. */
    public double w1(double[] hyper, int h, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        int blocks = (int) blocks(n);
        double[][] partials = new double[directions()][blocks];
        double[] v = new double[n];
        for (int d = 0; d < directions(); d++) {
            for (int i = 0; i < n; i++) {
                v[i] = value(d, hyper, i * h);
            }
            Arrays.sort(v);
            for (int b = 0; b < blocks; b++) {
                int from = b * BLOCK;
                int to = Math.min(n, from + BLOCK);
                partials[d][b] = partial(d, b, Arrays.copyOfRange(v, from, to), to - from, n,
                        to < n ? v[to] : Double.NaN);
            }
        }
        return combine(partials);
    }

    private static double edge(int e, double lo, double hi, double w, int nb) {
        return e == nb ? hi : lo + e * w;
    }

    private static double[] cumulative(double[] masses) {
        int nb = masses.length;
        double[] c = new double[nb + 1];
        for (int k = 0; k < nb; k++) {
            c[k + 1] = c[k] + masses[k];
        }
        double total = c[nb];
        for (int k = 0; k <= nb; k++) {
            c[k] /= total;
        }
        c[nb] = 1.0;
        return c;
    }
}
