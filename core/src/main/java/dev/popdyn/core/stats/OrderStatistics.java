package dev.popdyn.core.stats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact order statistics of large distributed columns with O(1) memory on the driver, by histogram refinement: a
 * search ({@link Query}) covers the values of one column in a closed interval [lo, hi], with a known number of
 * values below lo. One pass over the data fills a {@link Pass} per query — a histogram of {@value #BINS} equal-width
 * bins with each bin's count, minimum and maximum, or, when the query holds at most {@value #COLLECT_LIMIT} values,
 * the values themselves. {@link #refine} then resolves every rank whose bin holds one distinct value (min = max) or
 * whose values were collected, and narrows the others to their bin's [min, max], which contains exactly that bin's
 * values because the bin map is monotone. Typically two passes resolve all ranks; the result equals sorting the
 * column. Stateless; {@link Pass} is mutable and not thread-safe.
 */
public final class OrderStatistics {
    /** Bins per histogram. */
    public static final int BINS = 256;
    /** A query with at most this many values collects them instead of building a histogram. */
    public static final int COLLECT_LIMIT = 1024;

    private OrderStatistics() {
    }

    /**
     * Values of column {@code column} in [lo, hi]; {@code below} values of the column are smaller than lo and
     * {@code count} lie in the interval (−1 when unknown). {@code ranks} are 0-based ranks in the whole column.
     */
    public record Query(int column, double lo, double hi, long below, long count, long[] ranks)
            implements Serializable {
        /** Whether this pass collects the values (few enough) rather than building a histogram. */
        public boolean collects() {
            return count >= 0 && count <= COLLECT_LIMIT;
        }

        /** Whether {@code x} belongs to this query. */
        public boolean contains(double x) {
            return x >= lo && x <= hi;
        }

        /**
         * The histogram bin of {@code x} (monotone non-decreasing in x). The differences are taken of halves, which
         * cannot overflow for finite bounds (hi − lo would for bounds near ±{@link Double#MAX_VALUE}); halving is
         * exact for normal numbers, so the bins are the same as with (x − lo)/(hi − lo).
         */
        public int bin(double x) {
            if (!(hi > lo)) {
                return 0;
            }
            int b = (int) ((x / 2 - lo / 2) / (hi / 2 - lo / 2) * BINS);
            return Math.max(0, Math.min(BINS - 1, b));
        }
    }

    /** What one pass gathered for one query. Serializable; merge is commutative and associative. */
    public static final class Pass implements Serializable {
        private static final long serialVersionUID = 1L;
        final long[] count;
        final double[] min;
        final double[] max;
        double[] values;
        int size;

        public Pass(Query q) {
            if (q.collects()) {
                count = null;
                min = null;
                max = null;
                values = new double[16];
            } else {
                count = new long[BINS];
                min = new double[BINS];
                max = new double[BINS];
                Arrays.fill(min, Double.POSITIVE_INFINITY);
                Arrays.fill(max, Double.NEGATIVE_INFINITY);
            }
        }

        /** Adds one value (caller checked {@link Query#contains}). */
        public void add(Query q, double x) {
            if (count == null) {
                if (size == values.length) {
                    values = Arrays.copyOf(values, 2 * size);
                }
                values[size++] = x;
                return;
            }
            int b = q.bin(x);
            count[b]++;
            if (x < min[b]) {
                min[b] = x;
            }
            if (x > max[b]) {
                max[b] = x;
            }
        }

        /** Serialises only the filled part of the collected values (partial passes travel to the driver). */
        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            if (values != null && values.length > size) {
                values = Arrays.copyOf(values, Math.max(1, size));
            }
            out.defaultWriteObject();
        }

        /** Merges another pass of the same query into this one. */
        public Pass merge(Pass o) {
            if (count == null) {
                for (int i = 0; i < o.size; i++) {
                    if (size == values.length) {
                        values = Arrays.copyOf(values, 2 * size);
                    }
                    values[size++] = o.values[i];
                }
                return this;
            }
            for (int b = 0; b < BINS; b++) {
                count[b] += o.count[b];
                min[b] = Math.min(min[b], o.min[b]);
                max[b] = Math.max(max[b], o.max[b]);
            }
            return this;
        }
    }

    /** The queries that start a search for {@code ranks} of a column of n values lying in [min, max]. */
    public static Query start(int column, double min, double max, long n, long[] ranks) {
        return new Query(column, min, max, 0, n, ranks.clone());
    }

    /**
     * Uses one pass's results: puts resolved ranks into {@code resolved} (key {@link #key}) and returns the queries
     * still open.
     */
    public static List<Query> refine(List<Query> queries, List<Pass> passes, Map<Long, Double> resolved) {
        List<Query> next = new ArrayList<>();
        for (int k = 0; k < queries.size(); k++) {
            Query q = queries.get(k);
            Pass p = passes.get(k);
            if (p.count == null) {
                double[] v = Arrays.copyOf(p.values, p.size);
                Arrays.sort(v);
                for (long r : q.ranks()) {
                    resolved.put(key(q.column(), r), v[(int) (r - q.below())]);
                }
                continue;
            }
            Map<Integer, List<Long>> byBin = new HashMap<>();
            long[] cumBefore = new long[BINS];
            long c = q.below();
            for (int b = 0; b < BINS; b++) {
                cumBefore[b] = c;
                c += p.count[b];
            }
            for (long r : q.ranks()) {
                int b = 0;
                while (b < BINS - 1 && cumBefore[b + 1] <= r) {
                    b++;
                }
                if (p.min[b] == p.max[b]) {
                    resolved.put(key(q.column(), r), p.min[b]);
                } else {
                    byBin.computeIfAbsent(b, x -> new ArrayList<>()).add(r);
                }
            }
            for (Map.Entry<Integer, List<Long>> e : byBin.entrySet()) {
                int b = e.getKey();
                long[] rs = e.getValue().stream().mapToLong(Long::longValue).toArray();
                next.add(new Query(q.column(), p.min[b], p.max[b], cumBefore[b], p.count[b], rs));
            }
        }
        return next;
    }

    /** The key of (column, rank) in the resolved map. */
    public static long key(int column, long rank) {
        return ((long) column << 40) | rank;
    }
}
