package dev.popdyn.core.select;

import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.OperatorFactory;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import dev.popdyn.core.stats.Canonical;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code boltzmann(α, ν)}: each agent is replaced with probability ν (diverged agents always); its donor is drawn
 * from the whole population with probability wⱼ/Z, wⱼ = exp(α(fⱼ − max f)), diverged agents having weight 0. With
 * ν = 1 this is multinomial resampling, the discrete replicator step ρ ← ρ e^{αf}/Z (docs/design.md §1.5).
 *
 * <p>The draw is an inverse CDF over the weights in canonical order ({@link Canonical}): recipient i draws
 * {@code u} then target = u·Z from {@code Streams.of(seed, g, i, SELECT)} (first a coin for replacement, then u),
 * finds its block by binary search over the block prefix sums and scans that block in id order. Any engine that
 * sums the same blocks in the same order picks the same donor. Immutable and thread-safe.
 */
public final class BoltzmannSelection implements Selection {
    /** {@code selection.alpha}: α. */
    public static final Key.Real ALPHA = new Key.Real("selection.alpha", "α: donor drawn ∝ exp(α f) (boltzmann)",
            1.0, 0.0, false, Double.POSITIVE_INFINITY, true);
    /** {@code selection.rate}: ν. */
    public static final Key.Real RATE = new Key.Real("selection.rate", "ν: probability that an agent is replaced "
            + "(boltzmann; 1 = full multinomial resampling)", 1.0, 0.0, true, 1.0, false);
    /** The registry entry {@code boltzmann}. */
    public static final OperatorFactory<Selection> FACTORY = OperatorFactory.of("boltzmann", "boltzmann(α, ν)",
            List.of(ALPHA, RATE), c -> new BoltzmannSelection(c.resolve(ALPHA), c.resolve(RATE)));

    private final double alpha;
    private final double nu;

    public BoltzmannSelection(double alpha, double nu) {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be >= 0: " + alpha);
        }
        if (!(nu > 0 && nu <= 1)) {
            throw new IllegalArgumentException("rate must be in (0, 1]: " + nu);
        }
        this.alpha = alpha;
        this.nu = nu;
    }

    @Override
    public String name() {
        return "boltzmann";
    }

    public double alpha() {
        return alpha;
    }

    public double rate() {
        return nu;
    }

    /** The unnormalised weight exp(α(f − fmax)); 0 for a diverged agent or a non-finite fitness. */
    public double weight(double fitness, boolean diverged, double fmax) {
        if (diverged || !Double.isFinite(fitness)) {
            return 0.0;
        }
        return Math.exp(alpha * (fitness - fmax));
    }

    /**
     * The draw of agent {@code agentId}: NaN when kept, else the uniform u ∈ [0, 1) whose position u·Z in the
     * canonical cumulative weights names the donor.
     */
    public double draw(long seed, long generation, long agentId, boolean diverged) {
        SplittableRandom rng = Streams.of(seed, generation, agentId, Purpose.SELECT);
        boolean replaced = rng.nextDouble() < nu;
        double u = rng.nextDouble();
        return replaced || diverged ? u : Double.NaN;
    }

    @Override
    public double select(SelectionInput in, int[] donors) {
        int n = in.n();
        double fmax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (!in.diverged()[i] && in.fitness()[i] > fmax) {
                fmax = in.fitness()[i];
            }
        }
        double[] w = new double[n];
        double[] w2 = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = weight(in.fitness()[i], in.diverged()[i], fmax);
            w2[i] = w[i] * w[i];
        }
        double[] prefix = Canonical.prefix(Canonical.blockSums(w, n));
        double z = prefix[prefix.length - 1];
        double z2 = Canonical.prefix(Canonical.blockSums(w2, n))[prefix.length - 1];
        for (int i = 0; i < n; i++) {
            double u = draw(in.seed(), in.generation(), i, in.diverged()[i]);
            if (Double.isNaN(u) || !(z > 0)) {
                donors[i] = -1;
                continue;
            }
            double target = u * z;
            int b = Canonical.findBlock(prefix, target);
            donors[i] = Canonical.resolveInBlock(prefix[b], w, b * Canonical.BLOCK,
                    Math.min(n, (b + 1) * Canonical.BLOCK), target);
        }
        return z > 0 ? essFraction(z, z2, n) : Double.NaN;
    }

    /** ESS/N = (Σw)²/(N·Σw²) = 1/(N·Σŵ²) for normalised weights ŵ. */
    public static double essFraction(double sumW, double sumW2, long n) {
        return sumW * sumW / (sumW2 * n);
    }
}
