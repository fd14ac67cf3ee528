package dev.popdyn.jobs.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The picocli root command; {@link #execute} is the testable entry point (no System.exit). */
@Command(name = "popdyn", mixinStandardHelpOptions = true, version = "popdyn 0.1.0",
        description = "Populations of learning agents on two time scales (fast SGD/Langevin, slow "
                + "selection-mutation) on Spark.",
        subcommands = {RunCommand.class, ResumeCommand.class, ExplainCommand.class, ValidateCommand.class,
            QueryCommand.class, ReportCommand.class, SweepCommand.class, ReplayCommand.class,
            StudyCommand.class, ExportCommand.class, VerifyCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    private PrintStream out = System.out;
    private PrintStream err = System.err;

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

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        Main root = new Main();
        root.out = out;
        root.err = err;
        CommandLine cl = new CommandLine(root);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, c, r) -> dev.popdyn.jobs.Main.handle(e, err));
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("error: " + e.getMessage().strip().replace('\n', ' ') + " (see popdyn --help)");
            return 2;
        });
        return cl.execute(args);
    }
}
