package dev.popdyn.core.params;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * A key whose value is either one of a fixed list of names or a non-empty list of finite numbers (e.g. a function
 * given by name or by its coefficients). Accepted forms: a name ({@code relu}); a HOCON list
 * ({@code [0, 0.6, 0.8]}); or text with comma-separated numbers, optionally bracketed ({@code "0, 0.6, 0.8"}).
 * {@link #read} returns the canonical text — the name, or {@code [x0, x1, …]} with each number in Java's shortest
 * round-trip form — which is what enters the resolved config; {@link #reals} turns it back into numbers. Immutable.
 */
public final class NameOrListKey extends Key<String> {
    private final String def;
    private final List<String> names;
    private final int maxLength;

    public NameOrListKey(String path, String doc, String def, List<String> names, int maxLength) {
        super(path, doc);
        this.def = def;
        this.names = List.copyOf(names);
        this.maxLength = maxLength;
    }

    @Override
    public String defaultText() {
        return def;
    }

    @Override
    public String allowed() {
        String list = "a list of 1.." + maxLength + " finite numbers";
        return names.isEmpty() ? list : "one of " + String.join(", ", names) + ", or " + list;
    }

    @Override
    public String read(Config config, String fullPath) {
        if (!config.hasPathOrNull(fullPath) || config.getIsNull(fullPath)) {
            return def;
        }
        ConfigValue v = config.getValue(fullPath);
        if (v.valueType() == ConfigValueType.LIST) {
            List<?> items = (List<?>) v.unwrapped();
            double[] x = new double[items.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = toDouble(fullPath, items.get(i), allowed());
            }
            return format(check(fullPath, x));
        }
        String s = String.valueOf(raw(config, fullPath)).trim();
        if (names.contains(s)) {
            return s;
        }
        double[] x = reals(s);
        if (x == null) {
            throw new InvalidConfigException(fullPath, "'" + s + "' is neither a known name nor a list of numbers",
                    allowed());
        }
        return format(check(fullPath, x));
    }

    private double[] check(String fullPath, double[] x) {
        if (x.length == 0 || x.length > maxLength) {
            throw new InvalidConfigException(fullPath, "list of " + x.length + " numbers", allowed());
        }
        for (double xi : x) {
            if (!Double.isFinite(xi)) {
                throw new InvalidConfigException(fullPath, "value " + xi + " is not finite", allowed());
            }
        }
        return x;
    }

    /** The numbers of a list text ({@code [1, 2]} or {@code 1, 2}), or null if the text is not such a list. */
    public static double[] reals(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        if (s.isEmpty()) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            try {
                out.add(Double.parseDouble(part.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        double[] x = new double[out.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = out.get(i);
        }
        return x;
    }

    /** The canonical text {@code [x0, x1, …]} of a list. */
    public static String format(double[] x) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < x.length; i++) {
            b.append(i == 0 ? "" : ", ").append(x[i]);
        }
        return b.append(']').toString();
    }
}
