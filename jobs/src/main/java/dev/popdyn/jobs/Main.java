package dev.popdyn.jobs;

import dev.popdyn.jobs.cli.PopdynCommand;
import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code popdyn} command line (docs/design.md §3): the process entry point of {@code bin/popdyn} and of
 * {@code spark-submit --class dev.popdyn.jobs.Main}. The commands are the picocli tree {@link PopdynCommand}; bad input
 * prints one line {@code error: <key>: <what is wrong> (<allowed>)} and exits with code 2, having written nothing.
 * Not thread-safe (one invocation per process, or per {@link #execute} call).
 */
public final class Main {
    private Main() {
    }

    /** Runs the command line, stops the Spark session it may have started and exits with the command's code. */
    public static void main(String[] args) {
        int code = execute(args, System.out, System.err);
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        System.exit(code);
    }

    /** Runs the command line with the given streams and returns the exit code (the testable entry point). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return PopdynCommand.commandLine(out, err).execute(args);
    }
}
