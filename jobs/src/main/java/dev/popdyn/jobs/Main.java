package dev.popdyn.jobs;

import dev.popdyn.core.params.InvalidConfigException;
import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code popdyn} command line (docs/design.md §3). Bad input prints one line {@code error: <key>: <what is wrong>
 * (<allowed>)} and exits with code 2, having written nothing. Runs unchanged under
 * {@code spark-submit --class dev.popdyn.jobs.Main}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = dev.popdyn.jobs.cli.Main.execute(args, System.out, System.err);
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        System.exit(code);
    }

    /** Maps an exception from a command to an exit code, printing the one-line error. */
    public static int handle(Exception e, PrintStream err) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof InvalidConfigException || t instanceof UserError) {
                err.println("error: " + t.getMessage());
                return 2;
            }
            t = t.getCause();
        }
        err.println("error: " + e);
        e.printStackTrace(err);
        return 1;
    }
}
