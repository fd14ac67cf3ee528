package dev.popdyn.core.stats;

/**
 * Ranks agents by fitness, best first, ties broken by agent id ascending (docs/design.md §1.2). A stable bottom-up merge
 * sort on primitive index arrays: O(n log n), no boxing. Stateless and thread-safe.
 */
public final class Ranking {
    private Ranking() {
    }

    /** Agent indices ordered by fitness descending, then index ascending. NaN is treated as −∞. */
    public static int[] byFitnessDescending(double[] fitness, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    if (better(fitness[a[j]], fitness[a[i]])) {
                        b[k++] = a[j++];
                    } else {
                        b[k++] = a[i++];
                    }
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /** Strictly better fitness (NaN counts as −∞). */
    public static boolean better(double x, double y) {
        double xx = Double.isNaN(x) ? Double.NEGATIVE_INFINITY : x;
        double yy = Double.isNaN(y) ? Double.NEGATIVE_INFINITY : y;
        return xx > yy;
    }
}
