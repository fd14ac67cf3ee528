package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.ExperimentLoader;
import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code popdyn run CONF}: validates, then runs an experiment into a new run directory with progress lines. */
@Command(name = "run", description = "Run an experiment into a new run directory; prints one line per generation.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    PopdynCommand root;

    @Mixin
    ConfigArgument config;

    @Option(names = "--out", paramLabel = "DIR", description = "run directory to create, a path or a URI such as hdfs://host:port/dir (default: "
            + "<execution.out>/<config name>-<timestamp>)")
    String out;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        int stop = options.stop();
        OutPath.check(out);
        ExperimentLoader.Loaded l = config.load(options.master::session);
        var exec = options.apply(l.exec());
        StoragePath dir = OutPath.dir(out, exec, config.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Runner.checkNewRunTarget(dir, l.params());
        Runner runner = new Runner(options.master.lazy(), root.out());
        RunLock.newRun(dir, root.err(), () -> runner.run(l.params(), exec, dir, stop));
        return 0;
    }
}
