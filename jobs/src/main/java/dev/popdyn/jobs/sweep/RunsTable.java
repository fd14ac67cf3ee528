package dev.popdyn.jobs.sweep;

import com.typesafe.config.ConfigValue;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The table {@code DIR/runs.parquet} of a sweep: one row per point, in sweep order.
 *
 * <pre>
 * run                    string   the point's key (k1=v1,...,seed=S), also the run's folder name before sanitising
 * dir                    string   the run's folder under DIR/runs/
 * &lt;grid key&gt;             double (all values numeric) or string; '.' and '-' in the key become '_'
 *                                 (selection.fraction → selection_fraction)
 * seed                   long
 * status                 string   done | failed | pending
 * final_fitness          double   fitness_max of the last committed generation (null before the first)
 * final_fitness_mean     double   fitness_mean of the last committed generation
 * best_fitness           double   max over committed generations of fitness_max
 * generations_committed  int
 * generations            int      generations the run is configured for
 * wall_seconds           double   time this sweep invocation spent on the run (null when skipped or pending)
 * error                  string   the failure's message (null unless failed)
 * config_sha256          string
 * </pre>
 * Rewritten ({@link SingleParquetFile}, atomically where the file system renames atomically) after each run. Thread-safe: updates and writes are synchronised.
 */
public final class RunsTable {
    /** File name inside the sweep directory. */
    public static final String FILE = "runs.parquet";
    /** The columns every runs table has (the grid columns come between {@code dir} and {@code seed}). */
    public static final List<String> FIXED = List.of("run", "dir", "seed", "status", "final_fitness",
            "final_fitness_mean", "best_fitness", "generations_committed", "generations", "wall_seconds", "error",
            "config_sha256");

    /** One run's outcome so far. */
    public record Entry(String status, Double finalFitness, Double finalMean, Double bestFitness, int committed,
            Double wallSeconds, String error) {
    }

    private final List<Sweep.Planned> plan;
    private final Map<String, String> columns = new LinkedHashMap<>();
    private final Map<String, Boolean> numeric = new LinkedHashMap<>();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final StructType schema;

    RunsTable(List<Sweep.Planned> plan, List<String> keys) {
        this.plan = plan;
        Set<String> used = new HashSet<>(FIXED);
        for (String k : keys) {
            String col = column(k);
            if (!used.add(col)) {
                throw new UserError("grid." + k + ": its column name '" + col + "' in " + FILE + " clashes with "
                        + "another column (rename the key)");
            }
            columns.put(k, col);
            boolean allNumbers = true;
            for (Sweep.Planned p : plan) {
                allNumbers &= p.point().values().get(k).unwrapped() instanceof Number;
            }
            numeric.put(k, allNumbers);
        }
        StructType t = new StructType().add("run", DataTypes.StringType, false).add("dir", DataTypes.StringType,
                false);
        for (String k : keys) {
            t = t.add(columns.get(k), numeric.get(k) ? DataTypes.DoubleType : DataTypes.StringType, false);
        }
        DataType d = DataTypes.DoubleType;
        this.schema = t.add("seed", DataTypes.LongType, false).add("status", DataTypes.StringType, false)
                .add("final_fitness", d, true).add("final_fitness_mean", d, true).add("best_fitness", d, true)
                .add("generations_committed", DataTypes.IntegerType, false)
                .add("generations", DataTypes.IntegerType, false).add("wall_seconds", d, true)
                .add("error", DataTypes.StringType, true).add("config_sha256", DataTypes.StringType, false);
        for (Sweep.Planned p : plan) {
            entries.put(p.point().key(), new Entry("pending", null, null, null, 0, null, null));
        }
    }

    /** The column of grid key {@code key}: '.' and '-' become '_'. */
    public static String column(String key) {
        return key.replace('.', '_').replace('-', '_');
    }

    /** Records the outcome of the run with key {@code key}. */
    public synchronized void put(String key, Entry e) {
        entries.put(key, e);
    }

    /** The current entry of a run. */
    public synchronized Entry get(String key) {
        return entries.get(key);
    }

    /** Rewrites {@code file} atomically from the current entries. */
    public synchronized void write(SparkSession spark, StoragePath file) {
        List<Row> rows = new ArrayList<>();
        for (Sweep.Planned p : plan) {
            Entry e = entries.get(p.point().key());
            List<Object> v = new ArrayList<>();
            v.add(p.point().key());
            v.add(p.point().dirName());
            for (Map.Entry<String, String> c : columns.entrySet()) {
                ConfigValue cv = p.point().values().get(c.getKey());
                v.add(numeric.get(c.getKey()) ? (Object) ((Number) cv.unwrapped()).doubleValue()
                        : SweepPoint.text(cv));
            }
            v.add(p.point().seed());
            v.add(e.status());
            v.add(e.finalFitness());
            v.add(e.finalMean());
            v.add(e.bestFitness());
            v.add(e.committed());
            v.add(p.params().generations());
            v.add(e.wallSeconds());
            v.add(e.error());
            v.add(p.params().sha256());
            rows.add(RowFactory.create(v.toArray()));
        }
        SingleParquetFile.write(spark, rows, schema, file);
    }
}
