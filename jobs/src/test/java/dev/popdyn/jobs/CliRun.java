package dev.popdyn.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the popdyn CLI in-process (the shared test session's Spark) and captures exit code, stdout and stderr. */
public final class CliRun {
    private CliRun() {
    }

    /** What one CLI invocation returned and printed. */
    public record Result(int code, String out, String err) {
    }

    public static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
