package dev.popdyn.core.stats;

import java.util.Arrays;

/**
 * Ranks agents by fitness, best first, ties broken by agent id ascending (docs/design.md §1.2). A stable LSD radix
 * sort (8 passes of one byte, skipped when every key shares the byte) of indices by a 64-bit key whose unsigned
 * ascending order is fitness descending under {@link #better}: NaN as −∞, −0 as +0. O(n), no boxing, no comparisons;
 * starting from index order, stability breaks ties by index. Stateless and thread-safe.
 */
public final class Ranking {
    private Ranking() {
    }

    /** Agent indices ordered by fitness descending, then index ascending. NaN is treated as −∞. */
    public static int[] byFitnessDescending(double[] fitness, int n) {
        long[] key = new long[n];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            key[i] = descendingKey(fitness[i]);
            idx[i] = i;
        }
        long[] key2 = new long[n];
        int[] idx2 = new int[n];
        int[] start = new int[257];
        for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE) {
            Arrays.fill(start, 0);
            for (int i = 0; i < n; i++) {
                start[digit(key[i], shift) + 1]++;
            }
            if (n == 0 || start[digit(key[0], shift) + 1] == n) {
                continue;
            }
            for (int d = 0; d < 256; d++) {
                start[d + 1] += start[d];
            }
            for (int i = 0; i < n; i++) {
                int at = start[digit(key[i], shift)]++;
                key2[at] = key[i];
                idx2[at] = idx[i];
            }
            long[] tk = key;
            key = key2;
            key2 = tk;
            int[] ti = idx;
            idx = idx2;
            idx2 = ti;
        }
        return idx;
    }

    /**
     * A key whose unsigned ascending order is {@code f} descending, with NaN ranked as −∞ and −0 as +0 (the order of
     * {@link #better}): the IEEE bits with the sign bit flipped for non-negative values and all bits flipped for
     * negative ones order doubles ascending as unsigned integers; their complement orders them descending.
     */
    static long descendingKey(double f) {
        double x = Double.isNaN(f) ? Double.NEGATIVE_INFINITY : f == 0 ? 0.0 : f;
        long bits = Double.doubleToRawLongBits(x);
        return ~(bits ^ ((bits >> 63) | Long.MIN_VALUE));
    }

    private static int digit(long key, int shift) {
        return (int) (key >>> shift) & 0xFF;
    }

    /** Strictly better fitness (NaN counts as −∞). */
    public static boolean better(double x, double y) {
        double xx = Double.isNaN(x) ? Double.NEGATIVE_INFINITY : x;
        double yy = Double.isNaN(y) ? Double.NEGATIVE_INFINITY : y;
        return xx > yy;
    }
}
