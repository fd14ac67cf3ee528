package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.timescales.RiskCurves;
import dev.popdyn.jobs.ExperimentLoader;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.study.EstimatorsReport;
import dev.popdyn.jobs.study.EstimatorsStudy;
import dev.popdyn.jobs.study.LimitStudy;
import dev.popdyn.jobs.study.TimescalesStudy;
import com.typesafe.config.Config;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn study ...}: studies built from several runs. {@code study limit} measures N-convergence of the
 * particle law of λ to the mean-field reference ({@link LimitStudy}); {@code study timescales} measures the learning
 * time-scales of the two-layer model against ε (Berthier, Montanari, Zhou 2023) with {@link TimescalesStudy};
 * {@code study estimators} compares fitness estimators over seeds ({@link EstimatorsStudy}).
 * Picocli command objects; not thread-safe.
 */
@Command(name = "study", description = "Studies over several runs.",
        subcommands = {StudyCommand.Limit.class, StudyCommand.Timescales.class, StudyCommand.EstimatorsCmd.class,
            CommandLine.HelpCommand.class})
final class StudyCommand implements Runnable {
    @ParentCommand
    PopdynCommand root;

    @Override
    public void run() {
        new CommandLine(this).usage(root.out());
    }

    /** {@code popdyn study timescales CONF [--eps LIST] [--out DIR]}; CONF is a two-layer experiment. */
    @Command(name = "timescales", description = "Two-layer drop times t_l and plateaus vs eps (no selection, fixed "
            + "eps per run) of a two-layer experiment CONF; writes OUT/runs/eps=*/ and the OUT/timescales/ table.")
    static final class Timescales implements Callable<Integer> {
        @ParentCommand
        StudyCommand study;

        @Mixin
        ConfigArgument config;

        @Option(names = "--eps", split = ",", paramLabel = "LIST", description = "grid of eps (default: "
                + "1,0.3,0.1,0.03)")
        List<Double> eps = new ArrayList<>(List.of(1.0, 0.3, 0.1, 0.03));

        @Option(names = "--out", paramLabel = "DIR", description = "study directory (default: <execution.out>/"
                + "<config name>-timescales-<timestamp>)")
        String out;

        @Option(names = "--band", paramLabel = "DELTA", description = "plateau rule: relative band (default "
                + RiskCurves.DEFAULT_BAND + ")")
        double band = RiskCurves.DEFAULT_BAND;

        @Option(names = "--span", paramLabel = "F", description = "plateau rule: minimal time factor (default "
                + RiskCurves.DEFAULT_SPAN + ")")
        double span = RiskCurves.DEFAULT_SPAN;

        @Mixin
        SparkMaster master;

        @Override
        public Integer call() {
            Config c = config.config();
            ExecutionParams exec = ExecutionParams.fromConfig(c);
            for (double e : eps) {
                TimescalesStudy.paramsFor(c, e);
            }
            StoragePath dir = OutPath.dir(out, exec, config.name() + "-timescales-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            try (RunLock lock = RunLock.acquire(dir, "study timescales", study.root.err())) {
                new TimescalesStudy(master.session(), study.root.out(), band, span).run(c, exec, eps, dir);
            }
            return 0;
        }
    }

    /**
     * {@code popdyn study estimators [CONF…] [--estimators LIST] [--seeds LIST] [--delta D] [--out DIR]}: each
     * config (default: the quadratic and himmelblau examples) run per estimator × seed on the core engine.
     */
    @Command(name = "estimators", description = "Compare fitness estimators over seeds: per estimator and "
            + "generation, mean +- SE of |mean lambda - lambda*|, of W1 to the mean-field reference (where one "
            + "exists) and of the best effective fitness; writes "
            + "OUT/<conf>/estimators/, OUT/<conf>/per-seed/, OUT/<conf>/estimators.png and OUT/report.html.")
    static final class EstimatorsCmd implements Callable<Integer> {
        @ParentCommand
        StudyCommand study;

