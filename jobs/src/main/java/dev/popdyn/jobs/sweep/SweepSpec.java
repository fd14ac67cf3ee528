package dev.popdyn.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.popdyn.core.params.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed sweep file (HOCON): the {@code base} experiment (an inline object, or {@code base-file} relative to the
 * sweep file), the {@code grid} axes (key → list of values; a Cartesian product), optional {@code zip} groups (axes
 * of equal length that vary together; one group as an object, several as a list of objects) and {@code seeds}.
 * {@link #points()} expands them into {@link SweepPoint}s: axes (grid and zip alike) sorted by key, their product in
 * lexicographic order with the last axis varying fastest, then the seeds innermost. Configs are merged but not yet
 * validated (see {@link Sweep#plan}). Immutable and thread-safe.
 */
public final class SweepSpec {
    private static final Set<String> TOP = Set.of("base", "base-file", "grid", "zip", "seeds");

    private final Config base;
    private final List<Axis> axes;
    private final List<Long> seeds;

    /** One varying dimension: one key (a grid axis) or several keys that move together (a zip group). */
    record Axis(List<String> keys, List<List<ConfigValue>> values) {
        int size() {
            return values.size();
        }
    }

    private SweepSpec(Config base, List<Axis> axes, List<Long> seeds) {
        this.base = base;
        this.axes = axes;
        this.seeds = seeds;
    }

    /** Reads and checks a sweep file; every problem is an {@link InvalidConfigException} naming the key. */
    public static SweepSpec load(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidConfigException(file.toString(), "sweep file not found or not readable",
                    "an existing HOCON file");
        }
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new InvalidConfigException(file.toString(), "HOCON syntax error: " + e.getMessage()
                    .replace(file.toString() + ": ", ""), "valid HOCON");
        }
        return parse(c, file.toAbsolutePath().getParent());
    }

    /** Parses a sweep config; {@code baseDir} resolves a relative {@code base-file}. */
    public static SweepSpec parse(Config c, Path baseDir) {
        for (String k : c.root().keySet()) {
            if (!TOP.contains(k)) {
                throw new InvalidConfigException(k, "unknown sweep key", "base, base-file, grid, zip, seeds");
            }
        }
        Config base = base(c, baseDir);
        List<Axis> axes = new ArrayList<>();
        if (c.hasPath("grid")) {
            for (Map.Entry<String, ConfigList> e : lists(object(c, "grid"), "grid").entrySet()) {
                ConfigList l = e.getValue();
                if (l.isEmpty()) {
                    throw new InvalidConfigException("grid." + e.getKey(), "empty axis: a sweep over no values has "
                            + "no points", "a non-empty list of values");
                }
                List<List<ConfigValue>> vs = new ArrayList<>();
                for (ConfigValue v : l) {
                    vs.add(List.of(scalar("grid." + e.getKey(), v)));
                }
                axes.add(new Axis(List.of(e.getKey()), vs));
            }
        }
        if (c.hasPath("zip")) {
            for (ConfigObject group : zipGroups(c)) {
                axes.add(zipAxis(group));
            }
        }
        Set<String> seen = new HashSet<>();
        for (Axis a : axes) {
            for (String k : a.keys()) {
                if (k.equals("seed")) {
                    throw new InvalidConfigException("grid.seed", "seeds are swept with the top-level key",
                            "seeds = [1, 2, ...]");
                }
                if (!seen.add(k)) {
                    throw new InvalidConfigException(k, "key appears on more than one axis", "each key on one axis");
                }
            }
        }
        axes.sort((x, y) -> x.keys().get(0).compareTo(y.keys().get(0)));
        List<Long> seeds = new ArrayList<>();
        if (c.hasPath("seeds")) {
            ConfigValue sv = c.getValue("seeds");
            if (sv.valueType() != ConfigValueType.LIST || ((ConfigList) sv).isEmpty()) {
                throw new InvalidConfigException("seeds", "expected a non-empty list of integers", "e.g. [1, 2]");
            }
            for (ConfigValue v : (ConfigList) sv) {
                if (!(v.unwrapped() instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new InvalidConfigException("seeds", "value " + v.render() + " is not an integer",
                            "a list of integers");
                }
                if (seeds.contains(n.longValue())) {
                    throw new InvalidConfigException("seeds", "seed " + n.longValue() + " is listed twice",
                            "distinct integers");
                }
                seeds.add(n.longValue());
            }
        } else {
            seeds.add(base.hasPath("seed") ? base.getLong("seed") : 0L);
        }
        return new SweepSpec(base, List.copyOf(axes), List.copyOf(seeds));
    }

    private static Config base(Config c, Path baseDir) {
        boolean inline = c.hasPath("base");
        boolean file = c.hasPath("base-file");
        if (inline == file) {
            throw new InvalidConfigException("base", inline ? "give either base or base-file, not both"
                    : "missing: the experiment the grid varies", "base { ... } or base-file = \"path.conf\"");
        }
        if (inline) {
            return object(c, "base").toConfig();
        }
        Path p = baseDir.resolve(c.getString("base-file"));
        if (!Files.isRegularFile(p)) {
            throw new InvalidConfigException("base-file", "file " + p + " not found", "a path relative to the "
                    + "sweep file");
        }
        try {
            return ConfigFactory.parseFile(p.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new InvalidConfigException("base-file", "HOCON syntax error: " + e.getMessage(), "valid HOCON");
        }
    }

    private static ConfigObject object(Config c, String key) {
        ConfigValue v = c.getValue(key);
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw new InvalidConfigException(key, "expected an object", key + " { ... }");
        }
        return (ConfigObject) v;
    }

    private static List<ConfigObject> zipGroups(Config c) {
        ConfigValue v = c.getValue("zip");
        List<ConfigObject> out = new ArrayList<>();
        if (v.valueType() == ConfigValueType.OBJECT) {
            out.add((ConfigObject) v);
        } else if (v.valueType() == ConfigValueType.LIST) {
            for (ConfigValue g : (ConfigList) v) {
                if (g.valueType() != ConfigValueType.OBJECT) {
                    throw new InvalidConfigException("zip", "expected objects of equal-length lists",
                            "zip { a = [..], b = [..] } or zip = [{...}, {...}]");
                }
                out.add((ConfigObject) g);
            }
        } else {
            throw new InvalidConfigException("zip", "expected an object of equal-length lists",
                    "zip { a = [..], b = [..] }");
        }
        return out;
    }

    private static Axis zipAxis(ConfigObject group) {
        Map<String, ConfigList> lists = lists(group, "zip");
        if (lists.isEmpty()) {
            throw new InvalidConfigException("zip", "empty zip group", "at least one key with a list of values");
        }
        int len = -1;
        String first = null;
        for (Map.Entry<String, ConfigList> e : lists.entrySet()) {
            int n = e.getValue().size();
            if (n == 0) {
                throw new InvalidConfigException("zip." + e.getKey(), "empty axis: a sweep over no values has no "
                        + "points", "a non-empty list of values");
            }
            if (len >= 0 && n != len) {
                throw new InvalidConfigException("zip." + e.getKey(), "has " + n + " values but zip." + first
                        + " has " + len, "lists of equal length in one zip group");
            }
            len = n;
            first = first == null ? e.getKey() : first;
        }
        List<List<ConfigValue>> vs = new ArrayList<>();
        for (int i = 0; i < len; i++) {
            List<ConfigValue> row = new ArrayList<>();
            for (Map.Entry<String, ConfigList> e : lists.entrySet()) {
                row.add(scalar("zip." + e.getKey(), e.getValue().get(i)));
            }
            vs.add(row);
        }
        return new Axis(List.copyOf(lists.keySet()), vs);
    }

    /** The lists of an object, by dotted key, whether written as quoted keys or nested objects; sorted by key. */
    private static Map<String, ConfigList> lists(ConfigObject o, String where) {
        Map<String, ConfigList> out = new TreeMap<>();
        collect(o, "", where, out);
        return out;
    }

    private static void collect(ConfigObject o, String prefix, String where, Map<String, ConfigList> out) {
        for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            ConfigValue v = e.getValue();
            if (v.valueType() == ConfigValueType.OBJECT) {
                collect((ConfigObject) v, key, where, out);
            } else if (v.valueType() == ConfigValueType.LIST) {
                out.put(key, (ConfigList) v);
            } else {
                throw new InvalidConfigException(where + "." + key, "expected a list of values, got "
                        + v.render(), where + " { \"" + key + "\" = [v1, v2, ...] }");
            }
        }
    }

    private static ConfigValue scalar(String key, ConfigValue v) {
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
                || v.valueType() == ConfigValueType.NULL) {
            throw new InvalidConfigException(key, "value " + v.render() + " is not a number, string or boolean",
                    "scalar values");
        }
        return v;
    }

    /** The base experiment config (unvalidated). */
    public Config base() {
        return base;
    }

    /** Keys that vary, in axis order (zip members in key order within their group). */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        for (Axis a : axes) {
            out.addAll(a.keys());
        }
        return out;
    }

    public List<Long> seeds() {
        return seeds;
    }

    /** Every point of the sweep: the product of the axes, then the seeds innermost. */
    public List<SweepPoint> points() {
        List<SweepPoint> out = new ArrayList<>();
        int[] idx = new int[axes.size()];
        while (true) {
            Map<String, ConfigValue> values = new LinkedHashMap<>();
            for (int a = 0; a < axes.size(); a++) {
                Axis axis = axes.get(a);
                for (int k = 0; k < axis.keys().size(); k++) {
                    values.put(axis.keys().get(k), axis.values().get(idx[a]).get(k));
                }
            }
            for (long seed : seeds) {
                Config cfg = base;
                for (Map.Entry<String, ConfigValue> e : values.entrySet()) {
                    cfg = cfg.withValue(ConfigUtil.joinPath(e.getKey().split("\\.")), e.getValue());
                }
                cfg = cfg.withValue("seed", ConfigValueFactory.fromAnyRef(seed));
                out.add(new SweepPoint(values, seed, cfg));
            }
            int a = axes.size() - 1;
            while (a >= 0 && ++idx[a] == axes.get(a).size()) {
                idx[a] = 0;
                a--;
            }
            if (a < 0) {
                return out;
            }
        }
    }
}
