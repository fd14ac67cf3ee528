package dev.popdyn.jobs.data;

import dev.popdyn.core.data.DataLocator;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;

/**
 * Finds data set files shipped with {@code SparkContext.addFile} ({@link DataFiles#ship}) in this JVM's
 * {@link org.apache.spark.SparkFiles} directory; registered as a {@link DataLocator} service, so
 * {@link dev.popdyn.core.data.DataSet#open} on an executor falls back to it when the driver's path does not exist
 * there. Returns null outside a Spark JVM. Stateless and thread-safe.
 */
public final class SparkFilesLocator implements DataLocator {
    @Override
    public Path locate(String fileName) {
        return SparkEnv.get() == null ? null : DataFiles.local(fileName);
    }
}