        @Parameters(arity = "0..*", paramLabel = "CONF", description = "experiment configs (default: "
                + "conf/examples/quadratic.conf conf/examples/himmelblau.conf)")
        List<Path> files = new ArrayList<>();

        @Mixin
        ConfigOverrides overrides;

        @Option(names = "--estimators", split = ",", paramLabel = "LIST", description = "instant, window:m, "
                + "kernel:h, effective (default: instant,window:5,kernel:0.1,effective)")
        List<String> estimators = new ArrayList<>(EstimatorsStudy.ESTIMATORS);

        @Option(names = "--seeds", split = ",", paramLabel = "LIST", description = "seeds, at least 2 (default: "
                + "1,2,3,4,5)")
        List<Long> seeds = new ArrayList<>(List.of(1L, 2L, 3L, 4L, 5L));

        @Option(names = "--delta", paramLabel = "D", description = "tolerance on |mean lambda - lambda*| for the "
                + "generations-to-within-delta (default " + EstimatorsStudy.DELTA + ")")
        double delta = EstimatorsStudy.DELTA;

        @Option(names = "--out", paramLabel = "DIR", description = "study directory (default: <execution.out>/"
                + "estimators-<timestamp>)")
        String out;

        @Mixin
        SparkMaster master;

        @Override
        public Integer call() {
            if (!(delta > 0)) {
                throw new UserError("--delta: value " + delta + " is out of range (> 0)");
            }
            EstimatorsStudy.checkSeeds(seeds);
            List<EstimatorsStudy.Spec> specs = estimators.stream().map(EstimatorsStudy.Spec::parse).toList();
            List<Path> confs = files.isEmpty() ? List.of(Path.of("conf/examples/quadratic.conf"),
                    Path.of("conf/examples/himmelblau.conf")) : files;
            List<Config> configs = new ArrayList<>();
            for (Path f : confs) {
                configs.add(ConfigLoader.load(f, overrides.sets));
            }
            ExecutionParams exec = ExecutionParams.fromConfig(configs.get(0));
            StoragePath dir = OutPath.dir(out, exec, "estimators-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            try (RunLock lock = RunLock.acquire(dir, "study estimators", study.root.err())) {
                EstimatorsStudy s = new EstimatorsStudy(exec.threads());
                List<EstimatorsStudy.Result> results = new ArrayList<>();
                for (int i = 0; i < confs.size(); i++) {
                    String name = confs.get(i).getFileName().toString().replaceAll("\\.conf$", "");
                    results.add(s.run(name, configs.get(i), specs, seeds, delta));
                }
                for (EstimatorsStudy.Result r : results) {
                    EstimatorsReport.write(master.session(), r, dir);
                    EstimatorsReport.print(r, study.root.out(), 5);
                }
                study.root.out().println("report: " + EstimatorsReport.page(results, seeds, dir));
            }
            return 0;
        }
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

        @Mixin
        ConfigArgument config;

        @Option(names = "--sizes", split = ",", paramLabel = "N", description = "population sizes (default: "
                + "study.sizes, else 100,1000,10000,100000,1000000)")
        List<Long> sizes;

        @Option(names = "--seeds", paramLabel = "R", description = "replicates per size, seeds base..base+R-1 "
                + "(default: study.seeds, else 5)")
        Integer seeds;

        @Option(names = "--out", paramLabel = "DIR", description = "study directory (default: "
                + "<execution.out>/limit-<config name>)")
        String out;

        @Mixin
        SparkMaster master;

        @Mixin
        PartitionsOption partitions;

        @Override
        public Integer call() {
            ExperimentLoader.Loaded l = config.load(master::session);
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
            var exec = partitions.apply(l.exec());
            StoragePath dir = OutPath.dir(out, exec, "limit-" + config.name());
            try (RunLock lock = RunLock.acquire(dir, "study limit", study.root.err())) {
                new LimitStudy(master.session(), study.root.out()).run(l.params(), exec, n, r, dir);
            }
            return 0;
        }
    }
}
