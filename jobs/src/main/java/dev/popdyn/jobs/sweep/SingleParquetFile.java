package dev.popdyn.jobs.sweep;

import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a small driver-side table (rows a sweep or a replay holds anyway: one per run or per generation) as one
 * Parquet file that replaces its target: Spark writes a single part into a hidden sibling folder, the part is moved
 * over the target ({@link StoragePath#replace}: atomic where the file system renames atomically, so readers see the
 * old file or the new one, never a partial one), the folder is deleted. Stateless; concurrent writers of the same
 * target must synchronise (the last rename wins).
 */
public final class SingleParquetFile {
    private SingleParquetFile() {
    }

    /** Writes {@code rows} with {@code schema} to {@code target} (a file), replacing it. */
    public static void write(SparkSession spark, List<Row> rows, StructType schema, StoragePath target) {
        StoragePath tmp = target.resolveSibling("." + target.name() + ".tmp-" + UUID.randomUUID());
        try {
            spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(tmp.uri());
            StoragePath part = tmp.children().stream().filter(p -> p.name().endsWith(".parquet")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Spark wrote no Parquet part into " + tmp));
            part.replace(target);
        } finally {
            tmp.delete();
        }
    }
}
