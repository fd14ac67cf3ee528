package dev.popdyn.core.stats;

/**
 * The canonical summation order that makes global sums independent of partitioning and thread count: agents are
 * grouped into fixed blocks of {@link #BLOCK} consecutive ids, each block is summed sequentially in id order, and
 * block sums are added sequentially in block order. Stateless and thread-safe.
 */
public final class Canonical {
    /** Agents per block. */
    public static final int BLOCK = 4096;

    private Canonical() {
    }

    /** The block of an agent id. */
    public static long block(long agentId) {
        return agentId / BLOCK;
    }

    /** Number of blocks for n agents. */
    public static int blocks(long n) {
        return (int) ((n + BLOCK - 1) / BLOCK);
    }

    /** Sequential sum of {@code values[from .. to)}. */
    public static double sum(double[] values, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += values[i];
        }
        return s;
    }

    /** Block sums of {@code values} (index = agent id). */
    public static double[] blockSums(double[] values, int n) {
        double[] out = new double[blocks(n)];
        for (int b = 0; b < out.length; b++) {
            out[b] = sum(values, b * BLOCK, Math.min(n, (b + 1) * BLOCK));
        }
        return out;
    }

    /** Exclusive prefix sums of block sums: {@code prefix[b]} = Σ_{b' < b} blockSums[b'], length blocks + 1. */
    public static double[] prefix(double[] blockSums) {
        double[] p = new double[blockSums.length + 1];
        for (int b = 0; b < blockSums.length; b++) {
            p[b + 1] = p[b] + blockSums[b];
        }
        return p;
    }

    /**
     * The block containing the cumulative position {@code target} ∈ [0, total): the largest b with
     * {@code prefix[b] <= target} among blocks with positive mass.
     */
    public static int findBlock(double[] prefix, double target) {
        int lo = 0;
        int hi = prefix.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (prefix[mid] <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        while (lo > 0 && prefix[lo + 1] == prefix[lo]) {
            lo--;
        }
        return lo;
    }

    /**
     * Inverse CDF inside one block: the first position k with {@code start + w[0] + … + w[k] > target}, summed in
     * order; falls back to the last positive weight when rounding leaves the target past the running sum.
     * Returns −1 when the block has no positive weight.
     */
    public static int resolveInBlock(double start, double[] weights, int from, int to, double target) {
        double c = start;
        int lastPositive = -1;
        for (int k = from; k < to; k++) {
            double w = weights[k];
            if (w > 0) {
                c += w;
                lastPositive = k;
                if (target < c) {
                    return k;
                }
            }
        }
        return lastPositive;
    }
}
