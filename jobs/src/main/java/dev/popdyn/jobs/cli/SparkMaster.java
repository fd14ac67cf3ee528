package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.LazySpark;
import dev.popdyn.jobs.SparkSessions;
import java.util.Map;
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
        return SparkSessions.create(master, false);
    }

    /** The session of {@code --master} with {@code defaults} for settings nothing else sets. */
    SparkSession session(Map<String, String> defaults) {
        return SparkSessions.create(master, false, defaults);
    }
}
