package dev.popdyn.core.params;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * One coordinate of the hyperparameter box Λ (docs/design.md §1): bounds, scale, value type, categorical levels and the
 * initial prior. Provides the map to normalised coordinates u ∈ [−1, 1] in which mutation works
 * (docs/design.md §1.3): {@code u = 2(x − lo)/(hi − lo) − 1} on a linear scale, the same in log10 x on a log scale; for a
 * categorical coordinate u is the level index mapped linearly. Immutable and thread-safe.
 */
public final class HyperDim {
    private final String name;
    private final double lo;
    private final double hi;
    private final Scale scale;
    private final ValueType type;
    private final double[] levels;
    private final Prior prior;

    HyperDim(String name, double lo, double hi, Scale scale, ValueType type, double[] levels, Prior prior) {
        this.name = name;
        this.lo = lo;
        this.hi = hi;
        this.scale = scale;
        this.type = type;
        this.levels = levels == null ? new double[0] : levels.clone();
        this.prior = prior;
    }

    /** A real coordinate with a uniform prior (for tests and programmatic use). */
    public static HyperDim real(String name, double lo, double hi, Scale scale) {
        return new HyperDim(name, lo, hi, scale, ValueType.REAL, null, Prior.parse(name, "uniform", lo, hi, scale));
    }

    /** An integer coordinate with a uniform prior. */
    public static HyperDim integer(String name, long lo, long hi, Scale scale) {
        return new HyperDim(name, lo, hi, scale, ValueType.INT, null, Prior.parse(name, "uniform", lo, hi, scale));
    }

    /** A categorical coordinate over ordered levels with a uniform prior over levels. */
    public static HyperDim categorical(String name, double... levels) {
        double[] l = levels.clone();
        return new HyperDim(name, l[0], l[l.length - 1], Scale.LINEAR, ValueType.CATEGORICAL, l,
                Prior.parse(name, "uniform", l[0], l[l.length - 1], Scale.LINEAR));
    }

    /** This coordinate with another prior, e.g. {@code normal(1, 0.2)}. */
    public HyperDim withPrior(String priorText) {
        return new HyperDim(name, lo, hi, scale, type, levels, Prior.parse("hyper." + name + ".init", priorText, lo,
                hi, scale));
    }

    public String name() {
        return name;
    }

    public double lo() {
        return lo;
    }

    public double hi() {
        return hi;
    }

    public Scale scale() {
        return scale;
    }

    public ValueType type() {
        return type;
    }

    /** The categorical levels in order (empty for other types). */
    public double[] levels() {
        return levels.clone();
    }

    public int levelCount() {
        return levels.length;
    }

    public double level(int k) {
        return levels[k];
    }

    public Prior prior() {
        return prior;
    }

    /** Maps a natural value to u ∈ [−1, 1]. */
    public double toUnit(double x) {
        if (type == ValueType.CATEGORICAL) {
            return levels.length == 1 ? 0.0 : 2.0 * levelIndex(x) / (levels.length - 1) - 1.0;
        }
        if (scale == Scale.LOG) {
            return toUnitFromLog10(Math.log10(x));
        }
        return 2.0 * (x - lo) / (hi - lo) - 1.0;
    }

    double toUnitFromLog10(double lx) {
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        return 2.0 * (lx - a) / (b - a) - 1.0;
    }

    /** How many normalised units one natural unit (or one decade on a log scale) spans. */
    double unitPerNatural() {
        return scale == Scale.LOG ? 2.0 / (Math.log10(hi) - Math.log10(lo)) : 2.0 / (hi - lo);
    }

    /**
     * Maps u ∈ [−1, 1] back to a value of this coordinate: integers are rounded to nearest and categorical
     * coordinates snap to the nearest level; the result always lies in [lo, hi].
     */
    public double fromUnit(double u) {
        double t = (Math.max(-1.0, Math.min(1.0, u)) + 1.0) / 2.0;
        if (type == ValueType.CATEGORICAL) {
            return levels[(int) Math.rint(t * (levels.length - 1))];
        }
        double x;
        if (scale == Scale.LOG) {
            double a = Math.log10(lo);
            double b = Math.log10(hi);
            x = Math.pow(10.0, a + t * (b - a));
        } else {
            x = lo + t * (hi - lo);
        }
        if (type == ValueType.INT) {
            x = Math.rint(x);
        }
        return Math.max(lo, Math.min(hi, x));
    }

    /** Index of the level equal (or nearest) to {@code x}. */
    public int levelIndex(double x) {
        int best = 0;
        for (int k = 1; k < levels.length; k++) {
            if (Math.abs(levels[k] - x) < Math.abs(levels[best] - x)) {
                best = k;
            }
        }
        return best;
    }

    /** Draws a value from the prior. */
    public double sample(RandomGenerator rng) {
        if (type == ValueType.CATEGORICAL && prior.kind() == Prior.Kind.UNIFORM && prior.a() == lo
                && prior.b() == hi) {
            return levels[rng.nextInt(levels.length)];
        }
        return fromUnit(prior.sampleUnit(this, rng));
    }

    /** Reflects u into [−1, 1] (mirror at both bounds, any number of times). */
    public static double reflect(double u) {
        if (u >= -1.0 && u <= 1.0) {
            return u;
        }
        double y = (u + 1.0) % 4.0;
        if (y < 0) {
            y += 4.0;
        }
        return y <= 2.0 ? y - 1.0 : 3.0 - y;
    }

    /** Clips u into [−1, 1]. */
    public static double clip(double u) {
        return Math.max(-1.0, Math.min(1.0, u));
    }

    @Override
    public String toString() {
        String base = name + "{lo=" + Key.fmt(lo) + ", hi=" + Key.fmt(hi) + ", scale=" + scale.name().toLowerCase()
                + ", type=" + type.name().toLowerCase();
        if (type == ValueType.CATEGORICAL) {
            base += ", levels=" + Arrays.toString(levels);
        }
        return base + ", init=" + prior + "}";
    }
}
