package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.SparkSessions;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunIntegrity;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn verify RUN}: checks every Parquet file of every committed generation against the SHA-256 its
 * {@code _committed/G} marker records ({@link RunIntegrity#verifyFully}; the digests are computed on the executors,
 * where the bytes are). Exit 0 and one summary line when intact; otherwise one {@code error:} line naming the
 * generation and file, exit 2.
 */
@Command(name = "verify", description = "Check the SHA-256 of every committed Parquet file of a run against its "
        + "commit markers (computed on the executors); names the first corrupt file.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory (a path or a URI)")
    String dir;

    @Option(names = "--master", paramLabel = "M", description = "Spark master")
    String master;

    @Override
    public Integer call() {
        StoragePath run = Common.dir("RUN_DIR", dir);
        if (!RunDirectory.isRun(run)) {
            throw new UserError(run + ": not a run directory (no " + RunDirectory.RUN_JSON + ")");
        }
        RunDirectory rd = new RunDirectory(run);
        RunManifest.read(rd);
        SparkSession spark = SparkSessions.create(master, false);
        int files = RunIntegrity.verifyFully(spark, rd);
        main.out().println("intact: " + run + " (" + rd.committedGenerations().size() + " committed generations, "
                + files + " files checked)");
        return 0;
    }
}
