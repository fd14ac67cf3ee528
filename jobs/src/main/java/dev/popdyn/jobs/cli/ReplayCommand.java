package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.replay.ScheduleReplay;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.RunManifest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn replay RUN [--agent ID]}: re-runs one agent's hyperparameter schedule (from its ancestry) as a single
 * trajectory and prints the replayed fitness per generation next to the recorded one ({@link ScheduleReplay}); it
 * writes {@code RUN/replay-ID/} holding the run's writer lock ({@link RunLock}).
 */
@Command(name = "replay", description = "Re-run one agent's hyperparameter schedule (its ancestors' lambda, "
        + "generation by generation) as a single trajectory; prints replayed vs recorded fitness and writes "
        + "RUN_DIR/replay-<ID>/schedule.{json,parquet}.")
final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    PopdynCommand root;

    @Mixin
    RunDirArgument run;

    @Option(names = "--agent", paramLabel = "ID", description = "agent id at the last committed generation "
            + "(default: the best agent there)")
    Long agent;

    @Mixin
    SparkMaster master;

    @Override
    public Integer call() {
        var params = RunManifest.read(run.open()).params();
        ScheduleReplay.Result r;
        try (RunLock lock = RunLock.acquire(run.path(), "replay", root.err())) {
            r = ScheduleReplay.run(master.session(), run.path(), agent);
        }
        ScheduleReplay.print(r, params.hyper(), root.out());
        return 0;
    }
}
