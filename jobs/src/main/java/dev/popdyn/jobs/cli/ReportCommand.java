package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.SparkSessions;
import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.report.RunReport;
import dev.popdyn.jobs.report.SweepReport;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn report DIR [--out FILE]}: a self-contained HTML report of a run's committed generations, or, on a
 * sweep directory (detected as by {@code popdyn query}), of the sweep's runs side by side.
 */
@Command(name = "report", description = "Self-contained HTML report (plots embedded as PNG). Of a run: fitness, "
        + "hyperparameter densities, selection diversity, exploits, the best agent's lineage, provenance. Of a sweep "
        + "directory: top-5 mean and mean fitness per generation of every run in one chart, hyperparameter clouds "
        + "after generations 2, G/2 and G per run, the runs table, provenance.")
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "DIR", description = "run directory or sweep directory")
    String dir;

    @Option(names = "--out", paramLabel = "FILE", description = "HTML file to write (default DIR/"
            + RunReport.DEFAULT_NAME + ")")
    String out;

    @Option(names = "--master", paramLabel = "M", description = "Spark master")
    String master;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        SparkSession spark = SparkSessions.create(master, false);
        StoragePath d = Common.dir("DIR", dir);
        StoragePath target = out == null ? null : StoragePath.of("--out", out);
        StoragePath written = RunViews.isSweep(d) ? SweepReport.write(spark, d, target)
                : RunReport.write(spark, d, target);
        main.out().println("report: " + written);
        return 0;
    }
}
