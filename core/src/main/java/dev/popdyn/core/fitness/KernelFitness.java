package dev.popdyn.core.fitness;

import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.OperatorFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kernel(h)}: a population-level Nadaraya–Watson estimate of the fitness at each agent's λ (Nadaraya 1964,
 * Watson 1964; docs/design.md §1.1), computed by binning, in O(N) work and without an O(N²) loop.
 *
 * <p><b>Definition.</b> Map λ to normalised coordinates u ∈ [−1, 1]^D ({@code HyperDim.toUnit}). Axis k is cut into
 * B = ⌈2/h⌉ bins of width h; agent i lies in bin bᵢ with bᵢₖ = min(B − 1, ⌊(uᵢₖ + 1)/h⌋). The neighbourhood of
 * bin b is the set of the (at most) 3^D bins c with |cₖ − bₖ| ≤ 1 on every axis. With Sᶜ = Σ_{j in bin c} f_j and
 * nᶜ = |bin c| over the non-diverged agents (f = instant fitness),
 * <pre>  f̂ᵢ = Σ_{c ∈ N(bᵢ)} Sᶜ / Σ_{c ∈ N(bᵢ)} nᶜ,</pre>
 * i.e. a box kernel over the neighbouring bins, weighted by counts: every agent whose bin touches bᵢ's counts once.
 * Any agent within L∞ distance h of λᵢ (in u) is included and none farther than 2h, so the estimate's support is
 * between h and 2h wide per side. Diverged agents keep fitness −∞ and are not counted.
 *
 * <p><b>Canonical arithmetic</b> (bit-identical in the single-JVM engine and on Spark for any partitioning): Sᶜ is
 * summed in ascending agent id starting from 0.0; the neighbourhood sums run over the offsets o ∈ {−1, 0, 1}^D in
 * the fixed order of {@link #offset} (offset index t, digit k = ⌊t/3^k⌋ mod 3, minus 1), skipping bins outside
 * the box; then f̂ = S/n.
 *
 * <p><b>Limits.</b> If every pair of agents is more than 2h apart in some normalised coordinate, no two agents share
 * a neighbourhood and f̂ᵢ = fᵢ exactly ({@code instant}). For instant fitness f(λ) + noise of variance σ², a smooth f
 * and n agents in the neighbourhood, the bias is O(h²·f'') (O(h·f') near the box faces and where the agent sits off
 * its neighbourhood's centre) and the noise SE is σ/sqrt(n).
 *
 * <p>Immutable and thread-safe.
 */
public final class KernelFitness implements FitnessEstimator {
    /** {@code fitness.bandwidth}: h. */
    public static final Key.Real BANDWIDTH = new Key.Real("fitness.bandwidth", "h: bin width per axis in normalised "
            + "coordinates u ∈ [−1, 1] (kernel)", 0.1, 0.0, false, 2.0, true);
    /** The registry entry {@code kernel}. */
    public static final OperatorFactory<FitnessEstimator> FACTORY = OperatorFactory.of("kernel",
            "mean instant fitness over agents in the 3^dim λ-bins of width h around the agent's bin",
            List.of(BANDWIDTH), c -> new KernelFitness(c.resolve(BANDWIDTH), c.hyper()));

    private final double bandwidth;
    private final HyperSpace space;
    private final int bins;
    private final int dims;
    private final long[] stride;
    private final int offsets;

    /** The estimator with bandwidth h ∈ (0, 2] over the coordinates of {@code space}. */
    public KernelFitness(double bandwidth, HyperSpace space) {
        if (!(bandwidth > 0 && bandwidth <= 2)) {
            throw new IllegalArgumentException("bandwidth must be in (0, 2]: " + bandwidth);
        }
        this.bandwidth = bandwidth;
        this.space = space;
        this.dims = space.size();
        this.bins = (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(2.0 / bandwidth - 1e-12));
        this.stride = new long[dims];
        double total = 1;
        long s = 1;
        for (int k = 0; k < dims; k++) {
            stride[k] = s;
            s *= bins;
            total *= bins;
        }
        if (total > (double) (1L << 62)) {
            throw new IllegalArgumentException("bandwidth " + bandwidth + " gives " + bins + "^" + dims
                    + " bins, more than 2^62");
        }
        int o = 1;
        for (int k = 0; k < dims; k++) {
            o *= 3;
        }
        this.offsets = o;
    }

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public int historyLength() {
        return 1;
    }

    /** The instant value; the engine replaces it by {@link #complete} once the whole population is evaluated. */
    @Override
    public double estimate(double[] history, int off, int count, double[] hyper, int hoff) {
        return history[off + count - 1];
    }

    /** B = ⌈2/h⌉, bins per axis. */
    public int binsPerAxis() {
        return bins;
    }

    /** The number of neighbour offsets, 3^D. */
    public int offsets() {
        return offsets;
    }

    /** The bin key Σₖ bₖ·B^k of the agent with λ at {@code hyper[hoff ..]}. */
    public long bin(double[] hyper, int hoff) {
        long key = 0;
        for (int k = 0; k < dims; k++) {
            double u = space.dim(k).toUnit(hyper[hoff + k]);
            int b = (int) Math.floor((u + 1.0) / bandwidth);
            b = Math.max(0, Math.min(bins - 1, b));
            key += b * stride[k];
        }
        return key;
    }

    /**
     * The bin at offset index t ∈ [0, 3^D) from {@code bin} (offset digit k = ⌊t/3^k⌋ mod 3 − 1), or −1 when it
     * lies outside the box.
     */
    public long offset(long bin, int t) {
        long key = 0;
        int rest = t;
        for (int k = 0; k < dims; k++) {
            int o = rest % 3 - 1;
            rest /= 3;
            long b = (bin / stride[k]) % bins + o;
            if (b < 0 || b >= bins) {
                return -1;
            }
            key += b * stride[k];
        }
        return key;
    }

    /** A bin's sum of instant fitness (in ascending agent id from 0.0) and its count. Mutable. */
    public static final class BinSum {
        public double sum;
        public long count;
    }

    /**
     * Completes the estimate for a whole population held in arrays (index i = slot): {@code fitness[i]} becomes f̂ᵢ
     * for every slot with {@code ok[i]}; other slots are left alone. {@code instant[i]} is the instant fitness.
     */
    public void complete(long[] ids, double[] hyper, int h, boolean[] ok, double[] instant, double[] fitness,
            int n) {
        Integer[] order = new Integer[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            sorted &= i == 0 || ids[i - 1] < ids[i];
        }
        if (!sorted) {
            Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
        }
        long[] binOf = new long[n];
        Map<Long, BinSum> sums = new HashMap<>();
        for (int r = 0; r < n; r++) {
            int i = order[r];
            binOf[i] = bin(hyper, i * h);
            if (ok[i]) {
                BinSum s = sums.computeIfAbsent(binOf[i], x -> new BinSum());
                s.sum += instant[i];
                s.count++;
            }
        }
        Map<Long, Double> estimate = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (ok[i]) {
                fitness[i] = estimate.computeIfAbsent(binOf[i], b -> neighbourhood(b, sums));
            }
        }
    }

    private double neighbourhood(long b, Map<Long, BinSum> sums) {
        double s = 0.0;
        long c = 0;
        for (int t = 0; t < offsets; t++) {
            long nb = offset(b, t);
            BinSum x = nb < 0 ? null : sums.get(nb);
            if (x != null) {
                s += x.sum;
                c += x.count;
            }
        }
        return s / c;
    }
}
