package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.RunPruner;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn prune RUN [--keep-theta P] [--not-running]}: removes θ snapshots the policy does not keep and
 * superseded state checkpoints ({@link RunPruner}), updates the markers so that {@code verify} still passes, and
 * prints what it freed. A run that is not complete could be written by a live {@code run} or {@code resume}: it is
 * refused unless {@code --not-running} says no such process exists. Picocli command object; not thread-safe.
 */
@Command(name = "prune", description = "Free disk space of a run: remove θ snapshots the policy does not keep and "
        + "superseded state checkpoints (never the newest); the markers are updated, verify still passes.")
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    PopdynCommand root;

    @Mixin
    RunDirArgument run;

    @Option(names = "--keep-theta", paramLabel = "P", defaultValue = "all", description = "generations whose θ "
            + "snapshot stays in agents/: all (default), last, none, or every-K (divisible by K, and the last)")
    String keepTheta;

    @Option(names = "--not-running", description = "prune a run that is not complete: you assert that no run or "
            + "resume is writing it")
    boolean notRunning;

    @Mixin
    SparkMaster master;

    @Override
    public Integer call() {
        RunPruner.ThetaPolicy policy = RunPruner.ThetaPolicy.parse("--keep-theta", keepTheta);
        RunDirectory rd = run.open();
        int total = RunManifest.read(rd).generations();
        int last = rd.lastCommitted();
        if (last == 0) {
            throw new UserError(run.path() + ": run has no committed generation yet (nothing to prune)");
        }
        if (last < total && !notRunning) {
            throw new UserError(run.path() + ": run is not complete (" + last + "/" + total + " generations) and "
                    + "may be written by a live run or resume (pass --not-running if none is)");
        }
        RunPruner.Freed f;
        try (RunLock lock = RunLock.acquire(run.path(), "prune", root.err())) {
            f = new RunPruner(master.session(), rd).prune(policy);
        }
        root.out().println("θ removed from " + f.thetaGenerations().size() + " generations" + list(
                f.thetaGenerations()) + ": " + mib(f.thetaBytes()));
        root.out().println("superseded state checkpoints dropped: " + f.checkpoints().size() + list(f.checkpoints())
                + ": " + mib(f.checkpointBytes()));
        root.out().println("freed " + f.bytes() + " bytes (" + mib(f.bytes()) + ") in " + run.path());
        if (!policy.keeps(last, last)) {
            root.out().println("note: the last generation has no θ now; 'popdyn export' needs it");
        }
        return 0;
    }

    private static String list(List<Integer> gens) {
        return gens.isEmpty() ? "" : " (" + String.join(", ", gens.stream().map(String::valueOf).toList()) + ")";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
    }
}
