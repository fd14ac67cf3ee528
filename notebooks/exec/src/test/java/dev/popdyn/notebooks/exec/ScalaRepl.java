package dev.popdyn.notebooks.exec;

import java.io.PrintWriter;
import java.io.StringWriter;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * A Scala 2.13 interpreter ({@link IMain}, compiling against this JVM's classpath, class-based wrappers as in
 * spark-shell) prepared like Zeppelin's Spark interpreter: {@code spark} and {@code sc} bound to the active session
 * and its default imports ({@code spark.implicits._}, {@code spark.sql}, {@code org.apache.spark.sql.functions._}).
 * Not thread-safe.
 */
final class ScalaRepl implements AutoCloseable {
    private final StringWriter log = new StringWriter();
    private final IMain imain;

    ScalaRepl() {
        Settings settings = new Settings();
        settings.processArgumentString("-usejavacp -Yrepl-class-based");
        imain = new IMain(settings, new ReplReporterImpl(settings, new PrintWriter(log, true)));
        for (String line : new String[] {
            "val spark = org.apache.spark.sql.SparkSession.active",
            "val sc = spark.sparkContext",
            "import org.apache.spark.SparkContext._",
            "import spark.implicits._",
            "import spark.sql",
            "import org.apache.spark.sql.functions._"}) {
            run(line);
        }
    }

    /**
     * Runs a paragraph's code as one REPL input (as spark-shell's {@code :paste} does); throws an AssertionError with
     * the compiler's or the code's messages when it fails or is incomplete.
     */
    void run(String code) {
        int mark = log.getBuffer().length();
        Results.Result result = imain.interpret(code);
        if (result != Results.Success$.MODULE$) {
            throw new AssertionError("scala " + result + " in:\n" + code + "\n" + log.getBuffer().substring(mark));
        }
    }

    /** What the interpreter printed (results and messages). */
    String log() {
        return log.toString();
    }

    @Override
    public void close() {
        imain.close();
    }
}
