package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.sweep.Sweep;
import dev.popdyn.jobs.sweep.SweepSpec;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn sweep SWEEP_CONF}: every point of a grid × seeds as a run directory under {@code DIR/runs/}, in one
 * Spark application; idempotent (finished runs skipped, partial ones resumed). Exit 0 when all runs are done, 3 when
 * some failed, 2 on bad input.
 */
@Command(name = "sweep", description = "Run grid x seeds of an experiment into DIR/runs/<key>/ (one Spark "
        + "application); finished runs are skipped, partial ones resumed. Exit 0 all done, 3 some runs failed, "
        + "2 bad input.")
final class SweepCommand implements Callable<Integer> {
    @ParentCommand
    PopdynCommand root;

    @Parameters(index = "0", paramLabel = "SWEEP_CONF", description = "sweep file (HOCON: base or base-file, grid, "
            + "zip, seeds)")
    Path conf;

    @Option(names = "--out", paramLabel = "DIR", description = "sweep directory (default: runs/<sweep file name>)")
    String out;

    @Option(names = "--parallel", paramLabel = "P", description = "runs executed concurrently, each in its own "
            + "FAIR scheduler pool (default ${DEFAULT-VALUE}); results do not depend on it")
    int parallel = 1;

    @Option(names = "--force", description = "move runs of a different config aside (to <run>.old-<timestamp>) "
            + "instead of refusing")
    boolean force;

    @Mixin
    SparkMaster master;

    @Option(names = "--fail-after-runs", hidden = true, paramLabel = "K", description = "test hook: after K runs "
            + "finished, stop the next one after one generation and abort as if killed")
    Integer failAfterRuns;

    @Option(names = "--fail-runs", hidden = true, paramLabel = "REGEX", description = "test hook: runs whose key "
            + "matches fail")
    String failRuns;

    @Override
    public Integer call() {
        OutPath.check(out);
        if (parallel < 1) {
            throw new UserError("--parallel: value " + parallel + " is out of range (an integer >= 1)");
        }
        Pattern fail = null;
        if (failRuns != null) {
            try {
                fail = Pattern.compile(failRuns);
            } catch (PatternSyntaxException e) {
                throw new UserError("--fail-runs: not a regular expression: " + e.getDescription());
            }
        }
        StoragePath dir = StoragePath.of("--out", out != null ? out : "runs/" + conf.getFileName().toString()
                .replaceAll("\\.conf$", ""));
        SweepSpec spec = SweepSpec.load(conf);
        List<Sweep.Planned> plan = Sweep.plan(spec, dir, this::session);
        SparkSession spark = session();
        if (parallel > 1 && !"FAIR".equalsIgnoreCase(spark.sparkContext().getConf().get("spark.scheduler.mode",
                "FIFO"))) {
            root.out().println("note: spark.scheduler.mode is not FAIR in this Spark application; runs execute "
                    + "concurrently but their jobs queue FIFO");
        }
        Sweep.Options opt = new Sweep.Options(parallel, force, failAfterRuns == null ? -1 : failAfterRuns, fail);
        return new Sweep(spark, root.out(), root.err()).run(spec, plan, dir, opt);
    }

    private SparkSession session() {
        return master.session(Map.of("spark.scheduler.mode", "FAIR"));
    }
}
