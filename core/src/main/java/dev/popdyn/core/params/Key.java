package dev.popdyn.core.params;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Locale;

/**
 * A documented, validated configuration key (in the manner of Spark ML's {@code Param}): a dotted path, a doc
 * string, a default and an allowed range. Reading a key through this class is the only way values enter
 * {@link ExperimentParams}, so {@code popdyn explain} and validation share one source of truth. Immutable.
 */
public abstract class Key<T> {
    private final String path;
    private final String doc;

    Key(String path, String doc) {
        this.path = path;
        this.doc = doc;
    }

    public String path() {
        return path;
    }

    public String doc() {
        return doc;
    }

    /** The default rendered as text. */
    public abstract String defaultText();

    /** The allowed values rendered as text, e.g. {@code (0, 0.5]}. */
    public abstract String allowed();

    /** Reads and validates this key from {@code config} (absolute path {@code prefix + path}). */
    public final T read(Config config) {
        return read(config, path);
    }

    /** Reads and validates the value at {@code fullPath} with this key's rules. */
    public abstract T read(Config config, String fullPath);

    static Object raw(Config config, String fullPath) {
        if (!config.hasPathOrNull(fullPath) || config.getIsNull(fullPath)) {
            return null;
        }
        ConfigValue v = config.getValue(fullPath);
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw new InvalidConfigException(fullPath, "expected a single value, got " + v.valueType().name()
                    .toLowerCase(Locale.ROOT), null);
        }
        return v.unwrapped();
    }

    static double toDouble(String fullPath, Object raw, String allowed) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        String s = String.valueOf(raw).trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(fullPath, "'" + s + "' is not a number", allowed);
        }
    }

    static String fmt(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }

    /** A real-valued key with an interval of allowed values; NaN and infinities are always rejected. */
    public static final class Real extends Key<Double> {
        private final double def;
        private final double lo;
        private final boolean loOpen;
        private final double hi;
        private final boolean hiOpen;

        public Real(String path, String doc, double def, double lo, boolean loOpen, double hi, boolean hiOpen) {
            super(path, doc);
            this.def = def;
            this.lo = lo;
            this.loOpen = loOpen;
            this.hi = hi;
            this.hiOpen = hiOpen;
        }

        @Override
        public String defaultText() {
            return fmt(def);
        }

        @Override
        public String allowed() {
            String l = lo == Double.NEGATIVE_INFINITY ? "(-inf" : (loOpen ? "(" : "[") + fmt(lo);
            String h = hi == Double.POSITIVE_INFINITY ? "inf)" : fmt(hi) + (hiOpen ? ")" : "]");
            return "a finite number in " + l + ", " + h;
        }

        @Override
        public Double read(Config config, String fullPath) {
            Object raw = raw(config, fullPath);
            if (raw == null) {
                return def;
            }
            return check(fullPath, toDouble(fullPath, raw, allowed()));
        }

        /** Validates an already-parsed value against this key's interval. */
        public double check(String fullPath, double x) {
            if (!Double.isFinite(x)) {
                throw new InvalidConfigException(fullPath, "value " + x + " is not finite", allowed());
            }
            boolean ok = (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi);
            if (!ok) {
                throw new InvalidConfigException(fullPath, "value " + fmt(x) + " is out of range", allowed());
            }
            return x;
        }
    }

    /** An integer key with an inclusive range; non-integral numbers are rejected, not rounded. */
    public static final class Int extends Key<Long> {
        private final long def;
        private final long lo;
        private final long hi;

        public Int(String path, String doc, long def, long lo, long hi) {
            super(path, doc);
            this.def = def;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public String defaultText() {
            return Long.toString(def);
        }

        @Override
        public String allowed() {
            return "an integer in [" + lo + ", " + hi + "]";
        }

        @Override
        public Long read(Config config, String fullPath) {
            Object raw = raw(config, fullPath);
            if (raw == null) {
                return def;
            }
            long v;
            if (raw instanceof Integer || raw instanceof Long) {
                v = ((Number) raw).longValue();
            } else {
                double x = toDouble(fullPath, raw, allowed());
                if (!Double.isFinite(x)) {
                    throw new InvalidConfigException(fullPath, "value " + x + " is not finite", allowed());
                }
                if (x != Math.rint(x)) {
                    throw new InvalidConfigException(fullPath, "value " + raw + " is not an integer", allowed());
                }
                if (x >= 0x1p63 || x < -0x1p63) {
                    throw new InvalidConfigException(fullPath, "value " + raw + " is out of range", allowed());
                }
                v = (long) x;
            }
            if (v < lo || v > hi) {
                throw new InvalidConfigException(fullPath, "value " + v + " is out of range", allowed());
            }
            return v;
        }
    }

    /** A key whose value is one of a fixed list of names. */
    public static final class Choice extends Key<String> {
        private final String def;
        private final List<String> choices;

        public Choice(String path, String doc, String def, List<String> choices) {
            super(path, doc);
            this.def = def;
            this.choices = List.copyOf(choices);
        }

        @Override
        public String defaultText() {
            return def;
        }

        @Override
        public String allowed() {
            return "one of " + String.join(", ", choices);
        }

        @Override
        public String read(Config config, String fullPath) {
            Object raw = raw(config, fullPath);
            if (raw == null) {
                return def;
            }
            String s = String.valueOf(raw).trim();
            if (!choices.contains(s)) {
                throw new InvalidConfigException(fullPath, "unknown value '" + s + "'", allowed());
            }
            return s;
        }
    }

    /** A free-form text key (e.g. a path or a prior specification parsed elsewhere). */
    public static final class Text extends Key<String> {
        private final String def;
        private final String allowed;

        public Text(String path, String doc, String def, String allowed) {
            super(path, doc);
            this.def = def;
            this.allowed = allowed;
        }

        @Override
        public String defaultText() {
            return def == null ? "(none)" : def;
        }

        @Override
        public String allowed() {
            return allowed;
        }

        @Override
        public String read(Config config, String fullPath) {
            Object raw = raw(config, fullPath);
            return raw == null ? def : String.valueOf(raw).trim();
        }
    }
}
