package dev.popdyn.jobs;

import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command, started only when something needs it: a run on the in-process engine
 * ({@code execution.engine = local}, or {@code auto} for a population that fits the driver) never starts Spark, so it
 * begins computing within a second of the JVM's start. Before Spark starts, {@link #inProcess} answers from the master
 * URL (the {@code --master} option, else spark-submit's {@code spark.master}, else the embedded {@code local[*]}) and
 * {@link #hadoopConf} is the configuration {@link StoragePath#conf} gives. Not thread-safe.
 */
public final class LazySpark {
    private final String master;
    private final Supplier<SparkSession> start;
    private SparkSession session;

    private LazySpark(String master, Supplier<SparkSession> start, SparkSession session) {
        this.master = master;
        this.start = start;
        this.session = session;
    }

    /** Starts {@code start}'s session on first use; {@code master} is the {@code --master} given (null if none). */
    public static LazySpark of(String master, Supplier<SparkSession> start) {
        return new LazySpark(master, start, null);
    }

    /** A session that is already running. */
    public static LazySpark started(SparkSession session) {
        return new LazySpark(session.sparkContext().master(), () -> session, session);
    }

    /** The session, started now if it is not yet. */
    public SparkSession get() {
        if (session == null) {
            session = start.get();
        }
        return session;
    }

    /** The session if it was started, else null. */
    public SparkSession ifStarted() {
        return session;
    }

    /**
     * Whether Spark's executors run inside this JVM ({@code local}, {@code local[N]}, {@code local[*]},
     * {@code local[N,F]}; not {@code local-cluster[…]} or a cluster URL).
     */
    public boolean inProcess() {
        if (session != null) {
            return session.sparkContext().isLocal();
        }
        String m = master != null ? master : new SparkConf().get("spark.master", "local[*]");
        return m.equals("local") || m.startsWith("local[");
    }

    /** The Hadoop configuration of the run directory's file system: Spark's when started, else {@link StoragePath#conf}. */
    public Configuration hadoopConf() {
        return session != null ? session.sparkContext().hadoopConfiguration() : StoragePath.conf();
    }

    /** The Spark version on the classpath (without starting Spark). */
    public static String sparkVersion() {
        return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }
}
