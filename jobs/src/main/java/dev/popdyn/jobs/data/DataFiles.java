package dev.popdyn.jobs.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

/**
 * Ships a prepared data set file to a cluster and finds it again on executors: the driver calls {@link #ship}
 * ({@code SparkContext.addFile}); each executor fetches the file into its {@link SparkFiles} directory before it
 * runs a task, where {@link #local} (and the {@link SparkFilesLocator} service that
 * {@link dev.popdyn.core.data.DataSet#open} consults) finds it by file name. In local mode the driver's path is
 * valid everywhere and shipping is harmless. Stateless and thread-safe.
 */
public final class DataFiles {
    private DataFiles() {
    }

    /** Registers {@code file} with {@code SparkContext.addFile} so every executor receives a copy. */
    public static void ship(SparkSession spark, Path file) {
        spark.sparkContext().addFile(file.toAbsolutePath().toString());
    }

    /** This JVM's copy of a shipped file named {@code fileName}, or null if there is none. */
    public static Path local(String fileName) {
        Path p = Path.of(SparkFiles.get(fileName));
        return Files.isRegularFile(p) ? p : null;
    }
}
