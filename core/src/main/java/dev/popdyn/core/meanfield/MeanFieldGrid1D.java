package dev.popdyn.core.meanfield;

import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.Scale;
import dev.popdyn.core.params.ValueType;

/**
 * n equal cells on one hyperparameter axis [lo, hi] for the mean-field solvers (docs/design.md §1.5). The axis coordinate
 * x is λ itself on a linear scale and log10 λ on a log scale, so the cells are equal in the normalised coordinate
 * u = 2(x − lo)/(hi − lo) − 1 ∈ [−1, 1] in which mutation works ({@link HyperDim#toUnit}); densities, moments,
 * CDFs and Wasserstein distances of the solvers are in x. Cell i is [lo + i·h, lo + (i+1)·h], h = (hi − lo)/n,
 * with centre lo + (i + ½)·h. Immutable and thread-safe.
 */
public final class MeanFieldGrid1D {
    private final double lo;
    private final double hi;
    private final int cells;
    private final Scale scale;
    private final double h;

    /** A grid on the linear axis [lo, hi]. */
    public MeanFieldGrid1D(double lo, double hi, int cells) {
        this(lo, hi, cells, Scale.LINEAR);
    }

    private MeanFieldGrid1D(double lo, double hi, int cells, Scale scale) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
            throw new IllegalArgumentException("need finite lo < hi: [" + lo + ", " + hi + "]");
        }
        if (cells < 2) {
            throw new IllegalArgumentException("need at least 2 cells: " + cells);
        }
        this.lo = lo;
        this.hi = hi;
        this.cells = cells;
        this.scale = scale;
        this.h = (hi - lo) / cells;
    }

    /**
     * A grid over a real or int hyperparameter coordinate (an int coordinate is treated as continuous); on a log
     * scale the axis is [log10 lo, log10 hi].
     */
    public static MeanFieldGrid1D of(HyperDim dim, int cells) {
        if (dim.type() == ValueType.CATEGORICAL) {
            throw new IllegalArgumentException("categorical coordinate " + dim.name() + " has no continuous grid");
        }
        if (dim.scale() == Scale.LOG) {
            return new MeanFieldGrid1D(Math.log10(dim.lo()), Math.log10(dim.hi()), cells, Scale.LOG);
        }
        return new MeanFieldGrid1D(dim.lo(), dim.hi(), cells, Scale.LINEAR);
    }

    /** The number of cells n. */
    public int cells() {
        return cells;
    }

    /** The lower end of the axis (log10 of the lower bound on a log scale). */
    public double lo() {
        return lo;
    }

    /** The upper end of the axis (log10 of the upper bound on a log scale). */
    public double hi() {
        return hi;
    }

    /** The cell width h = (hi − lo)/n in axis units. */
    public double width() {
        return h;
    }

    public Scale scale() {
        return scale;
    }

    /** The left edge of cell i (i = n gives hi). */
    public double edge(int i) {
        return i == cells ? hi : lo + i * h;
    }

    /** The centre of cell i. */
    public double center(int i) {
        return lo + (i + 0.5) * h;
    }

    /** The cell containing axis coordinate x, clamped to [0, n − 1]. */
    public int cellOf(double x) {
        int i = (int) Math.floor((x - lo) / h);
        return Math.max(0, Math.min(cells - 1, i));
    }

    /** The hyperparameter value λ at axis coordinate x (10^x on a log scale; never rounded). */
    public double toNatural(double x) {
        return scale == Scale.LOG ? Math.pow(10.0, x) : x;
    }

    /** The axis coordinate of a hyperparameter value λ (log10 λ on a log scale). */
    public double toAxis(double lambda) {
        return scale == Scale.LOG ? Math.log10(lambda) : lambda;
    }

    /** The normalised coordinate u = 2(x − lo)/(hi − lo) − 1 of axis coordinate x. */
    public double toUnit(double x) {
        return 2.0 * (x - lo) / (hi - lo) - 1.0;
    }

    @Override
    public String toString() {
        return "MeanFieldGrid1D{[" + lo + ", " + hi + "], cells=" + cells + ", scale=" + scale.name().toLowerCase()
                + "}";
    }
}
