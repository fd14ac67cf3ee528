package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.jobs.UserError;
import picocli.CommandLine.Option;

/** Picocli mixin: {@code --partitions}, overriding {@code execution.partitions}. Not thread-safe. */
final class PartitionsOption {
    @Option(names = "--partitions", paramLabel = "P", description = "Spark partitions (overrides "
            + "execution.partitions; results do not depend on it)")
    Integer partitions;

    /** Rejects a value below 1 (omit the option for the default). */
    void check() {
        if (partitions != null && partitions < 1) {
            throw new UserError("--partitions: value " + partitions + " is out of range (an integer >= 1; omit it "
                    + "for the default)");
        }
    }

    /** {@code exec} with the partitions of the option, if given. */
    ExecutionParams apply(ExecutionParams exec) {
        check();
        return partitions != null ? exec.withPartitions(partitions) : exec;
    }
}
