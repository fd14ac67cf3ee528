package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.jobs.UserError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import picocli.CommandLine.ParameterException;

/**
 * Maps what a command threw to the process exit code (docs/design.md §3, docs/errors.md): bad input
 * ({@link InvalidConfigException}, {@link UserError}, anywhere in the cause chain, or unparseable arguments) prints
 * one line {@code error: <key>: <what is wrong> (<allowed>)} and gives {@value #BAD_INPUT}; exhausted resources
 * (out of memory, no space left on the device, an HDFS quota) give {@value #RESOURCES} and other I/O failures
 * {@value #IO}, each as one {@code error:} line with the fix; anything else is a bug, printed with its stack trace,
 * and gives {@value #FAILED}. {@code --verbose} adds the stack trace to every error. Stateless and thread-safe.
 */
final class ExitCodes {
    /** Exit code of bad input: nothing was written. */
    static final int BAD_INPUT = 2;
    /** Exit code of an unexpected failure (a bug). */
    static final int FAILED = 1;
    /** Exit code of exhausted memory, disk space or quota: committed generations are intact, resume after the fix. */
    static final int RESOURCES = 4;
    /** Exit code of an I/O failure (file system unreachable, read-only, permission denied while writing). */
    static final int IO = 5;

    private ExitCodes() {
    }

    /** Prints the error of {@code e} and returns its exit code; with {@code verbose} also its stack trace. */
    static int handle(Throwable e, PrintStream err, boolean verbose) {
        int code;
        String line;
        Throwable bad = find(e, InvalidConfigException.class, UserError.class);
        if (bad != null) {
            code = BAD_INPUT;
            line = bad.getMessage();
        } else if (outOfMemory(e)) {
            code = RESOURCES;
            line = "out of memory (" + firstLine(find(e, OutOfMemoryError.class, Throwable.class)) + "); give the "
                    + "driver more memory (POPDYN_DRIVER_MEMORY=8g bin/popdyn …, or spark-submit --driver-memory), "
                    + "or use a smaller population or more partitions, then continue with 'popdyn resume RUN_DIR' "
                    + "(a run that committed no generation left nothing: start it again)";
        } else if (noSpace(e) != null) {
            code = RESOURCES;
            line = "no space left: " + firstLine(noSpace(e)) + "; free space or raise the quota, then continue with "
                    + "'popdyn resume RUN_DIR' (committed generations are intact; a run that committed none left "
                    + "nothing: start it again)";
        } else if (find(e, IOException.class, UncheckedIOException.class) != null) {
            code = IO;
            line = "I/O failure: " + firstLine(find(e, UncheckedIOException.class, IOException.class)) + "; check "
                    + "that the file system is reachable and writable, then continue with 'popdyn resume RUN_DIR'";
        } else {
            err.println("error: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
        err.println("error: " + line);
        if (verbose) {
            e.printStackTrace(err);
        }
        return code;
    }

    /** Prints an argument that picocli could not parse as one line and returns {@value #BAD_INPUT}. */
    static int badArguments(ParameterException e, PrintStream err) {
        err.println("error: " + e.getMessage().strip().replace('\n', ' ') + " (see popdyn --help)");
        return BAD_INPUT;
    }

    /** The first throwable in the cause chain of one of the types, in the order given per link; null if none. */
    @SafeVarargs
    private static Throwable find(Throwable e, Class<? extends Throwable>... types) {
        for (Class<? extends Throwable> type : types) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    /**
     * An {@link OutOfMemoryError} in the chain, or a Spark task failure that reports one (a task's error reaches the
     * driver as text inside a {@code SparkException}).
     */
    private static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError
                    || String.valueOf(t.getMessage()).contains("java.lang.OutOfMemoryError")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The link that reports a full device or an exceeded quota: "No space left on device" (ENOSPC), HDFS's
     * {@code DSQuotaExceededException}/{@code NSQuotaExceededException} (also as a remote exception's class name or
     * in a Spark task failure's text), {@code DiskErrorException} "out of space"; null if none.
     */
    private static Throwable noSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = (t.getClass().getName() + " " + t.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("no space left on device") || text.contains("quotaexceeded")
                    || text.contains("quota is exceeded") || text.contains("disk quota exceeded")) {
                return t;
            }
        }
        return null;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
