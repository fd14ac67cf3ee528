package dev.popdyn.core.data;

import java.nio.file.Path;

/**
 * Finds a data set file by name when the configured path does not exist in this JVM (e.g. on a cluster executor,
 * where the driver's path is meaningless). Implementations are registered as {@link java.util.ServiceLoader}
 * services ({@code META-INF/services/dev.popdyn.core.data.DataLocator}) and must be stateless and thread-safe.
 */
public interface DataLocator {
    /** The local copy of the file named {@code fileName}, or null if this locator has none. */
    Path locate(String fileName);
}
