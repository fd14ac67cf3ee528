package dev.popdyn.jobs.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.popdyn.core.data.DataSet;
import dev.popdyn.core.data.DataSpec;
import dev.popdyn.core.data.DataSplit;
import dev.popdyn.core.params.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Prepares a user's tabular data set for the {@code logistic} / {@code mlp} models: reads the Parquet or CSV file
 * of the {@code data.*} section ({@link DataSpec}) with Spark, validates it, computes the standardisation
 * statistics once with Spark and writes the binary {@link DataSet} file that {@code model.data} names.
 *
 * <p><b>Rules.</b> CSV files have a header row; column types are inferred. The label may be numeric or text; its
 * distinct values, sorted (numerically for a numeric column, else as text), are classes 0..K−1, and K ≥ 2 is
 * required. Features are the listed columns, or every numeric column other than the label; each must be numeric
 * and have no null, NaN or infinite value; the label must be a numeric, text or boolean column (not a struct, list or
 * map), and at most {@link #MAX_FEATURES} features are read. A relative {@code data.path} is found by
 * {@link #source}. Row i (0-based, in file order, by {@code zipWithIndex}) is a validation row iff
 * {@link DataSplit#isValidation}(split-seed, i, validation-fraction). Each feature is standardised as
 * x' = (x − mean)/sd with the mean and the sample standard deviation of the <em>training</em> rows (sd = 1 for a
 * constant column). The file is refused when it would exceed {@link DataSet#MAX_BYTES} (2 GiB). Every failure is
 * an {@link InvalidConfigException} naming the key, the column and the file.
 *
 * <p><b>Output.</b> {@code DIR/<source name>-<first 12 hex digits of the payload SHA-256>.pdds}: the same input
 * gives the same file name and bytes. The rows pass through the driver once, streamed partition by partition
 * ({@code toLocalIterator}) into the arrays of the data set. Stateless and thread-safe (Spark jobs run on the
 * given session).
 */
public final class DataPrep {
    /** The most feature columns a data set may have (the standardisation statistics are one Spark aggregate). */
    public static final int MAX_FEATURES = 10_000;
    /** The most columns a CSV file may have (the CSV parser's buffer; Spark's default is 20,480). */
    public static final int MAX_CSV_COLUMNS = 200_000;

    private DataPrep() {
    }

    /** Whether {@code config} has a {@code data} section to prepare. */
    public static boolean isConfigured(Config config) {
        return DataSpec.isConfigured(config);
    }

    /** Prepares the data set of {@code config}'s {@code data} section into {@code dir}; returns the file. */
    public static Path prepare(SparkSession spark, Config config, Path dir) {
        DataSpec spec = DataSpec.fromConfig(config);
        DataSpec located = new DataSpec(source(config, spec.path()).toString(), spec.format(), spec.label(),
                spec.features(), spec.validationFraction(), spec.splitSeed());
        return prepare(spark, located, dir);
    }

    /**
     * The file a {@code data.path} names: an absolute path as is; a relative one against the directory of the
     * config file that sets it (HOCON origin), falling back to the working directory when no such file exists
     * there (configs written for the repository root, such as {@code conf/examples/mlp.conf}, and {@code --set}
     * values, which have no file). The key's value itself is left as written, so the config hash is unchanged.
     */
    public static Path source(Config config, String path) {
        Path p = Path.of(path);
        String origin = config.hasPath(DataSpec.PATH.path())
                ? config.getValue(DataSpec.PATH.path()).origin().filename() : null;
        if (p.isAbsolute() || origin == null) {
            return p;
        }
        Path besideConfig = Path.of(origin).toAbsolutePath().getParent().resolve(p).normalize();
        return Files.exists(besideConfig) ? besideConfig : p;
    }

    /**
     * {@code config} with {@code model.data} set to {@code reference}, a prepared data set's path relative to the
     * run directory ({@link DataCache}).
     */
    public static Config withDataReference(Config config, String reference) {
        return config.withValue(DataCache.MODEL_DATA, ConfigValueFactory.fromAnyRef(reference));
    }

    /** {@code config} with {@code model.data} set to the absolute path of {@code file} (tests, no run directory). */
    public static Config withDataFile(Config config, Path file) {
        return config.withValue(DataCache.MODEL_DATA, ConfigValueFactory.fromAnyRef(file.toAbsolutePath().toString()));
    }

    /** Prepares the data set described by {@code spec} into {@code dir}; returns the file. */
    public static Path prepare(SparkSession spark, DataSpec spec, Path dir) {
        DataSet ds = build(spark, spec);
        String base = Path.of(spec.path()).getFileName().toString().replaceAll("\\.(csv\\.gz|csv|parquet)$", "");
        return ds.write(dir.resolve(base + "-" + ds.sha256().substring(0, 12) + DataSet.EXTENSION));
    }

    /** Reads, validates, splits and standardises the data set described by {@code spec}. */
    public static DataSet build(SparkSession spark, DataSpec spec) {
        Path src = Path.of(spec.path());
        String file = spec.path();
        Dataset<Row> df = read(spark, spec, src);
        List<String> columns = Arrays.asList(df.columns());
        if (!columns.contains(spec.label())) {
            throw new InvalidConfigException(DataSpec.LABEL.path(), "column '" + spec.label() + "' not found in "
                    + file, "columns: " + String.join(", ", columns));
        }
        DataType labelType = df.schema().apply(spec.label()).dataType();
        if (!(labelType instanceof NumericType || labelType instanceof StringType
                || labelType instanceof BooleanType)) {
            throw new InvalidConfigException(DataSpec.LABEL.path(), "column '" + spec.label() + "' of " + file
                    + " is not a scalar column (type " + labelType.simpleString() + ")",
                    "a numeric, text or boolean column");
        }
        List<String> features = featureColumns(df, spec, file);
        int p = features.size();
        if (p > MAX_FEATURES) {
            throw new InvalidConfigException(DataSpec.FEATURES.path(), file + " has " + p + " feature columns, "
                    + "above the limit of " + MAX_FEATURES, "at most " + MAX_FEATURES + " columns; list them in "
                    + "data.features");
        }
        boolean numericLabel = df.schema().apply(spec.label()).dataType() instanceof NumericType;

        List<Column> cols = new ArrayList<>();
        cols.add(df.col(spec.label()).cast(DataTypes.StringType));
        for (String f : features) {
            cols.add(df.col(f).cast(DataTypes.DoubleType));
        }
        Dataset<Row> sel = df.select(cols.toArray(new Column[0]));
        long seed = spec.splitSeed();
        double frac = spec.validationFraction();
        JavaRDD<Row> indexed = sel.javaRDD().zipWithIndex().map(t -> withSplit(t, seed, frac));
        List<StructField> fields = new ArrayList<>(Arrays.asList(sel.schema().fields()));
        fields.add(DataTypes.createStructField("__validation", DataTypes.BooleanType, false));
        Dataset<Row> rows = spark.createDataFrame(indexed, new StructType(fields.toArray(new StructField[0])))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return collect(spec, file, rows, features, numericLabel);
        } finally {
            rows.unpersist();
        }
    }

    private static Row withSplit(Tuple2<Row, Long> t, long seed, double frac) {
        Row r = t._1();
        Object[] v = new Object[r.length() + 1];
        for (int i = 0; i < r.length(); i++) {
            v[i] = r.get(i);
        }
        v[r.length()] = DataSplit.isValidation(seed, t._2(), frac);
        return RowFactory.create(v);
    }

    private static Dataset<Row> read(SparkSession spark, DataSpec spec, Path src) {
        String file = spec.path();
        if (!Files.exists(src)) {
            throw new InvalidConfigException(DataSpec.PATH.path(), "file not found: " + file,
                    DataSpec.PATH.allowed());
        }
        String format = spec.format();
        String lower = file.toLowerCase(Locale.ROOT);
        if (format.equals("auto")) {
            if (Files.isDirectory(src) || lower.endsWith(".parquet")) {
                format = "parquet";
            } else if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
                format = "csv";
            } else {
                throw new InvalidConfigException(DataSpec.FORMAT.path(), "cannot tell the format of " + file
                        + " from its name", "set data.format = parquet or csv");
            }
        }
        try {
            if (Files.isRegularFile(src) && Files.size(src) == 0) {
                throw new InvalidConfigException(DataSpec.PATH.path(), file + " is empty", "a file with a header "
                        + "and at least one row");
            }
        } catch (java.io.IOException e) {
            throw new InvalidConfigException(DataSpec.PATH.path(), "cannot read " + file + ": " + e.getMessage(),
                    DataSpec.PATH.allowed());
        }
        Dataset<Row> df;
        boolean empty;
        try {
            df = format.equals("parquet") ? spark.read().parquet(file)
                    : spark.read().option("header", "true").option("inferSchema", "true")
                            .option("maxColumns", MAX_CSV_COLUMNS).csv(file);
            empty = df.columns().length == 0 || df.isEmpty();
        } catch (Exception e) {
            throw new InvalidConfigException(DataSpec.PATH.path(), "cannot read " + file + " as " + format + ": "
                    + firstLine(rootMessage(e)), "a readable " + format + " file of at most " + MAX_CSV_COLUMNS
                    + " columns");
        }
        if (empty) {
            throw new InvalidConfigException(DataSpec.PATH.path(), file + " holds no rows", "a file with at least "
                    + "one data row");
        }
        return df;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static List<String> featureColumns(Dataset<Row> df, DataSpec spec, String file) {
        StructType schema = df.schema();
        List<String> columns = Arrays.asList(df.columns());
        List<String> out = new ArrayList<>();
        if (spec.features().isEmpty()) {
            for (StructField f : schema.fields()) {
                if (!f.name().equals(spec.label()) && f.dataType() instanceof NumericType) {
                    out.add(f.name());
                }
            }
            if (out.isEmpty()) {
                throw new InvalidConfigException(DataSpec.FEATURES.path(), "no numeric column other than the label "
                        + "in " + file, "columns: " + String.join(", ", columns));
            }
            return out;
        }
        for (String f : spec.features()) {
            if (!columns.contains(f)) {
                throw new InvalidConfigException(DataSpec.FEATURES.path(), "column '" + f + "' not found in " + file,
                        "columns: " + String.join(", ", columns));
            }
            if (!(schema.apply(f).dataType() instanceof NumericType)) {
                throw new InvalidConfigException(DataSpec.FEATURES.path(), "column '" + f + "' of " + file
                        + " is not numeric (type " + schema.apply(f).dataType().simpleString() + ")",
                        "numeric feature columns");
            }
            out.add(f);
        }
        return out;
    }

    private static DataSet collect(DataSpec spec, String file, Dataset<Row> rows, List<String> features,
            boolean numericLabel) {
        int p = features.size();
        String label = spec.label();
        Column isVal = functions.col("__validation");
        Column isTrain = functions.not(isVal);
        List<Column> aggs = new ArrayList<>();
        aggs.add(functions.sum(functions.when(isTrain, 1L).otherwise(0L)));
        aggs.add(functions.sum(functions.when(isVal, 1L).otherwise(0L)));
        aggs.add(functions.sum(functions.when(functions.col(label).isNull(), 1L).otherwise(0L)));
        for (int j = 0; j < p; j++) {
            Column c = functions.col(features.get(j));
            aggs.add(functions.sum(functions.when(c.isNull().or(functions.isnan(c)), 1L).otherwise(0L)));
            aggs.add(functions.sum(functions.when(functions.abs(c).equalTo(Double.POSITIVE_INFINITY), 1L)
                    .otherwise(0L)));
            aggs.add(functions.avg(functions.when(isTrain, c)));
            aggs.add(functions.stddev_samp(functions.when(isTrain, c)));
        }
        Row st = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        long nTrain = st.isNullAt(0) ? 0 : st.getLong(0);
        long nVal = st.isNullAt(1) ? 0 : st.getLong(1);
        if (st.getLong(2) > 0) {
            throw new InvalidConfigException(DataSpec.LABEL.path(), "column '" + label + "' of " + file + " has "
                    + st.getLong(2) + " missing values", "a label on every row");
        }
        double[] mean = new double[p];
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            long missing = st.getLong(3 + 4 * j);
            if (missing > 0) {
                throw new InvalidConfigException(DataSpec.FEATURES.path(), "column '" + features.get(j) + "' of "
                        + file + " has " + missing + " missing (null or NaN) values", "complete numeric columns");
            }
            long infinite = st.getLong(4 + 4 * j);
            if (infinite > 0) {
                throw new InvalidConfigException(DataSpec.FEATURES.path(), "column '" + features.get(j) + "' of "
                        + file + " has " + infinite + " infinite values", "finite numbers");
            }
            mean[j] = st.isNullAt(5 + 4 * j) ? 0.0 : st.getDouble(5 + 4 * j);
            double sd = st.isNullAt(6 + 4 * j) ? Double.NaN : st.getDouble(6 + 4 * j);
            scale[j] = sd > 0 && Double.isFinite(sd) ? sd : 1.0;
        }
        if (nTrain == 0 || nVal == 0) {
            throw new InvalidConfigException(DataSpec.VALIDATION_FRACTION.path(), "the split of " + (nTrain + nVal)
                    + " rows of " + file + " leaves " + nTrain + " training and " + nVal + " validation rows",
                    "a fraction that leaves rows on both sides");
        }
        List<String> classes = classes(rows, label, numericLabel);
        if (classes.size() < 2) {
            throw new InvalidConfigException(DataSpec.LABEL.path(), "column '" + label + "' of " + file
                    + " has only one class ('" + classes.get(0) + "')", "a label with at least 2 distinct values");
        }
        String names = label + "\n" + String.join("\t", features) + "\n" + String.join("\t", classes);
        long bytes = DataSet.fileBytes(nTrain, nVal, p, names.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length);
        if (bytes > DataSet.MAX_BYTES) {
            throw new InvalidConfigException(DataSpec.PATH.path(), "prepared data set of " + file + " would take "
                    + bytes + " bytes, above the limit of " + DataSet.MAX_BYTES + " bytes (2 GiB)", "fewer rows or "
                    + "features (data.features)");
        }
        Map<String, Integer> classIndex = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            classIndex.put(classes.get(k), k);
        }
        double[] tx = new double[(int) nTrain * p];
        int[] ty = new int[(int) nTrain];
        double[] vx = new double[(int) nVal * p];
        int[] vy = new int[(int) nVal];
        int it = 0;
        int iv = 0;
        Iterator<Row> rowIt = rows.toLocalIterator();
        while (rowIt.hasNext()) {
            Row r = rowIt.next();
            boolean val = r.getBoolean(p + 1);
            double[] x = val ? vx : tx;
            int base = (val ? iv : it) * p;
            for (int j = 0; j < p; j++) {
                x[base + j] = (r.getDouble(1 + j) - mean[j]) / scale[j];
            }
            int y = classIndex.get(r.getString(0));
            if (val) {
                vy[iv++] = y;
            } else {
                ty[it++] = y;
            }
        }
        return new DataSet(tx, ty, vx, vy, p, classes.size(), mean, scale, label, features, classes);
    }

    private static List<String> classes(Dataset<Row> rows, String label, boolean numeric) {
        List<String> out = new ArrayList<>();
        for (Row r : rows.select(label).distinct().collectAsList()) {
            out.add(r.getString(0));
        }
        out.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
        return out;
    }
}
