package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.SparkSessions;
import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code popdyn resume RUN}: continues after the last committed generation; refuses a changed config. */
@Command(name = "resume", description = "Continue a run after its last committed generation.")
final class ResumeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory")
    String dir;

    @Option(names = "--config", paramLabel = "CONF", description = "the config you expect the run to have; "
            + "refused (naming the differing keys) if it differs from the stored one")
    Path conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "overrides applied to --config")
    List<String> sets = new ArrayList<>();

    @Option(names = "--master", paramLabel = "M", description = "Spark master")
    String master;

    @Option(names = "--partitions", paramLabel = "P", description = "Spark partitions (results do not depend on it)")
    Integer partitions;

    @Option(names = "--until", paramLabel = "G", description = "stop after committing generation G (continue "
            + "later with resume)")
    Integer until;

    @Override
    public Integer call() {
        int stop = Common.until(until);
        Common.checkPartitions(partitions);
        ExperimentParams requested = null;
        StoragePath run = Common.dir("RUN_DIR", dir);
        if (!RunDirectory.isRun(run)) {
            throw new dev.popdyn.jobs.UserError(run + ": not a run directory (no run.json)");
        }
        ExecutionParams exec = RunManifest.read(new RunDirectory(run)).execution().toParams();
        if (conf != null) {
            Common.Loaded l = Common.load(conf, sets, () -> SparkSessions.create(master, false));
            requested = l.params();
            exec = l.exec();
        }
        if (partitions != null) {
            exec = exec.withPartitions(partitions);
        }
        var spark = SparkSessions.create(master, false);
        new Runner(spark, main.out()).resume(run, requested, exec, stop);
        return 0;
    }
}
