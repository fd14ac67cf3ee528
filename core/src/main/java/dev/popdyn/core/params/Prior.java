package dev.popdyn.core.params;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The initial law of one hyperparameter coordinate, in normalised coordinates u ∈ [−1, 1] of its {@link HyperDim}.
 * Written in a config as {@code uniform} (the whole box), {@code uniform(a, b)} (a sub-interval in natural units),
 * {@code normal(m, s)} (Gaussian with mean m and standard deviation s in natural units of a linear coordinate, or of
 * log10 for a log coordinate, reflected into the box) or a number (a point mass). Immutable.
 */
public final class Prior {
    /** The prior kinds. */
    public enum Kind { UNIFORM, NORMAL, POINT }

    private final Kind kind;
    private final double a;
    private final double b;
    private final String text;

    private Prior(Kind kind, double a, double b, String text) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.text = text;
    }

    public Kind kind() {
        return kind;
    }

    /** First parameter: lower bound (uniform), mean (normal) or the point (point). */
    public double a() {
        return a;
    }

    /** Second parameter: upper bound (uniform) or standard deviation (normal). */
    public double b() {
        return b;
    }

    @Override
    public String toString() {
        return text;
    }

    static final String ALLOWED = "uniform, uniform(a, b) with lo <= a < b <= hi, normal(mean, sd) with sd > 0, "
            + "or a number in [lo, hi]";

    /** Parses a prior for {@code dim}; errors name {@code key}. */
    static Prior parse(String key, String s, double lo, double hi, Scale scale) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        try {
            if (t.equals("uniform")) {
                return new Prior(Kind.UNIFORM, lo, hi, "uniform");
            }
            if (t.startsWith("uniform(") && t.endsWith(")")) {
                String[] p = t.substring(8, t.length() - 1).split(",");
                double x = Double.parseDouble(p[0]);
                double y = Double.parseDouble(p[1]);
                if (p.length != 2 || !(x >= lo && x < y && y <= hi) || !Double.isFinite(x) || !Double.isFinite(y)) {
                    throw new InvalidConfigException(key, "'" + s + "' is not inside [" + Key.fmt(lo) + ", "
                            + Key.fmt(hi) + "] or has a >= b", ALLOWED);
                }
                return new Prior(Kind.UNIFORM, x, y, "uniform(" + Key.fmt(x) + ", " + Key.fmt(y) + ")");
            }
            if (t.startsWith("normal(") && t.endsWith(")")) {
                String[] p = t.substring(7, t.length() - 1).split(",");
                double m = Double.parseDouble(p[0]);
                double sd = Double.parseDouble(p[1]);
                if (p.length != 2 || !(sd > 0) || !Double.isFinite(m) || !Double.isFinite(sd)) {
                    throw new InvalidConfigException(key, "'" + s + "' needs a finite mean and sd > 0", ALLOWED);
                }
                return new Prior(Kind.NORMAL, m, sd, "normal(" + Key.fmt(m) + ", " + Key.fmt(sd) + ")");
            }
            double x = Double.parseDouble(t);
            if (!Double.isFinite(x) || x < lo || x > hi) {
                throw new InvalidConfigException(key, "point " + s + " is outside [" + Key.fmt(lo) + ", "
                        + Key.fmt(hi) + "]", ALLOWED);
            }
            return new Prior(Kind.POINT, x, x, Key.fmt(x));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new InvalidConfigException(key, "cannot parse prior '" + s + "'", ALLOWED);
        }
    }

    /** Draws a normalised coordinate u ∈ [−1, 1] for {@code dim}. */
    double sampleUnit(HyperDim dim, RandomGenerator rng) {
        switch (kind) {
            case POINT:
                return dim.toUnit(a);
            case UNIFORM: {
                double ua = dim.toUnit(a);
                double ub = dim.toUnit(b);
                return ua + (ub - ua) * rng.nextDouble();
            }
            case NORMAL: {
                double mean = dim.scale() == Scale.LOG ? dim.toUnitFromLog10(a) : dim.toUnit(a);
                double sdUnit = dim.unitPerNatural() * b;
                return HyperDim.reflect(mean + sdUnit * rng.nextGaussian());
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }
}
