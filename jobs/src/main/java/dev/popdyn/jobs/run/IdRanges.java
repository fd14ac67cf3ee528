package dev.popdyn.jobs.run;

import org.apache.spark.Partitioner;

/**
 * Where an agent lives on Spark: P partitions of contiguous agent-id ranges, partition p holding the ids
 * [⌈pN/P⌉, ⌈(p+1)N/P⌉), so that id ↦ ⌊id·P/N⌋. The population RDD keeps this placement for a whole run (the fast
 * phase and the exploit step are narrow: {@code mapPartitions} and {@code zipPartitions}); only the small
 * (recipient, donor) tables are shuffled to it with {@link #partition}. Immutable; equal for equal (N, P), as Spark
 * requires of a {@link Partitioner} to recognise co-partitioned data.
 */
final class IdRanges extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final long n;
    private final int parts;

    IdRanges(long n, int parts) {
        if (n < 1 || parts < 1) {
            throw new IllegalArgumentException("need n >= 1 and parts >= 1, got n = " + n + ", parts = " + parts);
        }
        this.n = n;
        this.parts = parts;
    }

    /** The population size N. */
    long n() {
        return n;
    }

    @Override
    public int numPartitions() {
        return parts;
    }

    @Override
    public int getPartition(Object key) {
        return partition((Long) key);
    }

    /** ⌊id·P/N⌋ for 0 ≤ id &lt; N. */
    int partition(long id) {
        if (id < 0 || id >= n) {
            throw new IllegalArgumentException("agent id " + id + " outside [0, " + n + ")");
        }
        return (int) (Math.multiplyExact(id, parts) / n);
    }

    /** First id of partition p: ⌈pN/P⌉ (p = P gives N). */
    long lo(int p) {
        return (Math.multiplyExact((long) p, n) + parts - 1) / parts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdRanges r && r.n == n && r.parts == parts;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(n) * 31 + parts;
    }
}
