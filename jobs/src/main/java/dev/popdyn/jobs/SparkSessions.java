package dev.popdyn.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the Spark session popdyn runs in: the master given on the command line, else the one set by
 * {@code spark-submit}, else in-process {@code local[*]} (the embedded default, no Spark distribution needed). The UI
 * is off unless asked for. Thread-safe (delegates to Spark's builder).
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** The master URL forms Spark itself accepts (SparkContext's cluster-manager patterns). */
    private static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
            "local(\\[(\\*|[1-9][0-9]*)(,\\s*[0-9]+)?])?|local-cluster\\[[0-9]+,\\s*[0-9]+,\\s*[0-9]+]"
                    + "|spark://\\S+|yarn|k8s://\\S+");

    /**
     * Refuses a {@code --master} that is no Spark master URL before Spark starts (Spark would log a stack trace
     * and fail); null is fine.
     */
    public static void checkMaster(String master) {
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new UserError("--master: '" + master + "' is not a Spark master URL (local, local[N], local[*], "
                    + "local[N,F], spark://HOST:PORT, yarn, k8s://HOST:PORT)");
        }
    }

    /** The session for {@code master} (null = spark-submit's or local[*]). */
    public static SparkSession create(String master, boolean ui) {
        return create(master, ui, java.util.Map.of());
    }

    /**
     * As {@link #create(String, boolean)}, with {@code defaults} applied unless {@code spark-submit} or a system
     * property already set them (e.g. {@code spark.scheduler.mode = FAIR} for sweeps). Core settings such as the
     * scheduler mode only take effect when this call starts the SparkContext; when it does, a line on stderr says
     * so (start-up takes seconds).
     */
    public static SparkSession create(String master, boolean ui, java.util.Map<String, String> defaults) {
        checkMaster(master);
        SparkConf conf = new SparkConf();
        SparkSession.Builder b = SparkSession.builder().appName("popdyn");
        if (master != null) {
            b.master(master);
        } else if (!conf.contains("spark.master")) {
            b.master("local[*]");
        }
        if (!conf.contains("spark.ui.enabled")) {
            b.config("spark.ui.enabled", Boolean.toString(ui));
        }
        if (!conf.contains("spark.driver.host") && System.getenv("SPARK_LOCAL_IP") != null) {
            b.config("spark.driver.host", System.getenv("SPARK_LOCAL_IP"));
        }
        b.config("spark.sql.session.timeZone", "UTC");
        if (SparkSession.getDefaultSession().isEmpty()) {
            System.err.println("popdyn: starting Spark (" + (master != null ? master
                    : conf.get("spark.master", "local[*]")) + ") …");
        }
        defaults.forEach((k, v) -> {
            if (!conf.contains(k)) {
                b.config(k, v);
            }
        });
        return b.getOrCreate();
    }
}
