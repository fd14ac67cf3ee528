package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.LazySpark;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunIntegrity;
import dev.popdyn.jobs.snapshot.RunManifest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn verify RUN}: checks every Parquet file of every committed generation against the SHA-256 its
 * {@code _committed/G} marker records ({@link RunIntegrity#verifyFully}; the digests are computed on the executors,
 * where the bytes are). Exit 0 and one summary line when intact; otherwise one {@code error:} line naming the
 * generation and file, exit 2. Picocli command object; not thread-safe.
 */
@Command(name = "verify", description = "Check the SHA-256 of every committed Parquet file of a run against its "
        + "commit markers (computed on the executors; in this JVM, without starting Spark, for an in-process master "
        + "such as local[*]); names the first corrupt file.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    PopdynCommand root;

    @Mixin
    RunDirArgument run;

    @Mixin
    SparkMaster master;

    @Override
    public Integer call() {
        RunDirectory rd = run.open();
        RunManifest.read(rd);
        LazySpark spark = master.lazy();
        int files = RunIntegrity.verifyFully(spark.inProcess() ? null : spark.get(), rd);
        root.out().println("intact: " + run.path() + " (" + rd.committedGenerations().size()
                + " committed generations, " + files + " files checked)");
        return 0;
    }
}
