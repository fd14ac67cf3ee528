package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.snapshot.StoragePath;
import picocli.CommandLine.Parameters;

/**
 * Picocli mixin: the first positional parameter {@code DIR} of the commands that read a run or a whole sweep
 * ({@code query}, {@code report}), told apart by {@link dev.popdyn.jobs.query.RunViews#isSweep}. Not thread-safe.
 */
final class DirArgument {
    @Parameters(index = "0", paramLabel = "DIR", description = "run directory or sweep directory (a path or a URI "
            + "of any Hadoop file system)")
    String dir;

    /** The directory's location ({@link StoragePath#of}: a scheme without a file system is a user error). */
    StoragePath path() {
        return StoragePath.of("DIR", dir);
    }
}
