package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.jobs.UserError;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Picocli mixin of the commands that execute a run ({@code run}, {@code resume}): {@code --master},
 * {@code --partitions} and {@code --until}. {@link #check} rejects bad values before anything is loaded. Not
 * thread-safe.
 */
final class RunOptions {
    @Mixin
    SparkMaster master;

    @Mixin
    PartitionsOption partitions;

    @Option(names = "--until", paramLabel = "G", description = "stop after committing generation G (continue "
            + "later with resume; default: run to the end)")
    Integer until;

    /** Rejects {@code --until} and {@code --partitions} below 1. */
    void check() {
        if (until != null && until < 1) {
            throw new UserError("--until: value " + until + " is out of range (an integer >= 1)");
        }
        partitions.check();
    }

    /** The generation to stop after ({@link Integer#MAX_VALUE} = run to the end). */
    int stop() {
        check();
        return until == null ? Integer.MAX_VALUE : until;
    }

    /** {@code exec} with the partitions of {@code --partitions}, if given. */
    ExecutionParams apply(ExecutionParams exec) {
        return partitions.apply(exec);
    }
}
