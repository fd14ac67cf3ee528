package dev.popdyn.jobs.run;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Exact order statistics of the population's columns from per-partition sorted columns, with O(N/{@value #SAMPLE})
 * values on the driver (docs/design.md §2). A column is a set of keys (v, id), ordered by {@link Double#compare} on
 * v ({@link Arrays#sort}'s order, so a rank's value is that of the single-JVM engine's sort), then by agent id, so
 * every key is distinct:
 * <ul>
 *   <li>column 0: fitness of the non-diverged agents; column 1 + k: λ coordinate k of all agents;</li>
 *   <li>column 1 + h (truncation only): the ranking key {@link #truncationKey} of all agents, whose ascending order is
 *   {@link dev.popdyn.core.stats.Ranking}'s (fitness descending, NaN as −∞, ties by id ascending).</li>
 * </ul>
 * Each partition sorts its columns ({@link Layout#sorted}) and sends a {@link Sketch}: every {@value #SAMPLE}-th key
 * with its local rank, and its last key. From the sketches the driver brackets every wanted global rank r between
 * two sample keys lo ≤ x₍ᵣ₎ ≤ hi ({@link #queries}: #{keys &lt; lo} ≤ r by the samples' upper bounds,
 * #{keys ≤ hi} ≥ r + 1 by their lower bounds), so a bracket holds at most 2·{@value #SAMPLE} keys per partition. One
 * refinement pass then counts the keys below lo and gathers the keys inside each bracket on one executor, which
 * sorts them and reads x₍ᵣ₎ at position r − #{keys &lt; lo}. The result is exact: it equals sorting the column.
 * Stateless; the nested classes are immutable once built.
 */
final class RankSketch {
    /** Distance in local rank between the sample keys of a partition's sketch. */
    static final int SAMPLE = 1024;

    private RankSketch() {
    }

    /** Key order: {@link Double#compare} on the values, then agent ids. */
    static int compare(double v1, long id1, double v2, long id2) {
        int c = Double.compare(v1, v2);
        return c != 0 ? c : Long.compare(id1, id2);
    }

    /**
     * The truncation ranking key of a fitness f: −f, with NaN (which ranks as −∞) mapped to +∞ and −0.0 to 0.0
     * ({@link dev.popdyn.core.stats.Ranking#better} compares with {@code >}, so ±0 tie and fall back to the id).
     */
    static double truncationKey(double f) {
        return Double.isNaN(f) ? Double.POSITIVE_INFINITY : -f + 0.0;
    }

    /** A key of a column. */
    record Key(double v, long id) implements Serializable {
        int compareTo(double v2, long id2) {
            return compare(v, id, v2, id2);
        }
    }

    /** One partition's rows laid out by id (slot k holds agent lo + k): fitness, status and λ (h per agent). */
    static final class Layout {
        final long lo;
        final int size;
        final int h;
        /** Rows the partition actually held. */
        long rows;
        final double[] fitness;
        final byte[] status;
        final double[] hyper;

        private Layout(long lo, int size, int h) {
            this.lo = lo;
            this.size = size;
            this.h = h;
            this.fitness = new double[size];
            this.status = new byte[size];
            this.hyper = new double[size * h];
        }

        /** The rows of the partition holding ids [lo, hi). */
        static Layout of(Iterator<AgentRow> rows, long lo, long hi, int h) {
            Layout l = new Layout(lo, (int) (hi - lo), h);
            while (rows.hasNext()) {
                AgentRow r = rows.next();
                int k = (int) (r.getAgentId() - lo);
                l.rows++;
                l.fitness[k] = r.getFitness();
                l.status[k] = r.getStatus();
                System.arraycopy(r.getHyper(), 0, l.hyper, k * h, h);
            }
            return l;
        }

        boolean member(int column, int k) {
            return column != 0 || status[k] == 0;
        }

        double value(int column, int k) {
            if (column == 0) {
                return fitness[k];
            }
            return column <= h ? hyper[k * h + column - 1] : truncationKey(fitness[k]);
        }

        /** The slots of the column's members in key order (a stable merge sort of ascending slots by value). */
        int[] sorted(int column) {
            int n = 0;
            int[] a = new int[size];
            double[] v = new double[size];
            for (int k = 0; k < size; k++) {
                if (member(column, k)) {
                    v[k] = value(column, k);
                    a[n++] = k;
                }
            }
            a = Arrays.copyOf(a, n);
            int[] b = new int[n];
            for (int width = 1; width < n; width *= 2) {
                for (int from = 0; from < n; from += 2 * width) {
                    int mid = Math.min(from + width, n);
                    int to = Math.min(from + 2 * width, n);
                    int i = from;
                    int j = mid;
                    int k = from;
                    while (i < mid && j < to) {
                        b[k++] = Double.compare(v[a[j]], v[a[i]]) < 0 ? a[j++] : a[i++];
                    }
                    while (i < mid) {
                        b[k++] = a[i++];
                    }
                    while (j < to) {
                        b[k++] = a[j++];
                    }
                }
                int[] t = a;
                a = b;
                b = t;
            }
            return a;
        }

        /** Position of the first key ≥ (v, id) in {@code order} (a sorted column). */
        int lowerBound(int column, int[] order, double v, long id) {
            int from = 0;
            int to = order.length;
            while (from < to) {
                int mid = (from + to) >>> 1;
                if (compare(value(column, order[mid]), lo + order[mid], v, id) < 0) {
                    from = mid + 1;
                } else {
                    to = mid;
                }
            }
            return from;
        }

        /** The sketch of a sorted column: local ranks 0, {@value #SAMPLE}, 2·{@value #SAMPLE}, … and the last. */
        Sketch sketch(int column, int[] order) {
            int n = order.length;
            int every = n == 0 ? 0 : (n - 1) / SAMPLE + 1;
            int m = every + (n > 0 && (n - 1) % SAMPLE != 0 ? 1 : 0);
            long[] rank = new long[m];
            double[] v = new double[m];
            long[] id = new long[m];
            for (int j = 0; j < m; j++) {
                int at = j < every ? j * SAMPLE : n - 1;
                rank[j] = at;
                v[j] = value(column, order[at]);
                id[j] = lo + order[at];
            }
            return new Sketch(n, rank, v, id);
        }

        /** Keys of positions [from, to) of a sorted column, with {@code from} keys below them in this partition. */
        Chunk chunk(int column, int[] order, int from, int to) {
            double[] v = new double[to - from];
            long[] id = new long[to - from];
            for (int j = from; j < to; j++) {
                v[j - from] = value(column, order[j]);
                id[j - from] = lo + order[j];
            }
            return new Chunk(from, v, id);
        }
    }

    /** A partition's sample of one sorted column: n keys, of which those at local ranks {@code rank}. */
    record Sketch(long n, long[] rank, double[] v, long[] id) implements Serializable {
    }

    /** Keys of one query gathered from one partition, with the number of the partition's keys below them. */
    record Chunk(long below, double[] v, long[] id) implements Serializable {
    }

    /**
     * The sample keys of all partitions of a column in key order, each with an upper bound of the number of keys
     * below it ({@code under}) and a lower bound of the number of keys at or below it ({@code upTo}).
     */
    record Merged(double[] v, long[] id, long[] under, long[] upTo) {
        static Merged of(List<Sketch> parts) {
            int m = 0;
            for (Sketch s : parts) {
                m += s.v().length;
            }
            double[] v = new double[m];
            long[] id = new long[m];
            int at = 0;
            for (Sketch s : parts) {
                System.arraycopy(s.v(), 0, v, at, s.v().length);
                System.arraycopy(s.id(), 0, id, at, s.id().length);
                at += s.v().length;
            }
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> compare(v[x], id[x], v[y], id[y]));
            double[] sv = new double[m];
            long[] sid = new long[m];
            for (int i = 0; i < m; i++) {
                sv[i] = v[order[i]];
                sid[i] = id[order[i]];
            }
            long[] under = new long[m];
            long[] upTo = new long[m];
            for (Sketch s : parts) {
                int below = 0;
                for (int i = 0; i < m; i++) {
                    while (below < s.v().length && compare(s.v()[below], s.id()[below], sv[i], sid[i]) < 0) {
                        below++;
                    }
                    int atOrBelow = below < s.v().length && s.v()[below] == sv[i] && s.id()[below] == sid[i]
                            ? below + 1 : below;
                    under[i] += below < s.v().length ? s.rank()[below] : s.n();
                    upTo[i] += atOrBelow == 0 ? 0 : s.rank()[atOrBelow - 1] + 1;
                }
            }
            return new Merged(sv, sid, under, upTo);
        }

        /** The largest sample key with at most r keys below it, or null (the column's start). */
        Key lower(long r) {
            Key k = null;
            for (int i = 0; i < v.length && under[i] <= r; i++) {
                k = new Key(v[i], id[i]);
            }
            return k;
        }

        /** The first sample index whose key has at least r + 1 keys at or below it (v.length if none). */
        int upperIndex(long r) {
            int i = 0;
            while (i < v.length && upTo[i] < r + 1) {
                i++;
            }
            return i;
        }

        /** The smallest sample key with at least r + 1 keys at or below it, or null (the column's end). */
        Key upper(long r) {
            int i = upperIndex(r);
            return i < v.length ? new Key(v[i], id[i]) : null;
        }
    }

    /** The keys of ranks {@code ranks} of column {@code column} lie in [lo, hi] (null: open end). */
    record Query(int column, Key lo, Key hi, long[] ranks) implements Serializable {
    }

    /**
     * Queries for the given ranks of one column (ascending, distinct), overlapping brackets merged so every key
     * travels at most once per column.
     */
    static List<Query> queries(int column, Merged m, long[] ranks) {
        List<Query> out = new ArrayList<>();
        Key lo = null;
        Key hi = null;
        List<Long> rs = new ArrayList<>();
        for (long r : ranks) {
            Key l = m.lower(r);
            Key u = m.upper(r);
            if (!rs.isEmpty() && (hi == null || l == null || l.compareTo(hi.v(), hi.id()) <= 0)) {
                hi = u;
                rs.add(r);
                continue;
            }
            if (!rs.isEmpty()) {
                out.add(new Query(column, lo, hi, rs.stream().mapToLong(Long::longValue).toArray()));
            }
            lo = l;
            hi = u;
            rs = new ArrayList<>(List.of(r));
        }
        if (!rs.isEmpty()) {
            out.add(new Query(column, lo, hi, rs.stream().mapToLong(Long::longValue).toArray()));
        }
        return out;
    }

    /** One partition's chunk of a query: its keys in [lo, hi] and the number of its keys below lo. */
    static Chunk gather(Layout l, int[] order, Query q) {
        int from = q.lo() == null ? 0 : l.lowerBound(q.column(), order, q.lo().v(), q.lo().id());
        int to = q.hi() == null ? order.length : l.lowerBound(q.column(), order, q.hi().v(), q.hi().id() + 1);
        return l.chunk(q.column(), order, from, to);
    }

    /** The keys of a query's ranks from all partitions' chunks: sorted, read at r − #{keys below lo}. */
    static Key[] resolve(Query q, Iterable<Chunk> chunks) {
        long below = 0;
        int m = 0;
        for (Chunk c : chunks) {
            below += c.below();
            m += c.v().length;
        }
        double[] v = new double[m];
        long[] id = new long[m];
        int at = 0;
        for (Chunk c : chunks) {
            System.arraycopy(c.v(), 0, v, at, c.v().length);
            System.arraycopy(c.id(), 0, id, at, c.id().length);
            at += c.v().length;
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> compare(v[x], id[x], v[y], id[y]));
        Key[] out = new Key[q.ranks().length];
        for (int j = 0; j < out.length; j++) {
            int i = order[(int) (q.ranks()[j] - below)];
            out[j] = new Key(v[i], id[i]);
        }
        return out;
    }
}
