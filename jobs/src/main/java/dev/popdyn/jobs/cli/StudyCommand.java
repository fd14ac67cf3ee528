package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.timescales.RiskCurves;
import dev.popdyn.jobs.SparkSessions;
import dev.popdyn.jobs.study.TimescalesStudy;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn study ...}: studies built from several runs. {@code study timescales} measures the learning
 * time-scales of the two-layer model against ε (Berthier, Montanari, Zhou 2023) with {@link TimescalesStudy}.
 * Picocli command objects; not thread-safe.
 */
@Command(name = "study", description = "Studies over several runs.",
        subcommands = {StudyCommand.Timescales.class, CommandLine.HelpCommand.class})
final class StudyCommand implements Runnable {
    @ParentCommand
    Main main;

    @Override
    public void run() {
        new CommandLine(this).usage(main.out());
    }

    /** {@code popdyn study timescales CONF [--eps LIST] [--out DIR]}. */
    @Command(name = "timescales", description = "Two-layer drop times t_l and plateaus vs eps (no selection, fixed "
            + "eps per run); writes OUT/runs/eps=*/ and the OUT/timescales/ table.")
    static final class Timescales implements Callable<Integer> {
        @ParentCommand
        StudyCommand study;

        @Parameters(index = "0", paramLabel = "CONF", description = "two-layer experiment config (HOCON)")
        Path conf;

        @Option(names = "--eps", split = ",", paramLabel = "LIST", description = "grid of eps (default: "
                + "1,0.3,0.1,0.03)")
        List<Double> eps = new ArrayList<>(List.of(1.0, 0.3, 0.1, 0.03));

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key (repeatable)")
        List<String> sets = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR", description = "study directory (default: <execution.out>/"
                + "<config name>-timescales-<timestamp>)")
        Path out;

        @Option(names = "--band", paramLabel = "DELTA", description = "plateau rule: relative band (default "
                + RiskCurves.DEFAULT_BAND + ")")
        double band = RiskCurves.DEFAULT_BAND;

        @Option(names = "--span", paramLabel = "F", description = "plateau rule: minimal time factor (default "
                + RiskCurves.DEFAULT_SPAN + ")")
        double span = RiskCurves.DEFAULT_SPAN;

        @Option(names = "--master", paramLabel = "M", description = "Spark master (default: local[*] in-process)")
        String master;

        @Override
        public Integer call() {
            Config c = ConfigLoader.load(conf, sets);
            ExecutionParams exec = ExecutionParams.fromConfig(c);
            for (double e : eps) {
                TimescalesStudy.paramsFor(c, e);
            }
            Path dir = out != null ? out : Path.of(exec.out(), conf.getFileName().toString()
                    .replaceAll("\\.conf$", "") + "-timescales-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            var spark = SparkSessions.create(master, false);
            new TimescalesStudy(spark, study.main.out(), band, span).run(c, exec, eps, dir);
            return 0;
        }
    }
}
