package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.ExperimentLoader;
import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.RunManifest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code popdyn resume RUN}: continues after the last committed generation; refuses a changed config. */
@Command(name = "resume", description = "Continue a run after its last committed generation.")
final class ResumeCommand implements Callable<Integer> {
    @ParentCommand
    PopdynCommand root;

    @Mixin
    RunDirArgument run;

    @Option(names = "--config", paramLabel = "CONF", description = "the config you expect the run to have, with "
            + "the --set overrides applied; refused (naming the differing keys) if it differs from the stored one")
    Path conf;

    @Mixin
    ConfigOverrides overrides;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        int stop = options.stop();
        RunDirectory rd = run.open();
        ExperimentParams requested = null;
        int last = rd.lastCommitted();
        if (options.until != null && options.until <= last) {
            throw new dev.popdyn.jobs.UserError("--until: value " + options.until + " is not after generation "
                    + last + ", the last one " + run.path() + " committed (an integer > " + last + ")");
        }
        ExecutionParams exec = RunManifest.read(rd).execution().toParams();
        if (conf != null) {
            ExperimentLoader.Loaded l = ExperimentLoader.load(conf, overrides.sets, options.master::session);
            requested = l.params();
            exec = l.exec();
        }
        try (RunLock lock = RunLock.acquire(run.path(), "resume", root.err())) {
            new Runner(options.master.lazy(), root.out()).resume(run.path(), requested, options.apply(exec), stop);
        }
        return 0;
    }
}
