package dev.popdyn.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession shared by every Spark test in the JVM ({@code local[2]}, UI off, loopback), created on first
 * use and stopped by the JVM shutdown hook Spark installs.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("popdyn-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
        }
        return session;
    }
}
