package dev.popdyn.core.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.core.params.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code data.*} section of a config: which tabular file (Parquet or CSV) to prepare into a binary
 * {@link DataSet} for the {@code logistic} and {@code mlp} models, which column is the label, which columns are
 * features, and the validation split ({@link DataSplit}). Validated here (unknown keys, ranges); the columns
 * themselves are checked when the file is read. Immutable and thread-safe.
 *
 * @param path     the source file or directory
 * @param format   parquet, csv or auto (by extension: {@code .parquet} or a directory → parquet, {@code .csv} /
 *                 {@code .csv.gz} → csv)
 * @param label    the label column
 * @param features the feature columns; empty = every other numeric column, in file order
 * @param validationFraction the probability f that a row goes to the validation section
 * @param splitSeed the seed s of the split rule
 */
public record DataSpec(String path, String format, String label, List<String> features, double validationFraction,
        long splitSeed) {
    public static final Key.Text PATH = new Key.Text("data.path", "Parquet or CSV file (or Parquet directory) to "
            + "prepare into a binary data set for model.data", null, "an existing file or directory");
    public static final Key.Choice FORMAT = new Key.Choice("data.format", "source format; auto picks by extension "
            + "(.parquet or a directory: parquet; .csv, .csv.gz: csv with a header row)", "auto",
            List.of("auto", "parquet", "csv"));
    public static final Key.Text LABEL = new Key.Text("data.label", "label column (numeric or text; classes are "
            + "its distinct values in sorted order)", null, "a column of the file");
    public static final Key.Text FEATURES = new Key.Text("data.features", "feature columns, a HOCON list or "
            + "comma-separated text; empty = every other numeric column", "", "numeric columns of the file");
    public static final Key.Real VALIDATION_FRACTION = new Key.Real("data.validation-fraction", "f: each row is a "
            + "validation row iff u(split-seed, row index) < f (DataSplit)", 0.2, 0.0, false, 1.0, false);
    public static final Key.Int SPLIT_SEED = new Key.Int("data.split-seed", "s: seed of the row-hash split", 1, 0,
            Long.MAX_VALUE);

    public DataSpec {
        features = List.copyOf(features);
    }

    /** The keys in documentation order (for {@code popdyn explain}). */
    public static List<Key<?>> keys() {
        return List.of(PATH, FORMAT, LABEL, FEATURES, VALIDATION_FRACTION, SPLIT_SEED);
    }

    /** Whether {@code config} has a {@code data} section. */
    public static boolean isConfigured(Config config) {
        return config.hasPath("data");
    }

    /** Reads and validates the {@code data} section (which must be present and name a path and a label). */
    public static DataSpec fromConfig(Config config) {
        Set<String> known = new TreeSet<>();
        for (Key<?> k : keys()) {
            known.add(k.path());
        }
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            if (e.getKey().startsWith("data.") && !known.contains(e.getKey())) {
                throw new InvalidConfigException(e.getKey(), "unknown key", "known: " + String.join(", ", known));
            }
        }
        String path = PATH.read(config);
        if (path == null || path.isEmpty()) {
            throw new InvalidConfigException(PATH.path(), "missing", PATH.allowed());
        }
        String label = LABEL.read(config);
        if (label == null || label.isEmpty()) {
            throw new InvalidConfigException(LABEL.path(), "missing", LABEL.allowed());
        }
        List<String> features = readFeatures(config);
        if (features.contains(label)) {
            throw new InvalidConfigException(FEATURES.path(), "lists the label column '" + label + "'",
                    "feature columns other than data.label");
        }
        if (new TreeSet<>(features).size() != features.size()) {
            throw new InvalidConfigException(FEATURES.path(), "lists a column twice", "distinct column names");
        }
        return new DataSpec(path, FORMAT.read(config), label, features, VALIDATION_FRACTION.read(config),
                SPLIT_SEED.read(config));
    }

    private static List<String> readFeatures(Config config) {
        String p = FEATURES.path();
        List<String> out = new ArrayList<>();
        if (!config.hasPathOrNull(p) || config.getIsNull(p)) {
            return out;
        }
        ConfigValue v = config.getValue(p);
        if (v.valueType() == ConfigValueType.LIST) {
            for (Object o : (List<?>) v.unwrapped()) {
                String s = String.valueOf(o).trim();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        } else if (v.valueType() == ConfigValueType.OBJECT) {
            throw new InvalidConfigException(p, "expected a list of column names", FEATURES.allowed());
        } else {
            for (String s : String.valueOf(v.unwrapped()).split(",")) {
                if (!s.trim().isEmpty()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /** Every resolved value by key (entered into the experiment's config hash). */
    public SortedMap<String, String> resolved() {
        SortedMap<String, String> m = new TreeMap<>();
        m.put(PATH.path(), path);
        m.put(FORMAT.path(), format);
        m.put(LABEL.path(), label);
        m.put(FEATURES.path(), String.join(",", features));
        m.put(VALIDATION_FRACTION.path(), String.valueOf(validationFraction));
        m.put(SPLIT_SEED.path(), String.valueOf(splitSeed));
        return m;
    }
}
