package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.SparkSessions;
import dev.popdyn.jobs.report.RunReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code popdyn report RUN_DIR [--out FILE]}: a self-contained HTML report of a run's committed generations. */
@Command(name = "report", description = "Self-contained HTML report (plots embedded as PNG) of a run: fitness, "
        + "hyperparameter densities, selection diversity, exploits, the best agent's lineage, provenance.")
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory")
    Path dir;

    @Option(names = "--out", paramLabel = "FILE", description = "HTML file to write (default RUN_DIR/"
            + RunReport.DEFAULT_NAME + ")")
    Path out;

    @Option(names = "--master", paramLabel = "M", description = "Spark master")
    String master;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        SparkSession spark = SparkSessions.create(master, false);
        Path written = RunReport.write(spark, dir, out);
        main.out().println("report: " + written.toAbsolutePath().normalize());
        return 0;
    }
}
