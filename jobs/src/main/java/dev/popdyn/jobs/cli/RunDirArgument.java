package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.StoragePath;
import picocli.CommandLine.Parameters;

/** Picocli mixin: the run directory {@code RUN_DIR} (first positional parameter). Not thread-safe. */
final class RunDirArgument {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory (a path or a URI of any Hadoop "
            + "file system)")
    String dir;

    /** The run directory's location ({@link StoragePath#of}: a scheme without a file system is a user error). */
    StoragePath path() {
        return StoragePath.of("RUN_DIR", dir);
    }

    /** The run directory; a folder without {@value RunDirectory#RUN_JSON} is a {@link UserError}. */
    RunDirectory open() {
        StoragePath p = path();
        if (!RunDirectory.isRun(p)) {
            throw new UserError(p + ": not a run directory (no " + RunDirectory.RUN_JSON + ")");
        }
        return new RunDirectory(p);
    }
}
