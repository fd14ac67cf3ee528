package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.report.RunReport;
import dev.popdyn.jobs.report.SweepReport;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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
    PopdynCommand root;

    @Mixin
    DirArgument input;

    @Option(names = "--out", paramLabel = "FILE", description = "HTML file to write, or a directory to "
            + "write " + RunReport.DEFAULT_NAME + " into (default DIR/" + RunReport.DEFAULT_NAME + "); a path or a "
            + "URI of any Hadoop file system")
    String out;

    @Mixin
    SparkMaster master;

    @Override
    public Integer call() {
        OutPath.check(out);
        System.setProperty("java.awt.headless", "true");
        SparkSession spark = master.session();
        StoragePath d = input.path();
        StoragePath target = out == null ? null : StoragePath.of("--out", out);
        StoragePath written = RunViews.isSweep(d) ? SweepReport.write(spark, d, target)
                : RunReport.write(spark, d, target);
        root.out().println("report: " + written);
        return 0;
    }
}
