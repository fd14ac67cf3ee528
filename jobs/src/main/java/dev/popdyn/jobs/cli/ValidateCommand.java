package dev.popdyn.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code popdyn validate CONF}: checks a config and prints its resolved values; writes nothing. */
@Command(name = "validate", description = "Check a config and print the resolved values; writes nothing.")
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONF", description = "experiment config (HOCON)")
    Path conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key (repeatable)")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() {
        Common.Loaded l = Common.load(conf, sets, () -> dev.popdyn.jobs.SparkSessions.create(null, false), false);
        main.out().print(l.params().canonicalText());
        main.out().println("ok: " + conf + " (config_sha256 " + l.params().sha256() + ")");
        return 0;
    }
}
