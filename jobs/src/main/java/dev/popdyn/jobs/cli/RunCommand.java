package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.SparkSessions;
import dev.popdyn.jobs.run.Runner;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code popdyn run CONF}: validates, then runs an experiment into a new run directory with progress lines. */
@Command(name = "run", description = "Run an experiment into a new run directory; prints one line per generation.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONF", description = "experiment config (HOCON)")
    Path conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "run directory to create, a path or a URI such as hdfs://host:port/dir (default: "
            + "<execution.out>/<config name>-<timestamp>)")
    String out;

    @Option(names = "--master", paramLabel = "M", description = "Spark master (default: local[*] in-process, or "
            + "the one spark-submit sets)")
    String master;

    @Option(names = "--partitions", paramLabel = "P", description = "Spark partitions (overrides "
            + "execution.partitions)")
    Integer partitions;

    @Option(names = "--until", paramLabel = "G", description = "stop after committing generation G (continue "
            + "later with resume)")
    Integer until;

    @Override
    public Integer call() {
        int stop = Common.until(until);
        Common.checkPartitions(partitions);
        Common.Loaded l = Common.load(conf, sets, () -> SparkSessions.create(master, false));
        var exec = partitions != null ? l.exec().withPartitions(partitions) : l.exec();
        StoragePath dir = Common.outDir(out, exec, conf.getFileName().toString().replaceAll("\\.conf$", "")
                + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Runner.checkNewRunTarget(dir, l.params());
        var spark = SparkSessions.create(master, false);
        new Runner(spark, main.out()).run(l.params(), exec, dir, stop);
        return 0;
    }
}
