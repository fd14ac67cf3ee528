package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.ExperimentLoader;
import dev.popdyn.jobs.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code popdyn validate CONF}: checks a config and prints its resolved values; writes nothing. */
@Command(name = "validate", description = "Check a config and print the resolved values; writes nothing.")
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    PopdynCommand root;

    @Mixin
    ConfigArgument config;

    @Override
    public Integer call() {
        ExperimentLoader.Loaded l = config.load(() -> SparkSessions.create(null, false), false);
        root.out().print(l.params().canonicalText());
        root.out().println("ok: " + config.file + " (config_sha256 " + l.params().sha256() + ")");
        return 0;
    }
}
