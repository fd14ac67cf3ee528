package dev.popdyn.jobs.run;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Counts the Spark jobs started under each job group (Spark's {@code spark.jobGroup.id} local property), so that
 * the cost of a generation in jobs can be printed next to its time (issue 18: a generation's fixed cost is its
 * number of jobs times the scheduler's latency). Listener events arrive on Spark's listener bus, asynchronously: a
 * count read right after the group's last job may lag by the events still queued, never exceed the truth. Jobs
 * started while the local property {@value #PHASE} is set are also counted under (group, phase):
 * {@link SparkEngine} marks the jobs of a generation's computation {@value #COMPUTE} and those of its snapshot
 * {@value #WRITE}. Thread-safe (the bus thread writes, any thread reads).
 */
final class JobCounter extends SparkListener {
    private static final String GROUP = "spark.jobGroup.id";
    /** The local property naming the engine phase of a job. */
    static final String PHASE = "popdyn.phase";
    /** Phase of the jobs that compute a generation (fast phase, statistics, selection, exploit and mutation). */
    static final String COMPUTE = "compute";
    /** Phase of the jobs that write and commit a generation. */
    static final String WRITE = "write";
    private final ConcurrentHashMap<String, AtomicInteger> started = new ConcurrentHashMap<>();

    /** A counter registered on {@code sc}; remove it with {@link #remove}. */
    static JobCounter on(SparkContext sc) {
        JobCounter c = new JobCounter();
        sc.addSparkListener(c);
        return c;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        String group = start.properties() == null ? null : start.properties().getProperty(GROUP);
        if (group != null) {
            started.computeIfAbsent(group, k -> new AtomicInteger()).incrementAndGet();
            String phase = start.properties().getProperty(PHASE);
            if (phase != null) {
                started.computeIfAbsent(group + "/" + phase, k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    /** Jobs started so far under {@code group}. */
    int jobs(String group) {
        AtomicInteger n = started.get(group);
        return n == null ? 0 : n.get();
    }

    /** Jobs started so far under {@code group} in {@code phase} ({@link #COMPUTE} or {@link #WRITE}). */
    int jobs(String group, String phase) {
        return jobs(group + "/" + phase);
    }

    /** Unregisters this counter from {@code sc}. */
    void remove(SparkContext sc) {
        sc.removeSparkListener(this);
    }
}
