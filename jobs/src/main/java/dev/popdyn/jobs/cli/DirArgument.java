package dev.popdyn.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * Picocli mixin: the first positional parameter {@code DIR} of the commands that read a run or a whole sweep
 * ({@code query}, {@code report}), told apart by {@link dev.popdyn.jobs.query.RunViews#isSweep}. Not thread-safe.
 */
final class DirArgument {
    @Parameters(index = "0", paramLabel = "DIR", description = "run directory or sweep directory")
    Path dir;
}
