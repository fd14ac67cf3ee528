package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.SparkSessions;
import dev.popdyn.jobs.replay.ScheduleReplay;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn replay RUN [--agent ID]}: re-runs one agent's hyperparameter schedule (from its ancestry) as a single
 * trajectory and prints the replayed fitness per generation next to the recorded one ({@link ScheduleReplay}).
 */
@Command(name = "replay", description = "Re-run one agent's hyperparameter schedule (its ancestors' lambda, "
        + "generation by generation) as a single trajectory; prints replayed vs recorded fitness and writes "
        + "RUN_DIR/replay-<ID>/schedule.{json,parquet}.")
final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory")
    String dir;

    @Option(names = "--agent", paramLabel = "ID", description = "agent id at the last committed generation "
            + "(default: the best agent there)")
    Long agent;

    @Option(names = "--master", paramLabel = "M", description = "Spark master")
    String master;

    @Override
    public Integer call() {
        StoragePath run = Common.dir("RUN_DIR", dir);
        if (!RunDirectory.isRun(run)) {
            throw new dev.popdyn.jobs.UserError(run + ": not a run directory (no " + RunDirectory.RUN_JSON + ")");
        }
        var params = RunManifest.read(new RunDirectory(run)).params();
        SparkSession spark = SparkSessions.create(master, false);
        ScheduleReplay.Result r = ScheduleReplay.run(spark, run, agent);
        ScheduleReplay.print(r, params.hyper(), main.out());
        return 0;
    }
}
