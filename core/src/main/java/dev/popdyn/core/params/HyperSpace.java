package dev.popdyn.core.params;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hyperparameter box Λ = Π [loᵢ, hiᵢ]: an ordered list of {@link HyperDim}s, sorted by name so that the
 * coordinate order never depends on how a config file was written. An agent's λ is a {@code double[]} in this
 * order. Immutable and thread-safe.
 */
public final class HyperSpace {
    /** Keys allowed inside {@code hyper.<name>}. */
    public static final Set<String> DIM_KEYS = Set.of("lo", "hi", "scale", "type", "levels", "init");

    private final List<HyperDim> dims;

    public HyperSpace(List<HyperDim> dims) {
        List<HyperDim> sorted = new ArrayList<>(dims);
        sorted.sort((x, y) -> x.name().compareTo(y.name()));
        this.dims = Collections.unmodifiableList(sorted);
    }

    public static HyperSpace of(HyperDim... dims) {
        return new HyperSpace(List.of(dims));
    }

    public int size() {
        return dims.size();
    }

    public HyperDim dim(int k) {
        return dims.get(k);
    }

    public List<HyperDim> dims() {
        return dims;
    }

    /** The coordinate index of {@code name}, or −1. */
    public int indexOf(String name) {
        for (int k = 0; k < dims.size(); k++) {
            if (dims.get(k).name().equals(name)) {
                return k;
            }
        }
        return -1;
    }

    /** The names in coordinate order. */
    public List<String> names() {
        List<String> n = new ArrayList<>();
        for (HyperDim d : dims) {
            n.add(d.name());
        }
        return n;
    }

    static HyperSpace parse(Config root) {
        if (!root.hasPath("hyper")) {
            return new HyperSpace(List.of());
        }
        if (root.getValue("hyper").valueType() != ConfigValueType.OBJECT) {
            throw new InvalidConfigException("hyper", "must be an object of coordinates", "hyper { name { lo, hi, "
                    + "scale, type, init } }");
        }
        Config h = root.getConfig("hyper");
        List<HyperDim> out = new ArrayList<>();
        for (String name : new TreeSet<>(h.root().keySet())) {
            String base = "hyper." + name;
            if (!name.matches("[a-z][a-z0-9_]*")) {
                throw new InvalidConfigException(base, "bad coordinate name '" + name + "'",
                        "lower-case letters, digits and _, starting with a letter");
            }
            ConfigValue v = h.root().get(name);
            if (v.valueType() != ConfigValueType.OBJECT) {
                throw new InvalidConfigException(base, "must be an object", "{ lo, hi, scale, type, init }");
            }
            Config c = h.getConfig(name);
            for (String k : c.root().keySet()) {
                if (!DIM_KEYS.contains(k)) {
                    throw new InvalidConfigException(base + "." + k, "unknown key", "one of "
                            + String.join(", ", new TreeSet<>(DIM_KEYS)));
                }
            }
            out.add(parseDim(name, base, c, root));
        }
        return new HyperSpace(out);
    }

    private static HyperDim parseDim(String name, String base, Config c, Config root) {
        String typeText = new Key.Choice("type", "", "real", List.of("real", "int", "categorical"))
                .read(root, base + ".type");
        ValueType type = ValueType.valueOf(typeText.toUpperCase(Locale.ROOT));
        String scaleText = new Key.Choice("scale", "", "linear", List.of("linear", "log")).read(root, base + ".scale");
        Scale scale = Scale.valueOf(scaleText.toUpperCase(Locale.ROOT));
        double[] levels = null;
        double lo;
        double hi;
        if (type == ValueType.CATEGORICAL) {
            for (String k : List.of("lo", "hi", "scale")) {
                if (c.hasPathOrNull(k)) {
                    throw new InvalidConfigException(base + "." + k, "not used by a categorical coordinate (its "
                            + "range is its levels)", "levels and init only");
                }
            }
            if (!c.hasPath("levels")) {
                throw new InvalidConfigException(base + ".levels", "missing", "a list of at least 2 increasing "
                        + "numbers");
            }
            List<Double> l;
            try {
                l = c.getDoubleList("levels");
            } catch (RuntimeException e) {
                throw new InvalidConfigException(base + ".levels", "not a list of numbers", "a list of at least 2 "
                        + "increasing numbers");
            }
            levels = new double[l.size()];
            for (int k = 0; k < levels.length; k++) {
                levels[k] = l.get(k);
                if (!Double.isFinite(levels[k]) || (k > 0 && levels[k] <= levels[k - 1])) {
                    throw new InvalidConfigException(base + ".levels", "levels " + l + " are not finite and "
                            + "strictly increasing", "a list of at least 2 increasing numbers");
                }
            }
            if (levels.length < 2) {
                throw new InvalidConfigException(base + ".levels", "needs at least 2 levels", "a list of at least "
                        + "2 increasing numbers");
            }
            lo = levels[0];
            hi = levels[levels.length - 1];
        } else {
            if (!c.hasPath("lo") || !c.hasPath("hi")) {
                throw new InvalidConfigException(base + (c.hasPath("lo") ? ".hi" : ".lo"), "missing",
                        "a finite number, lo < hi");
            }
            Key.Real any = new Key.Real("lo", "", 0, Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);
            lo = any.read(root, base + ".lo");
            hi = any.read(root, base + ".hi");
            lo = checkFinite(base + ".lo", lo);
            hi = checkFinite(base + ".hi", hi);
            if (!(lo < hi)) {
                throw new InvalidConfigException(base, "bounds are reversed or empty: lo = " + Key.fmt(lo)
                        + ", hi = " + Key.fmt(hi), "lo < hi");
            }
            if (!Double.isFinite(hi - lo)) {
                throw new InvalidConfigException(base, "bounds lo = " + Key.fmt(lo) + ", hi = " + Key.fmt(hi)
                        + " span more than the largest double", "hi - lo <= " + Double.MAX_VALUE);
            }
            if (scale == Scale.LOG && lo <= 0) {
                throw new InvalidConfigException(base + ".lo", "value " + Key.fmt(lo) + " is not positive on a "
                        + "log scale", "lo > 0 when scale = log");
            }
            if (type == ValueType.INT && (lo != Math.rint(lo) || hi != Math.rint(hi))) {
                throw new InvalidConfigException(base, "bounds of an int coordinate must be integers (lo = "
                        + Key.fmt(lo) + ", hi = " + Key.fmt(hi) + ")", "integer lo < hi");
            }
        }
        String initText = c.hasPath("init") ? String.valueOf(c.getValue("init").unwrapped()) : "uniform";
        Prior prior = Prior.parse(base + ".init", initText, lo, hi, scale);
        return new HyperDim(name, lo, hi, scale, type, levels, prior);
    }

    private static double checkFinite(String key, double x) {
        if (!Double.isFinite(x)) {
            throw new InvalidConfigException(key, "value " + x + " is not finite", "a finite number");
        }
        return x;
    }
}
