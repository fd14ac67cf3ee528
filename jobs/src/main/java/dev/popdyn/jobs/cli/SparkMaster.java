package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.LazySpark;
import dev.popdyn.jobs.SparkSessions;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Picocli mixin: {@code --master}, and the Spark session it selects ({@link SparkSessions}). Not thread-safe. */
final class SparkMaster {
    @Option(names = "--master", paramLabel = "M", description = "Spark master (default: the one spark-submit sets, "
            + "else local[*] in-process)")
    String master;

    /** The session of {@code --master}, started when first needed ({@link LazySpark}). */
    LazySpark lazy() {
        SparkSessions.checkMaster(master);
        return LazySpark.of(master, this::session);
    }

    /** The session of {@code --master}. */
    SparkSession session() {
        return session(Map.of());
    }

    /**
     * The session of {@code --master} with {@code defaults} for settings nothing else sets. In-process masters
     * ({@code local…}) also get {@code spark.executor.killOnFatalError.depth = 0}: a task's {@link OutOfMemoryError}
     * then fails the job (one {@code error:} line, exit code 4, {@link ExitCodes}) instead of Spark's executor
     * calling {@code System.exit(52)} on the driver's own JVM.
     */
    SparkSession session(Map<String, String> defaults) {
        String m = master != null ? master : new SparkConf().get("spark.master", "local");
        if (!m.startsWith("local")) {
            return SparkSessions.create(master, false, defaults);
        }
        Map<String, String> all = new HashMap<>(defaults);
        all.putIfAbsent("spark.executor.killOnFatalError.depth", "0");
        return SparkSessions.create(master, false, all);
    }
}
