package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.SparkSessions;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.study.LimitStudy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code popdyn study …}: multi-run studies; {@code study limit CONF} is N-convergence to the mean-field limit. */
@Command(name = "study", description = "Multi-run studies (limit: W1 to the mean-field reference vs N).",
        subcommands = {StudyCommand.Limit.class})
final class StudyCommand implements Runnable {
    @ParentCommand
    Main main;

    @Override
    public void run() {
        new CommandLine(this).usage(main.out());
    }

    /**
     * {@code popdyn study limit CONF [--sizes …] [--seeds R] [--out DIR]}; sizes and seeds default to the config's
     * {@code study { sizes = […], seeds = R }} section, else 100 … 10⁶ and 5.
     */
    @Command(name = "limit", description = "Run CONF for each N x seed, write DIR/limit (N, seed, generation, w1, "
            + "hyper means/variances), print mean W1 per N and the slope of log W1 vs log N.")
    static final class Limit implements Callable<Integer> {
        @ParentCommand
        StudyCommand study;

        @Parameters(index = "0", paramLabel = "CONF", description = "experiment config (HOCON)")
        Path conf;

        @Option(names = "--sizes", split = ",", paramLabel = "N", description = "population sizes (default: "
                + "study.sizes, else 100,1000,10000,100000,1000000)")
        List<Long> sizes;

        @Option(names = "--seeds", paramLabel = "R", description = "replicates per size, seeds base..base+R-1 "
                + "(default: study.seeds, else 5)")
        Integer seeds;

        @Option(names = "--out", paramLabel = "DIR", description = "study directory (default: "
                + "<execution.out>/limit-<config name>)")
        Path out;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key (repeatable)")
        List<String> sets = new ArrayList<>();

        @Option(names = "--master", paramLabel = "M", description = "Spark master")
        String master;

        @Option(names = "--partitions", paramLabel = "P", description = "Spark partitions (results do not depend "
                + "on it)")
        Integer partitions;

        @Override
        public Integer call() {
            Common.Loaded l = Common.load(conf, sets, () -> SparkSessions.create(master, false));
            var c = l.params().config();
            List<Long> n = sizes != null ? sizes : c.hasPath("study.sizes") ? c.getLongList("study.sizes")
                    : LimitStudy.SIZES;
            int r = seeds != null ? seeds : c.hasPath("study.seeds") ? c.getInt("study.seeds") : LimitStudy.SEEDS;
            if (n.isEmpty() || n.stream().anyMatch(x -> x < 2 || x >= Integer.MAX_VALUE)) {
                throw new UserError("--sizes: values " + n + " are out of range (integers in [2, 2^31 - 2])");
            }
            if (r < 1) {
                throw new UserError("--seeds: value " + r + " is out of range (an integer >= 1)");
            }
            var exec = partitions != null ? l.exec().withPartitions(partitions) : l.exec();
            Path dir = out != null ? out : Path.of(exec.out(), "limit-" + conf.getFileName().toString()
                    .replaceAll("\\.conf$", ""));
            new LimitStudy(SparkSessions.create(master, false), study.main.out()).run(l.params(), exec, n, r, dir);
            return 0;
        }
    }
}
