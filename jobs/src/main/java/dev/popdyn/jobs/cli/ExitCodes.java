package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.jobs.UserError;
import java.io.PrintStream;
import picocli.CommandLine.ParameterException;

/**
 * Maps what a command threw to the process exit code (docs/design.md §3): bad input ({@link InvalidConfigException},
 * {@link UserError}, anywhere in the cause chain, or unparseable arguments) prints one line
 * {@code error: <key>: <what is wrong> (<allowed>)} and gives {@value #BAD_INPUT}; anything else is a bug or an
 * environment failure, printed with its stack trace, and gives {@value #FAILED}. Stateless and thread-safe.
 */
final class ExitCodes {
    /** Exit code of bad input: nothing was written. */
    static final int BAD_INPUT = 2;
    /** Exit code of an unexpected failure. */
    static final int FAILED = 1;

    private ExitCodes() {
    }

    /** Prints the error of {@code e} and returns its exit code. */
    static int handle(Exception e, PrintStream err) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof InvalidConfigException || t instanceof UserError) {
                err.println("error: " + t.getMessage());
                return BAD_INPUT;
            }
            t = t.getCause();
        }
        err.println("error: " + e);
        e.printStackTrace(err);
        return FAILED;
    }

    /** Prints an argument that picocli could not parse as one line and returns {@value #BAD_INPUT}. */
    static int badArguments(ParameterException e, PrintStream err) {
        err.println("error: " + e.getMessage().strip().replace('\n', ' ') + " (see popdyn --help)");
        return BAD_INPUT;
    }
}
