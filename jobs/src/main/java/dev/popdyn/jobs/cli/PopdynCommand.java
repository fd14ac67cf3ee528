package dev.popdyn.jobs.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The picocli root command {@code popdyn} and its subcommands; {@link #commandLine} wires it to output streams and
 * to the exit codes of {@link ExitCodes}. Picocli command objects; not thread-safe.
 */
@Command(name = "popdyn", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "popdyn 0.1.0",
        description = "Populations of learning agents on two time scales (fast SGD/Langevin, slow "
                + "selection-mutation) on Spark.",
        subcommands = {RunCommand.class, ResumeCommand.class, ExplainCommand.class, ValidateCommand.class,
            QueryCommand.class, ReportCommand.class, SweepCommand.class, ReplayCommand.class,
            StudyCommand.class, ExportCommand.class, VerifyCommand.class, PruneCommand.class,
            CommandLine.HelpCommand.class})
public final class PopdynCommand implements Runnable {
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "print the stack trace "
            + "below an error line")
    boolean verbose;

    private PopdynCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command line writing to {@code out} and {@code err}; its {@code execute} returns the exit code. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new PopdynCommand(out, err));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        PopdynCommand root = cl.getCommand();
        cl.setExecutionExceptionHandler((e, c, r) -> ExitCodes.handle(e, err, root.verbose));
        cl.setExecutionStrategy(r -> {
            try {
                return new CommandLine.RunLast().execute(r);
            } catch (OutOfMemoryError | StackOverflowError e) {
                return ExitCodes.handle(e, err, root.verbose);
            }
        });
        cl.setParameterExceptionHandler((e, a) -> ExitCodes.badArguments(e, err));
        return cl;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }
}
