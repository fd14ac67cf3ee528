package dev.popdyn.jobs.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a small driver-side table (rows a sweep or a replay holds anyway: one per run or per generation) as one
 * Parquet file that replaces its target atomically: Spark writes a single part into a hidden sibling folder, the
 * part is renamed over the target, the folder is deleted. Readers see the old file or the new one, never a partial
 * one. Stateless; concurrent writers of the same target must synchronise (the last rename wins).
 */
public final class SingleParquetFile {
    private SingleParquetFile() {
    }

    /** Writes {@code rows} with {@code schema} to {@code target} (a file), replacing it atomically. */
    public static void write(SparkSession spark, List<Row> rows, StructType schema, Path target) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
                    .parquet(tmp.toUri().toString());
            Path part;
            try (Stream<Path> s = Files.list(tmp)) {
                part = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("Spark wrote no Parquet part into " + tmp));
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
