package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** Picocli mixin: the run directory {@code RUN_DIR} (first positional parameter). Not thread-safe. */
final class RunDirArgument {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory")
    Path dir;

    /** The run directory; a folder without {@value RunDirectory#RUN_JSON} is a {@link UserError}. */
    RunDirectory open() {
        if (!RunDirectory.isRun(dir)) {
            throw new UserError(dir + ": not a run directory (no " + RunDirectory.RUN_JSON + ")");
        }
        return new RunDirectory(dir);
    }
}
